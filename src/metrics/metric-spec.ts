import { Argv } from '../platform/command-runner.js'

export type ProviderType = 'http' | 'prometheus' | 'command' | 'webhook' | 'nginx-log' | 'haproxy'

/** What the http probe reports. */
export type HttpStatistic = 'error-rate' | 'p50' | 'p95' | 'p99'

/** What a gate does when it cannot tell (no data, or the provider failed). */
export type UnsureAction = 'pause' | 'abort' | 'pass'

/** One gate of a canary step, as the user wrote it (config/parse-metrics.ts). */
export interface MetricSpec {
  name: string
  provider: ProviderType
  /** http: the statistic; prometheus: the PromQL query; command: unused; webhook: unused. */
  query: string
  /** http: canary (the new version alone) or load-balancer (through the probe URL). */
  target: 'canary' | 'load-balancer'
  /** http: requests per second the probe sends. */
  rate: number
  /** http / webhook: URL (http: a path on the canary, or a full URL). */
  url: string
  /** http: several paths on the canary, weighted (empty: url, or /). */
  paths: readonly { path: string; weight: number }[]
  /** nginx-log: only requests under this path ('' = all). */
  path: string
  /** command: the program and its arguments. */
  command?: Argv
  /** Pass while value ≤ max / ≥ min. Latency in milliseconds, rates as fractions (0.01 = 1%). */
  max?: number
  min?: number
  /** Failed measurements tolerated in a step before the gate fails. */
  failureLimit: number
  /** Provider errors in a row tolerated before the gate gives up (then onError). */
  consecutiveErrorLimit: number
  onNoData: UnsureAction
  onError: Exclude<UnsureAction, 'pass'>
  /** baseline: judge the canary against the stable version with the sequential counts test. */
  compare: 'none' | 'baseline'
  /** compare: the false-abort rate the user accepts, however often the gate looks. */
  alpha: number
  /** compare: abort only when the canary is worse by more than this (relative, and absolute fraction). */
  toleranceRelative: number
  toleranceAbsolute: number
  /** compare, http latency: "slow" means slower than this (ms); undefined: the baseline's p95 measured just before the step. */
  latencyThresholdMs?: number
  /** compare, prometheus: requests and events per version over {{window}}, and the label that names the version. */
  requestsQuery: string
  eventsQuery: string
  versionLabel: string
  /** compare: errors (lower-is-better) or a business rate, where fewer events is worse. */
  direction: 'lower-is-better' | 'higher-is-better'
}

/** One reading of a metric. Backend failures are data (`error`), never exceptions. */
export interface Measurement {
  /** ok: a value (or a pass/fail from a command or webhook); no-data: nothing to judge; error: the provider failed. */
  phase: 'ok' | 'no-data' | 'error'
  value?: number
  /** For providers that judge themselves (command exit code, webhook status). */
  passed?: boolean
  message: string
  /** compare gates: requests and events (errors, or slow answers) per version in the window. */
  counts?: {
    canary: { requests: number; events: number }
    baseline: { requests: number; events: number }
  }
  /** Latency compare gates: what "slow" meant in this window (ms). */
  latencyThresholdMs?: number
  /** Where that L came from, when not "the baseline's p99 before" (an SLO is named by the spec). */
  latencyThresholdSource?: string
  /** http probe only: what it sent, for the summary. */
  requests?: number
  errorRate?: number
  p95Ms?: number
}

/** A Prometheus query over {{window}} (increase/rate), not a cumulative counter. Pure. */
export function usesWindow(query: string): boolean {
  return /\{\{\s*window\s*\}\}/.test(query)
}
