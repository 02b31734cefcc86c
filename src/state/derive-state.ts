import { COLORS } from '../config/settings.js'
import { FleetSnapshot, IN_PROGRESS, Phase, RolloutRecord, RolloutState } from './types.js'

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
  const fleetRecord = newestFirst.find(r => r.fleet !== undefined)
  const snapshot = fleetRecord ? lastFleetSnapshot(fleetRecord) : undefined
  const fleet = fleetRecord && snapshot ? { record: fleetRecord, snapshot } : undefined
  return {
    environment,
    newestId: newestFirst[0]?.id ?? 0,
    live,
    alsoLive: newestFirst.filter(r => r.phase === 'live' && r !== live),
    lastKnownGood,
    inProgress,
    colors,
    ...(fleet ? { fleet } : {})
  }
}

/** The fleet as the record's newest event with a snapshot left it. */
export function lastFleetSnapshot(record: RolloutRecord): FleetSnapshot | undefined {
  return [...record.events].reverse().find(e => e.fleet)?.fleet
}

/** True when the record took traffic at some point (superseded and rolled-back imply it). */
export function wasLive(record: RolloutRecord): boolean {
  return WAS_LIVE.includes(record.phase) || record.events.some(e => e.phase === 'live')
}

const WAS_LIVE: readonly Phase[] = ['live', 'superseded', 'rolled-back']
