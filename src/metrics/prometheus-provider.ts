import { HttpClient } from '../platform/http-client.js'
import { errorMeasurement, MeasureWindow, MetricProvider, waitWindow } from './metric-provider.js'
import { Measurement, MetricSpec } from './metric-spec.js'

const QUERY_TIMEOUT_MS = 5000

/**
 * A PromQL query at the end of each window, with the window and both versions filled in:
 * {{window}} (e.g. 30s), {{canary_version}}, {{stable_version}}, {{canary_color}},
 * {{stable_color}}. An empty result is "no data" — not zero, and not a pass.
 */
export class PrometheusProvider implements MetricProvider {
  readonly type = 'prometheus'
  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string
  ) {}

  async measure(
    metric: MetricSpec,
    window: MeasureWindow,
    signal: AbortSignal
  ): Promise<Measurement> {
    await waitWindow(window.windowMs, signal)
    const query = fillQuery(metric.query, window)
    try {
      const response = await this.http.get(
        `${this.baseUrl.replace(/\/$/, '')}/api/v1/query?query=${encodeURIComponent(query)}`,
        QUERY_TIMEOUT_MS
      )
      return readResult(response.status, response.body)
    } catch (error) {
      return errorMeasurement(
        new Error(`Prometheus at ${this.baseUrl}: ${(error as Error).message}`)
      )
    }
  }
}

export function fillQuery(query: string, window: MeasureWindow): string {
  const values: Record<string, string> = {
    window: `${Math.max(1, Math.round(window.windowMs / 1000))}s`,
    canary_version: window.canary.version,
    stable_version: window.stable.version,
    canary_color: window.canary.color,
    stable_color: window.stable.color
  }
  return query.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole)
}

/** Reads a /api/v1/query answer. Pure. */
export function readResult(status: number, body: string): Measurement {
  let parsed: { status?: string; error?: string; data?: { resultType?: string; result?: unknown } }
  try {
    parsed = JSON.parse(body)
  } catch {
    return { phase: 'error', message: `Prometheus answered ${status} with a body that is not JSON` }
  }
  if (status !== 200 || parsed.status !== 'success')
    return {
      phase: 'error',
      message: `Prometheus answered ${status}: ${parsed.error ?? 'no error given'}`
    }
  const { resultType, result } = parsed.data ?? {}
  let raw: string | undefined
  if (resultType === 'scalar') raw = (result as [number, string])[1]
  else if (resultType === 'vector') {
    const series = result as { value: [number, string] }[]
    if (series.length === 0) return { phase: 'no-data', message: 'the query returned no series' }
    if (series.length > 1)
      return {
        phase: 'error',
        message: `the query returned ${series.length} series; aggregate it to one (e.g. sum(...))`
      }
    raw = series[0].value[1]
  } else
    return {
      phase: 'error',
      message: `unsupported result type ${resultType}; use an instant vector or scalar`
    }
  const value = Number(raw)
  if (!Number.isFinite(value))
    return { phase: 'no-data', message: `the query returned ${raw} (no traffic in the window?)` }
  return { phase: 'ok', value, message: `value ${raw}` }
}
