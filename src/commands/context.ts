import { Settings } from '../config/settings.js'
import { Clock } from '../platform/clock.js'
import { CommandRunner } from '../platform/command-runner.js'
import { HttpClient } from '../platform/http-client.js'
import { Logger } from '../platform/logger.js'
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
  /** Who runs this (GitHub actor or local user), and a link to the run when there is one. */
  actor: string
  runUrl: string
}
