import { RolloutRecord } from '../state/types.js'

/** The events a contract leaves on the live release (commands/shared/hooks.ts writes them). */
const STARTED = 'contract-command started'
const RAN = 'contract-command exit 0'

/**
 * Whether the release's contract ran: 'ran' when it exited 0; 'maybe' when it started and no exit
 * was recorded (the run was killed mid-contract: what it removed is unknown, so it counts). Pure.
 */
export function contractState(
  record: RolloutRecord | undefined
): { state: 'ran' | 'maybe'; at: string } | undefined {
  const events = (record?.events ?? []).filter(e => e.description.startsWith('contract-command '))
  const ran = events.find(e => e.description === RAN)
  if (ran) return { state: 'ran', at: ran.at }
  const last = events[events.length - 1]
  return last?.description === STARTED ? { state: 'maybe', at: last.at } : undefined
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
  const contracted = contractState(from)
  if (!from || !contracted || force || to === from.version) return undefined
  const what =
    contracted.state === 'ran'
      ? `${from.version}'s contract-command ran at ${contracted.at}`
      : `${from.version}'s contract-command started at ${contracted.at} and its end was never recorded, so it may have run`
  return `${what}: ${to} is from before it and may not work with what the contract removed. Roll forward with a fix, or set force: true if ${to} works without it.`
}
