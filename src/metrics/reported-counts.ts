import { Measurement } from './metric-spec.js'

/** What a command or webhook gate with compare: baseline reports for one window. */
export const COUNTS_FORMAT =
  '{"canary": {"trials": 1200, "events": 96}, "baseline": {"trials": 4800, "events": 480}}'

/**
 * Counts a command or a webhook reported for one window: each side's trials (requests,
 * recommendations shown) and events (errors, clicks). Anything else is an error measurement that
 * says the format; a side with no trials is no data. Pure.
 */
export function reportedCounts(text: string, source: string): Measurement {
  let parsed: unknown
  try {
    parsed = JSON.parse(text.trim().split('\n').pop() ?? '')
  } catch {
    return { phase: 'error', message: `${source} printed no JSON counts; print ${COUNTS_FORMAT}` }
  }
  const side = (name: 'canary' | 'baseline') => {
    const value = (parsed as Record<string, unknown> | null)?.[name] as
      Record<string, unknown> | undefined
    const trials = value?.trials ?? value?.requests
    const events = value?.events
    const whole = (n: unknown): n is number =>
      typeof n === 'number' && Number.isInteger(n) && n >= 0
    return whole(trials) && whole(events) && events <= trials
      ? { requests: trials, events }
      : undefined
  }
  const canary = side('canary')
  const baseline = side('baseline')
  if (!canary || !baseline)
    return {
      phase: 'error',
      message: `${source} reported counts that are not whole numbers with events ≤ trials for both sides; print ${COUNTS_FORMAT}`
    }
  if (canary.requests === 0 || baseline.requests === 0)
    return {
      phase: 'no-data',
      message: `${source}: no trials for the ${canary.requests === 0 ? 'canary' : 'baseline'} in the window`
    }
  return {
    phase: 'ok',
    message: `canary ${canary.events}/${canary.requests}, baseline ${baseline.events}/${baseline.requests}`,
    counts: { canary, baseline }
  }
}
