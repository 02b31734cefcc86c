import { Measurement, MetricSpec, ProviderType } from './metric-spec.js'

/** One side of a window; `addresses` lists every instance where the color is a pool. */
export interface WindowSide {
  color: string
  version: string
  address: string
  addresses?: readonly string[]
}

/** Where a measurement window sits: which version is which, and how long it lasts. */
export interface MeasureWindow {
  windowMs: number
  environment: string
  /** The new version: a canary's color, or one instance of a rolling batch. */
  canary: WindowSide
  stable: WindowSide
  /** The canary's share of traffic during the window, in percent. */
  weight: number
  /** Latency compare gates: "slow" means slower than this, fixed before the step (ms). */
  latencyThresholdMs?: number
}

/** Measures. Backend failures are data (phase 'error'), never thrown. */
export interface MetricProvider {
  readonly type: ProviderType
  /** Resolves when the window is over (or `signal` aborts), with what it saw. */
  measure(metric: MetricSpec, window: MeasureWindow, signal: AbortSignal): Promise<Measurement>
}

export function errorMeasurement(error: unknown): Measurement {
  return { phase: 'error', message: (error as Error).message || String(error) }
}
