import { HttpClient } from '../platform/http-client.js'
import { Clock } from '../platform/clock.js'
import { errorMeasurement, MeasureWindow, MetricProvider } from './metric-provider.js'
import { Measurement, MetricSpec, usesWindow } from './metric-spec.js'

const QUERY_TIMEOUT_MS = 5000

type Series = { metric: Record<string, string>; value: [number, string] }
type PerVersion = { requests: Record<string, number>; events: Record<string, number> }

/**
 * A PromQL query at the end of each window, with the window and both versions filled in:
 * {{window}} (e.g. 30s), {{canary_version}}, {{stable_version}}, {{canary_color}} (in a rolling
 * update, the instance's name), {{canary_address}} (its host:port),
 * {{stable_color}}. An empty result is "no data" — not zero, and not a pass. Compare gates run
 * two queries (requests and events, by version) and count per version.
 */
export class PrometheusProvider implements MetricProvider {
  readonly type = 'prometheus'
  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
    private readonly clock: Clock
  ) {}

  async measure(
    metric: MetricSpec,
    window: MeasureWindow,
    signal: AbortSignal
  ): Promise<Measurement> {
    if (metric.compare === 'baseline' && !usesWindow(metric.requestsQuery)) {
      // Counters: read at both ends of the window, differenced. Exact counts, nothing
      // extrapolated, and consecutive windows neither overlap nor leave a gap.
      const start = await this.countersPerVersion(metric, window)
      await this.clock.sleep(window.windowMs, signal)
      if ('phase' in start) return start
      const end = await this.countersPerVersion(metric, window)
      if ('phase' in end) return end
      return countsOf(metric, window, {
        requests: differences(start.requests, end.requests),
        events: differences(start.events, end.events)
      })
    }
    await this.clock.sleep(window.windowMs, signal)
    if (metric.compare === 'baseline') return this.countsPerVersion(metric, window)
    const answer = await this.query(fillQuery(metric.query, window))
    return 'phase' in answer ? answer : readResult(answer.status, answer.body)
  }

  /** Requests and events per version from two queries over the window (increase()). */
  private async countsPerVersion(metric: MetricSpec, window: MeasureWindow): Promise<Measurement> {
    const tables = await this.countersPerVersion(metric, window)
    return 'phase' in tables ? tables : countsOf(metric, window, tables)
  }

  /** The two queries' values per version, as they stand now. */
  private async countersPerVersion(
    metric: MetricSpec,
    window: MeasureWindow
  ): Promise<PerVersion | Measurement> {
    const [requests, events] = await Promise.all([
      this.vectorByLabel(fillQuery(metric.requestsQuery, window), metric.versionLabel),
      this.vectorByLabel(fillQuery(metric.eventsQuery, window), metric.versionLabel)
    ])
    if ('phase' in requests) return requests as Measurement
    if ('phase' in events) return events as Measurement
    return { requests, events } as PerVersion
  }

  /** An instant vector as label value → number (absent versions are absent), or an error measurement. */
  private async vectorByLabel(
    query: string,
    label: string
  ): Promise<Record<string, number> | Measurement> {
    const answer = await this.query(query)
    if ('phase' in answer) return answer
    let parsed: {
      status?: string
      error?: string
      data?: { resultType?: string; result?: Series[] }
    }
    try {
      parsed = JSON.parse(answer.body)
    } catch {
      return {
        phase: 'error',
        message: `Prometheus answered ${answer.status} with a body that is not JSON`
      }
    }
    if (answer.status !== 200 || parsed.status !== 'success')
      return {
        phase: 'error',
        message: `Prometheus answered ${answer.status}: ${parsed.error ?? 'no error given'}`
      }
    if (parsed.data?.resultType !== 'vector')
      return {
        phase: 'error',
        message: `expected an instant vector by ${label}, got ${parsed.data?.resultType}`
      }
    const table: Record<string, number> = {}
    for (const series of parsed.data.result ?? []) {
      const key = series.metric[label]
      const value = Number(series.value[1])
      if (key !== undefined && Number.isFinite(value)) table[key] = (table[key] ?? 0) + value
    }
    return table
  }

  private async query(query: string): Promise<{ status: number; body: string } | Measurement> {
    try {
      const response = await this.http.get(
        `${this.baseUrl.replace(/\/$/, '')}/api/v1/query?query=${encodeURIComponent(query)}`,
        QUERY_TIMEOUT_MS
      )
      return { status: response.status, body: response.body }
    } catch (error) {
      return errorMeasurement(
        new Error(`Prometheus at ${this.baseUrl}: ${(error as Error).message}`)
      )
    }
  }
}

/** Canary and baseline counts from per-version tables. Pure. */
function countsOf(metric: MetricSpec, window: MeasureWindow, tables: PerVersion): Measurement {
  const canaryVersion = window.canary.version
  // With no stable release recorded in this environment, the baseline is every other version.
  const count = (table: Record<string, number>, stable: boolean): number =>
    Math.round(
      stable && window.stable.version === ''
        ? Object.entries(table).reduce(
            (sum, [version, n]) => sum + (version === canaryVersion ? 0 : n),
            0
          )
        : (table[stable ? window.stable.version : canaryVersion] ?? 0)
    )
  const canary = { requests: count(tables.requests, false), events: count(tables.events, false) }
  const baseline = { requests: count(tables.requests, true), events: count(tables.events, true) }
  if (canary.requests === 0 || baseline.requests === 0) {
    return {
      phase: 'no-data',
      message: `no requests for ${canary.requests === 0 ? window.canary.version : window.stable.version} in the window (label ${metric.versionLabel})`
    }
  }
  return {
    phase: 'ok',
    message: `canary ${canary.events}/${canary.requests}, baseline ${baseline.events}/${baseline.requests}`,
    counts: { canary, baseline }
  }
}

/**
 * What each counter gained between two reads. A counter lower at the end was reset (its process
 * restarted): it counted from 0, so its end value is what it gained. A version absent at the
 * start started from 0. Pure.
 */
export function differences(
  start: Readonly<Record<string, number>>,
  end: Readonly<Record<string, number>>
): Record<string, number> {
  const gained: Record<string, number> = {}
  for (const [version, value] of Object.entries(end)) {
    const before = start[version] ?? 0
    gained[version] = value >= before ? value - before : value
  }
  return gained
}

export function fillQuery(query: string, window: MeasureWindow): string {
  const values: Record<string, string> = {
    window: `${Math.max(1, Math.round(window.windowMs / 1000))}s`,
    canary_version: window.canary.version,
    stable_version: window.stable.version,
    canary_color: window.canary.color,
    stable_color: window.stable.color,
    // Rolling updates: the instance being judged (its name is canary_color).
    canary_address: window.canary.address
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
    const series = result as Series[]
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
