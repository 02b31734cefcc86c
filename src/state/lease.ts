import { ConfigurationError } from '../errors.js'
import { RolloutPlan, RolloutState } from './types.js'

/**
 * Decides whether a new rollout may start. Pure. A held lease may be taken over when the plan
 * forces it, when this same run holds it (a re-run), or when the run that holds it has ended;
 * the answer names the record to mark failed and why.
 */
export function checkLease(
  state: RolloutState | undefined,
  plan: RolloutPlan,
  holderEnded = false
): { takeOver?: number; why?: string } {
  const holder = state?.inProgress
  if (!holder) return {}
  if (plan.force) return { takeOver: holder.id, why: `taken over by ${plan.actor} (force)` }
  // A rolling update stopped by max-batches waits for the next run by design.
  const continued = holder.phase === 'paused' && holder.color === 'fleet'
  if (holder.runId !== '' && holder.runId === plan.runId) {
    return {
      takeOver: holder.id,
      why: continued
        ? `continued by the next job of run ${plan.runId}`
        : `replaced by a new attempt of run ${plan.runId}`
    }
  }
  // This very process opened it (a local run that goes on): it cannot be running elsewhere.
  if (holder.process !== undefined && holder.process !== '' && holder.process === plan.process)
    return { takeOver: holder.id, why: `continued by the same process (${plan.process})` }
  if (holderEnded && continued)
    return {
      takeOver: holder.id,
      why: `continued by ${plan.actor} after run ${holder.runId || holder.process} stopped it`
    }
  if (holderEnded) {
    return {
      takeOver: holder.id,
      why: `run ${holder.runId} ended without finishing it; taken over by ${plan.actor}`
    }
  }
  throw ConfigurationError.single(
    'force',
    `environment "${plan.environment}" has a rollout in progress: ${holder.version} on ${holder.color} (${holder.phase}), started ${holder.createdAt} by ${holder.actor}${holder.runUrl ? ` (${holder.runUrl})` : ''}. Finish it (switch), wait for that run to end, or set force: true to take over.`
  )
}
