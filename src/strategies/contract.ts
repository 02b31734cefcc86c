import { RolloutRecord } from '../state/types.js'

/** The event a contract leaves on the live release: later rollbacks read it. */
export const CONTRACT_RAN = 'contract ran'

/** When the release's contract ran, or undefined. Pure. */
export function contractedAt(record: RolloutRecord | undefined): string | undefined {
  return record?.events.find(e => e.description.startsWith(CONTRACT_RAN))?.at
}

/** When a release began taking all traffic (its first live event). Pure. */
export function liveSince(record: RolloutRecord): string | undefined {
  return record.events.find(e => e.phase === 'live')?.at
}

/**
 * Whether going back from `from` to `to` is refused: after from's contract ran (expand/contract:
 * the old schema or API is gone), a version from before it may not work. Pure; undefined = allowed.
 */
export function contractRefusal(
  from: RolloutRecord | undefined,
  to: string,
  force: boolean
): string | undefined {
  const at = contractedAt(from)
  if (!from || !at || force || to === from.version) return undefined
  return `${from.version}'s contract-command ran at ${at}: ${to} is from before it and may not work with what the contract removed. Roll forward with a fix, or set force: true if ${to} works without it.`
}
