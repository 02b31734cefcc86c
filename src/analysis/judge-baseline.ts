import { Measurement, MetricSpec } from '../metrics/metric-spec.js'
import { crossed, EvidenceState, START, updateEvidence } from './sequential-test.js'

export { START }

/** L of a latency compare gate, and where it came from. */
interface SlowThreshold {
  ms: number
  source?: string
}

/**
 * The gate's evidence after this step's windows, starting from what earlier steps left: one
 * e-process per gate for the whole rollout, so its chance of a false abort is at most its alpha
 * however many steps and windows. Pure.
 */
export function evidenceAfter(
  spec: MetricSpec,
  measurements: readonly Measurement[],
  start: EvidenceState = START
): EvidenceState {
  const tolerance = { relative: spec.toleranceRelative, absolute: spec.toleranceAbsolute }
  return measurements
    .filter(m => m.phase === 'ok' && m.counts)
    .reduce<EvidenceState>(
      (s, m) => updateEvidence(s, badCounts(spec, m.counts!), tolerance),
      start
    )
}

/**
 * The counts as the test judges them: it asks whether the canary has the higher rate of events.
 * For a rate where higher is better (clicks per recommendation shown) the sides trade places, so
 * the same one-sided test asks whether the baseline's rate is higher, i.e. the canary's lower. Pure.
 */
function badCounts(
  spec: MetricSpec,
  counts: NonNullable<Measurement['counts']>
): NonNullable<Measurement['counts']> {
  if (spec.direction !== 'higher-is-better') return counts
  return { canary: counts.baseline, baseline: counts.canary }
}

/**
 * A compare-to-baseline gate: the counts test over every window of the rollout so far (earlier
 * steps' evidence in `start`). Fails as soon as the evidence that the canary is worse crosses
 * ln(1/α); passes when the step ends without it. At 100% the baseline takes no traffic: nothing
 * is left to compare, and the gate passes when the evidence never crossed. Pure. Returns the
 * outcome and one sentence with the counts, the evidence and the p-value.
 */
export function judgeAgainstBaseline(
  spec: MetricSpec,
  measurements: readonly Measurement[],
  final: boolean,
  start: EvidenceState = START,
  fullShare = false
): { outcome: 'pass' | 'fail' | 'running' | 'no-data'; reason: string } {
  const windows = measurements.filter(m => m.phase === 'ok' && m.counts)
  if (windows.length === 0) {
    if (fullShare && final)
      return {
        outcome: 'pass',
        reason: `${spec.name}: the baseline takes no traffic at 100%, nothing to compare; the evidence of earlier steps never crossed (ln E ${start.logE.toFixed(2)} of ${Math.log(1 / spec.alpha).toFixed(2)})`
      }
    return { outcome: final ? 'no-data' : 'running', reason: `${spec.name}: no counts yet` }
  }
  const state = evidenceAfter(spec, measurements, start)
  const worse = crossed(state, spec.alpha) && rate(state.canary) > rate(state.baseline)
  const beyond = spec.toleranceRelative || spec.toleranceAbsolute ? ' beyond the tolerance' : ''
  const decision = worse
    ? spec.direction === 'higher-is-better'
      ? `the canary's ${spec.name} is lower than the baseline's${beyond}: abort`
      : `the canary is worse than the baseline${beyond}: abort`
    : final
      ? 'no evidence the canary is worse: pass'
      : 'no decision yet'
  return {
    outcome: worse ? 'fail' : final ? 'pass' : 'running',
    reason: `${spec.name}: ${explain(spec, state, lastThreshold(windows))} → ${decision}`
  }
}

/** What "slow" meant in the newest window that said, and where that came from. */
function lastThreshold(windows: readonly Measurement[]): SlowThreshold | undefined {
  const newest = [...windows].reverse().find(m => m.latencyThresholdMs !== undefined)
  return newest && { ms: newest.latencyThresholdMs!, source: newest.latencyThresholdSource }
}

/** "canary 12/400 (3.00%) vs baseline 8/820 (0.98%); ln E 5.10 of 4.61 (α 0.01); p 0.0061" */
export function explain(spec: MetricSpec, state: EvidenceState, threshold?: SlowThreshold): string {
  const L = threshold?.ms ?? spec.latencyThresholdMs
  const latency = spec.query === 'latency'
  const what = latency ? 'slow' : 'errors'
  // What "slow" meant, said once: a stated SLO, or the baseline's answer times before the window.
  const source =
    spec.latencyThresholdMs !== undefined
      ? 'latency-threshold'
      : (threshold?.source ?? "the baseline's p99 before")
  const slow =
    latency && L !== undefined ? `slow = slower than ${Math.round(L)} ms (${source}): ` : ''
  const side = (s: { requests: number; events: number }) =>
    `${s.events}/${s.requests} ${spec.direction === 'higher-is-better' ? spec.name : what} (${(rate(s) * 100).toFixed(2)}%)`
  // A higher-is-better gate's evidence holds the sides traded (badCounts): shown the right way round.
  const [canary, baseline] =
    spec.direction === 'higher-is-better'
      ? [state.baseline, state.canary]
      : [state.canary, state.baseline]
  return `${slow}canary ${side(canary)} vs baseline ${side(baseline)}; evidence ln E ${state.logE.toFixed(2)} of ${Math.log(1 / spec.alpha).toFixed(2)} (α ${Number(spec.alpha.toPrecision(3))}), sequential p ${formatP(state.pValue)}`
}

function rate(s: { requests: number; events: number }): number {
  return s.requests === 0 ? 0 : s.events / s.requests
}

function formatP(p: number): string {
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1)
}
