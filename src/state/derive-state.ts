import { COLORS } from '../config/settings.js'
import { IN_PROGRESS, Phase, RolloutRecord, RolloutState } from './types.js'

/**
 * Rebuilds the environment's state from its records alone (any store, any process). Pure.
 * Records may come in any order; ids give creation order.
 */
export function deriveState(environment: string, records: readonly RolloutRecord[]): RolloutState {
  const newestFirst = [...records]
    .filter(r => r.environment === environment)
    .sort((a, b) => b.id - a.id)
  const live = newestFirst.find(r => r.phase === 'live')
  const inProgress = newestFirst.find(r => IN_PROGRESS.includes(r.phase))
  const lastKnownGood = live
    ? newestFirst.find(
        r => r.id < live.id && r.phase === 'superseded' && wasLive(r) && r.version !== live.version
      )
    : undefined
  const colors: RolloutState['colors'] = {}
  for (const color of COLORS) {
    const newest = newestFirst.find(r => r.color === color)
    if (newest) colors[color] = newest
  }
  return { environment, live, lastKnownGood, inProgress, colors }
}

/** True when the record took traffic at some point (superseded and rolled-back imply it). */
export function wasLive(record: RolloutRecord): boolean {
  return WAS_LIVE.includes(record.phase) || record.events.some(e => e.phase === 'live')
}

const WAS_LIVE: readonly Phase[] = ['live', 'superseded', 'rolled-back']
