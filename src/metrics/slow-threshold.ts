import { quantile } from './served-requests.js'

/** Baseline answer times kept per gate: enough for a steady p99.9, bounded in memory. */
export const HISTORY_LIMIT = 20_000
/** Below this many baseline answers a p99.9 is a guess; p99 is used until then. */
const FOR_P999 = 1000

/**
 * L for a latency compare gate from the baseline's answer times seen before the window (all of
 * them so far in this rollout, up to HISTORY_LIMIT). The higher the percentile, the rarer "slow"
 * is for the baseline and the sooner a slow tail of the canary stands out: p99.9 once there are
 * enough answers for it, p99 before that. Either way L is fixed before the window's own answers
 * are seen, so both sides are judged against the same L. Pure.
 */
export function slowThreshold(
  history: readonly number[]
): { ms: number; source: string } | undefined {
  if (history.length === 0) return undefined
  const high = history.length >= FOR_P999
  return {
    ms: quantile(history, high ? 0.999 : 0.99) as number,
    source: `the baseline's ${high ? 'p99.9' : 'p99'} over ${history.length} answers before`
  }
}

/** The history with the window's answers added, the oldest dropped past HISTORY_LIMIT. Pure. */
export function withAnswers(history: readonly number[], latencies: readonly number[]): number[] {
  const all = [...history, ...latencies]
  return all.length > HISTORY_LIMIT ? all.slice(all.length - HISTORY_LIMIT) : all
}
