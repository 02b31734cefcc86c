import { Clock } from '../platform/clock.js'
import { HttpClient } from '../platform/http-client.js'
import { LatencyHistogram } from './latency-histogram.js'
import { errorMeasurement, MeasureWindow, MetricProvider, WindowSide } from './metric-provider.js'
import { Measurement, MetricSpec } from './metric-spec.js'

/** Where the probe sends its requests: URLs with their shares. */
type ProbeTargets = readonly { url: string; weight: number }[]

interface ProbeResult {
  requests: number
  errors: number
  latency: LatencyHistogram
}

/** Requests in flight at most; a slow target makes the probe send less, not pile up. */
const MAX_IN_FLIGHT = 64
const REQUEST_TIMEOUT_MS = 5000

/**
 * The built-in probe: sends requests at a steady rate to the canary alone (or through the load
 * balancer) for the whole window and reports error rate and latency quantiles. Gates that probe
 * the same URL at the same rate in the same window share one probe. Compare gates probe the
 * stable version too, at the same rate, and count events per version.
 */
export class HttpProvider implements MetricProvider {
  readonly type = 'http'
  private readonly shared = new WeakMap<MeasureWindow, Map<string, Promise<ProbeResult>>>()

  constructor(
    private readonly http: HttpClient,
    /** URL through the load balancer (probe-url), for target: load-balancer. */
    private readonly loadBalancerUrl: string,
    private readonly clock: Clock
  ) {}

  async measure(
    metric: MetricSpec,
    window: MeasureWindow,
    signal: AbortSignal
  ): Promise<Measurement> {
    if (metric.compare === 'baseline') return this.compareWithBaseline(metric, window, signal)
    let targets: ProbeTargets
    try {
      targets = this.targetsFor(metric, window)
    } catch (error) {
      return errorMeasurement(error)
    }
    const url = targets.map(t => t.url).join(', ')
    const result = await this.probeOnce(targets, metric.rate, window, signal)
    if (result.requests === 0)
      return { phase: 'no-data', message: `no request to ${url} completed` }
    const errorRate = result.errors / result.requests
    const p95Ms = result.latency.quantile(0.95)
    const statistic = metric.query
    const value =
      statistic === 'error-rate'
        ? errorRate
        : result.latency.quantile(Number(statistic.slice(1)) / 100)
    if (value === undefined) return { phase: 'no-data', message: `no answer from ${url} to time` }
    return {
      phase: 'ok',
      value,
      message: `${url}: ${result.requests} requests, ${result.errors} failed, p95 ${p95Ms} ms`,
      requests: result.requests,
      errorRate,
      p95Ms
    }
  }

  /** Canary and stable probed alike over the same window; events are errors, or answers slower than the threshold. */
  private async compareWithBaseline(
    metric: MetricSpec,
    window: MeasureWindow,
    signal: AbortSignal
  ): Promise<Measurement> {
    const [canary, baseline] = await Promise.all([
      this.probeOnce(onSide(window.canary, metric), metric.rate, window, signal),
      this.probeOnce(onSide(window.stable, metric), metric.rate, window, signal)
    ])
    if (canary.requests === 0 || baseline.requests === 0)
      return { phase: 'no-data', message: 'no request to the canary or the baseline completed' }
    let events = (r: ProbeResult): number => r.errors
    if (metric.query === 'latency') {
      const threshold = window.latencyThresholdMs ?? metric.latencyThresholdMs
      if (threshold === undefined)
        return {
          phase: 'error',
          message: 'no latency threshold: the baseline p95 could not be measured before the step'
        }
      events = r => r.latency.countAbove(threshold)
    }
    return {
      phase: 'ok',
      message: `canary ${canary.requests} requests, baseline ${baseline.requests}`,
      counts: {
        canary: { requests: canary.requests, events: events(canary) },
        baseline: { requests: baseline.requests, events: events(baseline) }
      },
      requests: canary.requests,
      errorRate: canary.errors / canary.requests,
      p95Ms: canary.latency.quantile(0.95)
    }
  }

  private targetsFor(metric: MetricSpec, window: MeasureWindow): ProbeTargets {
    if (/^https?:\/\//.test(metric.url)) return [{ url: metric.url, weight: 1 }]
    if (metric.target === 'load-balancer') {
      if (!this.loadBalancerUrl) throw new Error('target: load-balancer needs probe-url')
      return onHost(new URL(this.loadBalancerUrl).origin, metric)
    }
    return onSide(window.canary, metric)
  }

  private probeOnce(
    targets: ProbeTargets,
    rate: number,
    window: MeasureWindow,
    signal: AbortSignal
  ): Promise<ProbeResult> {
    let byKey = this.shared.get(window)
    if (!byKey) this.shared.set(window, (byKey = new Map()))
    const key = `${JSON.stringify(targets)}|${rate}`
    let probe = byKey.get(key)
    if (!probe) byKey.set(key, (probe = this.probe(targets, rate, window.windowMs, signal)))
    return probe
  }

  private async probe(
    targets: ProbeTargets,
    rate: number,
    windowMs: number,
    signal: AbortSignal
  ): Promise<ProbeResult> {
    const result: ProbeResult = { requests: 0, errors: 0, latency: new LatencyHistogram() }
    const started = this.clock.now()
    const gapMs = 1000 / rate
    const inFlight = new Set<Promise<void>>()
    const nextUrl = weightedTurns(targets)
    for (let sent = 0; !signal.aborted; sent++) {
      const due = started + sent * gapMs
      if (due - started >= windowMs) break
      const wait = due - this.clock.now()
      if (wait > 0) await this.clock.sleep(wait)
      if (inFlight.size >= MAX_IN_FLIGHT) continue
      const one = this.once(nextUrl(), result).finally(() => inFlight.delete(one))
      inFlight.add(one)
    }
    await Promise.all(inFlight)
    return result
  }

  private async once(url: string, result: ProbeResult): Promise<void> {
    const started = this.clock.now()
    try {
      const response = await this.http.get(url, REQUEST_TIMEOUT_MS)
      result.latency.add(this.clock.now() - started)
      if (response.status < 200 || response.status >= 300) result.errors++
    } catch {
      result.errors++
    }
    result.requests++
  }
}

/** The gate's paths (or url, or /) on one origin. Pure. */
/** Every instance of a side (a pool's too), each path on each at its weight: instances share alike. */
function onSide(side: WindowSide, metric: MetricSpec): ProbeTargets {
  const addresses = side.addresses?.length ? side.addresses : [side.address]
  return addresses.flatMap(address => onHost(`http://${address}`, metric))
}

function onHost(origin: string, metric: MetricSpec): ProbeTargets {
  if (metric.paths.length > 0)
    return metric.paths.map(p => ({ url: `${origin}${p.path}`, weight: p.weight }))
  return [{ url: `${origin}${metric.url || '/'}`, weight: 1 }]
}

/**
 * Smooth weighted round robin: each URL gets its share of every run of requests, spread out
 * rather than in blocks, so a short window still sees each path in proportion. Pure state.
 */
export function weightedTurns(targets: ProbeTargets): () => string {
  const total = targets.reduce((sum, t) => sum + t.weight, 0)
  const current = targets.map(() => 0)
  return () => {
    let best = 0
    for (let i = 0; i < targets.length; i++) {
      current[i] += targets[i].weight
      if (current[i] > current[best]) best = i
    }
    current[best] -= total
    return targets[best].url
  }
}
