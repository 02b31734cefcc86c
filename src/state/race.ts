import { IN_PROGRESS, RolloutRecord } from './types.js'

/**
 * Runs that check the lease at the same moment all see it free and all claim it. Of the claims
 * made after what a run saw (`seenUpTo`), the oldest still in progress wins; a claim that wins
 * nothing — ours, when an older rival exists — must step back. Pure: `records` are what the store
 * holds now (ours included); returns the winner when it is not `ours`.
 */
export function raceWinner(
  records: readonly RolloutRecord[],
  seenUpTo: number,
  ours: number
): RolloutRecord | undefined {
  return [...records]
    .filter(r => r.id > seenUpTo && r.id < ours && IN_PROGRESS.includes(r.phase))
    .sort((a, b) => a.id - b.id)[0]
}
