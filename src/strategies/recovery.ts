import { Weights } from '../routers/traffic-router.js'
import { RolloutRecord } from '../state/types.js'

/**
 * What a person should run about a rollout in progress, given whether its run is gone. Pure.
 * One command each time: a canary left holding traffic goes back with rollback, a half-done
 * rolling update too; a release waiting for its switch is switched or superseded.
 */
export function recoveryFor(
  holder: RolloutRecord,
  weights: Weights,
  gone: boolean
): { state: string; command?: string } {
  const who = holder.runUrl || holder.process || holder.actor
  const share = holder.color === 'fleet' ? 0 : Math.round(weights[holder.color] ?? 0)
  if (holder.color === 'fleet') {
    if (holder.phase === 'paused')
      return {
        state: 'stopped between batches (max-batches)',
        command: 'rolling to go on, or rollback to undo it'
      }
    return gone
      ? {
          state: `its run (${who}) is gone, the fleet half-updated`,
          command:
            'rollback (every touched instance back on its earlier version; rolling resumes instead)'
        }
      : { state: `its run (${who}) is still running` }
  }
  if ((holder.phase === 'canary' || holder.phase === 'paused') && share > 0) {
    if (gone)
      return {
        state: `its run (${who}) is gone and ${share}% of traffic stays on ${holder.color}`,
        command: 'rollback (all traffic back on the stable side, confirmed)'
      }
    return holder.phase === 'paused'
      ? {
          state: `paused at ${share}%`,
          command: 'promote to go on, or abort to restore the stable side'
        }
      : { state: `${share}% of traffic on ${holder.color}, its run (${who}) is running` }
  }
  if (holder.phase === 'verified')
    return {
      state: 'verified, waiting for a switch',
      command: 'switch (a new release supersedes it instead)'
    }
  return gone
    ? {
        state: `its run (${who}) is gone; it took no traffic`,
        command: 'release again (the new run takes the lease over)'
      }
    : { state: `its run (${who}) is still running` }
}
