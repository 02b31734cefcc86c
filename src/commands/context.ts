import { Settings } from '../config/settings.js'
import { KubeApi } from '../platform/kube-api.js'
import { Clock } from '../platform/clock.js'
import { CommandRunner } from '../platform/command-runner.js'
import { HttpClient } from '../platform/http-client.js'
import { Logger } from '../platform/logger.js'
import { MetricProvider } from '../metrics/metric-provider.js'
import { ProviderType } from '../metrics/metric-spec.js'
import { CommitStatusReporter } from '../state/commit-status.js'
import { Report } from '../report/report.js'
import { TrafficRouter } from '../routers/traffic-router.js'
import { StateStore } from '../state/state-store.js'

/** Everything a command may touch; built once by run.ts, faked in unit tests. */
export interface CommandContext {
  settings: Settings
  router: TrafficRouter
  store: StateStore
  runner: CommandRunner
  http: HttpClient
  clock: Clock
  log: Logger
  report: Report
  /** The metric provider for each gate type (canary analysis). */
  providers: (type: ProviderType) => MetricProvider
  /** Commit statuses (a no-op outside GitHub or with commit-status: false). */
  statuses: CommitStatusReporter
  /** Who runs this (GitHub actor or local user), and a link to the run when there is one. */
  actor: string
  /** Workflow run id; '' outside Actions. */
  runId: string
  runUrl: string
  /** Local runs: host:pid (recorded so a dead process does not hold the lease); '' in Actions. */
  process: string
  /** The Kubernetes API, when the service runs there (Kubernetes router or kubernetes-image). */
  kube?: KubeApi
}
