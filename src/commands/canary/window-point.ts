import { Measurement, MetricSpec } from '../../metrics/metric-spec.js'
import { ChartLimits, WindowPoint } from '../../report/report.js'

/**
 * What one analysis window showed, for the charts: the probe's (or real traffic's) requests,
 * error rate and p95, and the baseline's error rate where a compare gate counted it. Pure.
 */
export function windowPoint(
  specs: readonly MetricSpec[],
  results: readonly Measurement[],
  atMs: number
): WindowPoint {
  const point: WindowPoint = { atMs }
  const measured = results.filter(m => m.phase === 'ok' && m.requests !== undefined)
  if (measured.length > 0) {
    point.requests = measured.reduce((sum, m) => sum + (m.requests ?? 0), 0)
    point.errorRate = weightedErrorRate(measured)
    const p95s = measured.flatMap(m => (m.p95Ms === undefined ? [] : [m.p95Ms]))
    if (p95s.length > 0) point.p95Ms = Math.max(...p95s)
  }
  // Errors counted per version by a compare gate (not slow answers: those are latency events).
  const counted = results.find(
    (m, i) => m.phase === 'ok' && m.counts && specs[i]?.query !== 'latency'
  )?.counts
  if (counted) {
    if (counted.baseline.requests > 0)
      point.baselineErrorRate = counted.baseline.events / counted.baseline.requests
    if (point.errorRate === undefined && counted.canary.requests > 0)
      point.errorRate = counted.canary.events / counted.canary.requests
  }
  return point
}

/** Requests-weighted error rate over several readings. */
export function weightedErrorRate(readings: readonly Measurement[]): number {
  const requests = readings.reduce((sum, m) => sum + (m.requests ?? 0), 0)
  const errors = readings.reduce((sum, m) => sum + (m.requests ?? 0) * (m.errorRate ?? 0), 0)
  return requests === 0 ? 0 : errors / requests
}

/** The gates' absolute limits on error rate and p95 (the strictest of each), for limit lines. Pure. */
export function chartLimits(specs: readonly MetricSpec[]): ChartLimits {
  const strictest = (query: string) => {
    const maxima = specs
      .filter(s => s.compare === 'none' && s.query === query && s.max !== undefined)
      .map(s => s.max as number)
    return maxima.length > 0 ? Math.min(...maxima) : undefined
  }
  const errorRate = strictest('error-rate')
  const p95Ms = strictest('p95')
  return {
    ...(errorRate !== undefined ? { errorRate } : {}),
    ...(p95Ms !== undefined ? { p95Ms } : {})
  }
}
