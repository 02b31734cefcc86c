import { Measurement, MetricSpec } from '../metrics/metric-spec.js'
import { judgeAgainstBaseline } from './judge-baseline.js'
import { EvidenceState } from './sequential-test.js'

/** A gate's standing: running (bake not over, nothing wrong yet) or a final outcome. */
export interface GateVerdict {
  name: string
  outcome: 'pass' | 'fail' | 'inconclusive' | 'running'
  reason: string
}

export function withinThreshold(spec: MetricSpec, value: number): boolean {
  return (
    (spec.max === undefined || value <= spec.max) && (spec.min === undefined || value >= spec.min)
  )
}

/** Whether one measurement counts against the gate. */
export function measurementFailed(spec: MetricSpec, m: Measurement): boolean {
  if (m.phase !== 'ok') return false
  if (m.passed !== undefined) return !m.passed
  return m.value !== undefined && !withinThreshold(spec, m.value)
}

/**
 * Judges one gate from its measurements so far. Pure. Fails as soon as failures exceed the
 * failure limit (so a bad canary is stopped mid-step); errors in a row beyond the limit and
 * "no data" at the end follow the gate's onError / onNoData; a provider failure is never a pass.
 */
export function judgeGate(
  spec: MetricSpec,
  measurements: readonly Measurement[],
  final: boolean,
  /** Compare gates: the evidence earlier steps left, and whether the canary takes it all. */
  carried?: { evidence: EvidenceState; fullShare: boolean }
): GateVerdict {
  const name = spec.name
  const compared =
    spec.compare === 'baseline'
      ? judgeAgainstBaseline(spec, measurements, final, carried?.evidence, carried?.fullShare)
      : undefined
  // At 100% a compare gate has no baseline: what it decided is all there is to say.
  if (
    compared &&
    carried?.fullShare &&
    compared.outcome !== 'running' &&
    compared.outcome !== 'no-data'
  )
    return { name, outcome: compared.outcome, reason: compared.reason }
  if (compared?.outcome === 'fail') return { name, outcome: 'fail', reason: compared.reason }
  const failures = measurements.filter(m => measurementFailed(spec, m))
  if (failures.length > spec.failureLimit) {
    const last = failures[failures.length - 1]
    return {
      name,
      outcome: 'fail',
      reason: `${name}: ${describeValue(spec, last)} (${failures.length} of ${measurements.length} measurements failed, limit ${spec.failureLimit})`
    }
  }
  let errorsInRow = 0
  for (let i = measurements.length - 1; i >= 0 && measurements[i].phase === 'error'; i--)
    errorsInRow++
  if (errorsInRow > spec.consecutiveErrorLimit) {
    const reason = `${name}: ${errorsInRow} provider errors in a row (${measurements[measurements.length - 1].message})`
    return { name, outcome: spec.onError === 'abort' ? 'fail' : 'inconclusive', reason }
  }
  if (compared && compared.outcome !== 'no-data')
    return { name, outcome: compared.outcome, reason: compared.reason }
  if (!final)
    return {
      name,
      outcome: 'running',
      reason: `${name}: ${measurements.length} measurement(s) so far`
    }
  const values = measurements.filter(m => m.phase === 'ok')
  if (values.length === 0) {
    const why = measurements.some(m => m.phase === 'error')
      ? `provider errors (${measurements[measurements.length - 1]?.message})`
      : 'no data'
    const outcome =
      spec.onNoData === 'pass' ? 'pass' : spec.onNoData === 'abort' ? 'fail' : 'inconclusive'
    return { name, outcome, reason: `${name}: ${why} during the whole step` }
  }
  return {
    name,
    outcome: 'pass',
    reason: `${name}: ${describeValue(spec, values[values.length - 1])}`
  }
}

/**
 * The step's outcome from its gates: any fail aborts; any gate that gave up (errors in a row, or
 * no data at the end) pauses at once; otherwise the step runs until every gate passed.
 */
export function judgeStep(gates: readonly GateVerdict[]): GateVerdict['outcome'] {
  if (gates.some(g => g.outcome === 'fail')) return 'fail'
  if (gates.some(g => g.outcome === 'inconclusive')) return 'inconclusive'
  if (gates.some(g => g.outcome === 'running')) return 'running'
  return 'pass'
}

function describeValue(spec: MetricSpec, m: Measurement): string {
  if (m.passed !== undefined) return m.message
  const bounds = [
    spec.max !== undefined ? `max ${formatNumber(spec, spec.max)}` : '',
    spec.min !== undefined ? `min ${formatNumber(spec, spec.min)}` : ''
  ]
    .filter(Boolean)
    .join(', ')
  return `${formatValue(spec, m.value)} (${bounds})`
}

/** Providers that measure requests themselves: their rates and latencies have known units. */
const OWN_REQUESTS = new Set(['http', 'nginx-log', 'haproxy'])

/** What a value of this gate is: an error rate, a latency in ms, or a number we know no unit of. */
function unitOf(spec: MetricSpec): 'rate' | 'ms' | 'plain' {
  if (!OWN_REQUESTS.has(spec.provider)) return 'plain'
  return spec.query === 'error-rate' ? 'rate' : /^p\d+$/.test(spec.query) ? 'ms' : 'plain'
}

/** One unit per quantity: a value and its limit read alike ("1.00%", "300 ms"). */
function formatNumber(spec: MetricSpec, value: number): string {
  switch (unitOf(spec)) {
    case 'rate':
      return `${(value * 100).toFixed(2)}%`
    case 'ms':
      return `${Math.round(value)} ms`
    case 'plain':
      return String(Number(value.toPrecision(4)))
  }
}

export function formatValue(spec: MetricSpec, value: number | undefined): string {
  if (value === undefined) return 'no value'
  switch (unitOf(spec)) {
    case 'rate':
      return `${formatNumber(spec, value)} errors`
    case 'ms':
      return `${spec.query} ${formatNumber(spec, value)}`
    case 'plain':
      return `${spec.name} ${formatNumber(spec, value)}`
  }
}
