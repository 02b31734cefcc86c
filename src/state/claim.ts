import { Logger } from '../platform/logger.js'
import { AT_REST, checkLease } from './lease.js'
import { StateStore } from './state-store.js'
import { RolloutPlan, RolloutRecord } from './types.js'

/**
 * Takes the environment's lease and opens a record. The lease is checked against the state as
 * read (a holder at rest is superseded, a forced or ended one failed, anything else refused
 * before any change); the store then settles claims made in the same moment (store.begin).
 */
export async function claimLease(
  store: StateStore,
  plan: Omit<RolloutPlan, 'seenUpTo'>,
  log?: Logger
): Promise<RolloutRecord> {
  const state = await store.load(plan.environment)
  const holder = state?.inProgress
  const sameRun = holder !== undefined && holder.runId !== '' && holder.runId === plan.runId
  // Whether its run is gone matters only for a holder that is neither at rest nor forced.
  const gone =
    holder && !plan.force && !sameRun && !AT_REST.includes(holder.phase)
      ? await store.holderGone(holder)
      : false
  const { takeOver } = checkLease(state, { ...plan, seenUpTo: 0 }, gone)
  if (takeOver && holder) {
    log?.info(`lease: ${holder.version} on ${holder.color} (#${holder.id}) ${takeOver.why}`)
    await store.transition(holder, { phase: takeOver.phase, description: takeOver.why })
  }
  return store.begin({
    ...plan,
    seenUpTo: state?.newestId ?? 0,
    ...(state
      ? {
          context: {
            live: state.live?.id,
            lastKnownGood: state.lastKnownGood?.id,
            blue: state.colors.blue?.id,
            green: state.colors.green?.id,
            fleet: state.fleet?.record.id
          }
        }
      : {})
  })
}
