import { Measurement, MetricSpec } from '../metrics/metric-spec.js'
import { crossed, EvidenceState, START, updateEvidence } from './sequential-test.js'

/**
 * A compare-to-baseline gate: the counts test over every window of the step so far. Fails as soon
 * as the evidence that the canary is worse crosses ln(1/α); passes when the step ends without it.
 * Pure. Returns the outcome and one sentence with the counts, the evidence and the p-value.
 */
export function judgeAgainstBaseline(
  spec: MetricSpec,
  measurements: readonly Measurement[],
  final: boolean
): { outcome: 'pass' | 'fail' | 'running' | 'no-data'; reason: string } {
  const tolerance = { relative: spec.toleranceRelative, absolute: spec.toleranceAbsolute }
  const windows = measurements.filter(m => m.phase === 'ok' && m.counts)
  if (windows.length === 0)
    return { outcome: final ? 'no-data' : 'running', reason: `${spec.name}: no counts yet` }
  const state = windows.reduce<EvidenceState>(
    (s, m) => updateEvidence(s, m.counts!, tolerance),
    START
  )
  const worse = crossed(state, spec.alpha) && rate(state.canary) > rate(state.baseline)
  const decision = worse
    ? `the canary is worse than the baseline${spec.toleranceRelative || spec.toleranceAbsolute ? ' beyond the tolerance' : ''}: abort`
    : final
      ? 'no evidence the canary is worse: pass'
      : 'no decision yet'
  return {
    outcome: worse ? 'fail' : final ? 'pass' : 'running',
    reason: `${spec.name}: ${explain(spec, state)} → ${decision}`
  }
}

/** "canary 12/400 (3.00%) vs baseline 8/820 (0.98%); ln E 5.10 of 4.61 (α 0.01); p 0.0061" */
export function explain(spec: MetricSpec, state: EvidenceState): string {
  const what = spec.query === 'latency' ? 'slow' : 'errors'
  const side = (s: { requests: number; events: number }) =>
    `${s.events}/${s.requests} ${what} (${(rate(s) * 100).toFixed(2)}%)`
  return `canary ${side(state.canary)} vs baseline ${side(state.baseline)}; evidence ln E ${state.logE.toFixed(2)} of ${Math.log(1 / spec.alpha).toFixed(2)} (α ${spec.alpha}), sequential p ${formatP(state.pValue)}`
}

function rate(s: { requests: number; events: number }): number {
  return s.requests === 0 ? 0 : s.events / s.requests
}

function formatP(p: number): string {
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1)
}
