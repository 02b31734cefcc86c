import { Weights } from '../routers/traffic-router.js'
import { describeFleet, soleVersion } from '../strategies/rolling.js'
import { FleetSnapshot, RolloutState } from '../state/types.js'
import { Outcome, Serving } from './outcome.js'

/** What the router held when the command ended, and what the records say runs where. */
export interface RouterReading {
  /** undefined when the router could not be read; `error` says why. */
  weights?: Weights
  error?: string
  state?: RolloutState
  /** What the router held when the command began (undefined: not read). */
  before?: Weights
}

/**
 * Makes the outcome say what the router holds when the command ends, whatever happened: the
 * router is the truth for traffic, the records for versions. Pure. A command that moved traffic
 * and could not record it says so in one sentence; a success whose claim the router contradicts
 * is a failure.
 */
export function withRouterTruth(
  outcome: Outcome,
  reading: RouterReading,
  strategy: 'blue-green' | 'canary' | 'rolling',
  /** The command's own failure, when it threw. */
  thrown?: string
): Outcome {
  if (!reading.weights)
    return {
      ...outcome,
      // A command that failed on the same read has said it already.
      headline:
        reading.error && outcome.headline.includes(reading.error)
          ? outcome.headline
          : `${outcome.headline} (The router could not be read afterwards: ${reading.error ?? 'no answer'}.)`
    }
  if (strategy === 'rolling') return fleetTruth(outcome, reading.weights, reading.state)
  return colorTruth(outcome, reading, thrown)
}

function colorTruth(outcome: Outcome, reading: RouterReading, thrown: string | undefined): Outcome {
  const weights = reading.weights as Weights
  const { state } = reading
  // Traffic moved during the command when the router held something else when it began.
  const moved =
    reading.before === undefined ||
    (['blue', 'green'] as const).some(
      c => Math.round(reading.before?.[c] ?? 0) !== Math.round(weights[c] ?? 0)
    )
  const versionOn = (color: 'blue' | 'green'): string => state?.colors[color]?.version ?? ''
  const shares = (['blue', 'green'] as const).map(color => ({ color, share: weights[color] ?? 0 }))
  const sole = shares.find(s => s.share > 0 && shares.every(o => o === s || o.share === 0))
  const traffic = { weights }
  if (!sole) {
    // A split: the canary's share is what the router holds; the stable side still serves.
    const stable = [...shares].sort((a, b) => b.share - a.share)[0].color
    const serving: Serving = outcome.serving?.after ?? { color: stable, version: versionOn(stable) }
    const split = shares.map(s => `${Math.round(s.share)}% ${s.color}`).join(' / ')
    return {
      ...outcome,
      traffic,
      serving: { before: outcome.serving?.before ?? serving, after: serving },
      ...(thrown ? { headline: then(outcome.headline, `The router holds ${split}.`) } : {})
    }
  }
  const now: Serving = { color: sole.color, version: versionOn(sole.color) }
  const claimed = outcome.serving?.after
  const before = outcome.serving?.before ?? {
    color: state?.live?.color === 'fleet' || !state?.live ? now.color : state.live.color,
    version: state?.live?.version ?? ''
  }
  const recorded = state?.live?.color === now.color && state.live.version === now.version
  const sentence = `${now.version || '(no recorded version)'} on ${now.color} takes all traffic`
  let headline = outcome.headline
  let result = outcome.result
  if (thrown !== undefined && !recorded && moved)
    headline = then(`${sentence}; recording it failed: ${thrown}`, 'The next run records it.')
  else if (thrown !== undefined) headline = then(outcome.headline, `${sentence}.`)
  else if (claimed && claimed.color !== now.color) {
    headline = then(
      outcome.headline,
      `But the router sends all traffic to ${now.color} (${now.version || 'no recorded version'}), not ${claimed.color}.`
    )
    result = 'failure'
  }
  return { ...outcome, result, headline, traffic, serving: { before, after: now } }
}

function fleetTruth(outcome: Outcome, weights: Weights, state: RolloutState | undefined): Outcome {
  const recorded: FleetSnapshot | undefined = outcome.fleet?.snapshot ?? state?.fleet?.snapshot
  if (!recorded) return outcome
  const snapshot: FleetSnapshot = {
    ...recorded,
    instances: Object.fromEntries(
      Object.entries(recorded.instances).map(([name, s]) => [
        name,
        { ...s, inRotation: (weights[name] ?? 0) > 0 }
      ])
    )
  }
  const version = soleVersion(snapshot, true)
  return {
    ...outcome,
    traffic: { weights },
    fleet: { ...outcome.fleet, snapshot, version },
    headline:
      describeFleet(snapshot) === describeFleet(recorded)
        ? outcome.headline
        : then(outcome.headline, `The router has ${describeFleet(snapshot)}.`)
  }
}

/** One sentence after another. */
function then(first: string, next: string): string {
  return `${first}${/[.!?)]$/.test(first.trim()) ? '' : '.'} ${next}`
}
