import { ConfigurationError } from '../config/errors.js'
import { RolloutPlan, RolloutState } from './types.js'

/**
 * Decides whether a new rollout may start. Pure. Returns the record to mark failed when the plan
 * forces its way past a held lease.
 */
export function checkLease(
  state: RolloutState | undefined,
  plan: RolloutPlan
): { takeOver?: number } {
  const holder = state?.inProgress
  if (!holder) return {}
  if (plan.force) return { takeOver: holder.id }
  throw ConfigurationError.single(
    'force',
    `environment "${plan.environment}" has a rollout in progress: ${holder.version} on ${holder.color} (${holder.phase}), started ${holder.createdAt} by ${holder.actor}${holder.runUrl ? ` (${holder.runUrl})` : ''}. Finish it (switch), let it fail, or set force: true to take over.`
  )
}
