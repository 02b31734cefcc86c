import { ConfigurationError } from '../errors.js'
import { Phase, RolloutPlan, RolloutRecord, RolloutState } from './types.js'

/**
 * Phases in which nothing of the release is running: verified, waiting for a switch (a later
 * job, an approval) or for nothing at all (a preview). A newer release may supersede it without
 * force: the waiting run, if it ever goes on, finds its record superseded at its next fence and
 * stops before touching anything. (Deployed is not at rest: verify may be running on it.)
 */
export const AT_REST: readonly Phase[] = ['verified']

/** What happens to the record holding the lease when a new rollout begins. */
export interface TakeOver {
  id: number
  /** superseded: it took no traffic and nothing of it runs; failed: it was cut short. */
  phase: 'failed' | 'superseded'
  why: string
}

/**
 * Decides whether a new rollout may start. Pure. A held lease may be taken over when the holder is
 * at rest, when the plan forces it, when this same run or process holds it (a re-run, the next
 * job), or when the run that holds it has ended; anything else is refused before any change.
 */
export function checkLease(
  state: RolloutState | undefined,
  plan: RolloutPlan,
  holderEnded = false
): { takeOver?: TakeOver } {
  const holder = state?.inProgress
  if (!holder) return {}
  const take = (phase: TakeOver['phase'], why: string) => ({
    takeOver: { id: holder.id, phase, why }
  })
  if (AT_REST.includes(holder.phase) && holder.color !== 'fleet')
    return take(
      'superseded',
      `superseded by ${plan.version} (${plan.actor}) before it took traffic`
    )
  if (plan.force) return take('failed', `taken over by ${plan.actor} (force)`)
  // A rolling update stopped by max-batches waits for the next run by design.
  const continued = holder.phase === 'paused' && holder.color === 'fleet'
  if (holder.runId !== '' && holder.runId === plan.runId) {
    return take(
      'failed',
      continued
        ? `continued by the next job of run ${plan.runId}`
        : `replaced by a new attempt of run ${plan.runId}`
    )
  }
  // This very process opened it (a local run that goes on): it cannot be running elsewhere.
  if (holder.process !== undefined && holder.process !== '' && holder.process === plan.process)
    return take('failed', `continued by the same process (${plan.process})`)
  if (holderEnded && continued)
    return take(
      'failed',
      `continued by ${plan.actor} after run ${holder.runId || holder.process} stopped it`
    )
  if (holderEnded)
    return take(
      'failed',
      `run ${holder.runId || holder.process} ended without finishing it; taken over by ${plan.actor}`
    )
  throw ConfigurationError.single('force', heldMessage(plan.environment, holder))
}

/** Why a new rollout is refused while another holds the environment, and what to do. */
export function heldMessage(environment: string, holder: RolloutRecord): string {
  return `environment "${environment}" has a rollout in progress: ${holder.version} on ${holder.color} (${holder.phase}), started ${holder.createdAt} by ${holder.actor}${holder.runUrl ? ` (${holder.runUrl})` : ''}. Finish it (switch, promote or abort), wait for that run to end, or set force: true to take over.`
}

/** The description a losing claim is recorded with, and the message of its LeaseLost. */
export function lostTo(winner: RolloutRecord): string {
  return `another run claimed the environment in the same moment: ${winner.version} on ${winner.color} (#${winner.id}) by ${winner.actor}${winner.runUrl ? ` ${winner.runUrl}` : ''}; nothing was changed`
}

/** Why a record no longer holds the lease. */
export function notHeld(record: RolloutRecord): string {
  const last = record.events[record.events.length - 1]
  return `${record.version} on ${record.color} (#${record.id}) no longer holds the lease: it is ${record.phase}${last ? ` (${last.description})` : ''}`
}
