import { Weights, soleTarget } from '../routers/traffic-router.js'
import { AT_REST } from '../state/lease.js'
import { IN_PROGRESS, RolloutRecord, RolloutState, Transition } from '../state/types.js'

/** One correction of the record, so that it says what the router holds. */
export interface Fix {
  record: RolloutRecord
  transition: Transition
}

/**
 * What the records must say so that they agree with the router, which is the truth for traffic.
 * Pure. When one color takes all traffic, the release recorded on it is the live one and every
 * other record marked live is superseded. A release still in progress on that color is made
 * live only when it is at rest (verified: the run that switched died before recording it) or
 * its holder is known to be gone; a canary still baking its 100% step is its run's business.
 * A split (a canary) is left alone: its run, or a person, decides it.
 */
export function reconcile(
  state: RolloutState | undefined,
  weights: Weights,
  holderGone: boolean
): Fix[] {
  if (!state) return []
  const sole = soleTarget(weights)
  if (sole !== 'blue' && sole !== 'green') return []
  const serving = state.colors[sole]
  const fixes: Fix[] = []
  const releasable =
    serving !== undefined &&
    serving.phase !== 'live' &&
    serving.phase !== 'deploying' &&
    (!IN_PROGRESS.includes(serving.phase) || AT_REST.includes(serving.phase) || holderGone)
  if (serving && releasable) {
    fixes.push({
      record: serving,
      transition: {
        phase: 'live',
        description: `reconciled: the router sends all traffic to ${sole}, where ${serving.version} runs`
      }
    })
  }
  const live = releasable ? serving : state.colors[sole]?.phase === 'live' ? serving : undefined
  if (live === undefined) return fixes
  const stale = [state.live, ...state.alsoLive].filter(
    (other): other is RolloutRecord =>
      other !== undefined && other.id !== live.id && other.phase === 'live'
  )
  // Two lives: a run died after recording its release live and before finishing (superseding
  // the old one, posting its commit status). Saying it again completes what it left.
  if (stale.length > 0 && !releasable)
    fixes.push({
      record: live,
      transition: {
        phase: 'live',
        description: `reconciled: ${live.version} on ${sole} takes all traffic; the run that switched did not finish recording it`
      }
    })
  for (const other of stale) {
    fixes.push({
      record: other,
      transition: {
        phase: 'superseded',
        description: `reconciled: superseded by ${live.version} on ${sole}, which the router sends all traffic to`
      }
    })
  }
  return fixes
}
