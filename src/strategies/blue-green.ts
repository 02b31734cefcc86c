import { Color, Settings } from '../config/settings.js'
import { ConfigurationError } from '../errors.js'
import { Verdict } from '../analysis/verdict.js'
import { soleTarget, Weights } from '../routers/traffic-router.js'
import { Phase, RolloutRecord, RolloutState, Transition } from '../state/types.js'
import { deployPhase, Position, Strategy } from './strategy.js'
import { ColorRecord, colorRecord, isColorRecord } from '../state/slot.js'

export function otherColor(color: Color): Color {
  return color === 'blue' ? 'green' : 'blue'
}

/** The color the router sends all traffic to; a split or an empty table is refused with the fix. */
export function liveColorOf(weights: Weights): Color {
  const sole = soleTarget(weights)
  if (sole === 'blue' || sole === 'green') return sole
  throw ConfigurationError.single(
    'environment',
    `this needs all traffic on one color, but the router holds ${describeSplit(weights)}. Settle it first: rollback (all traffic back on the last live release), or switch with switch-to: blue or switch-to: green.`
  )
}

/** "blue 80%, green 20%" */
export function describeSplit(weights: Weights): string {
  return (
    Object.entries(weights)
      .map(([name, w]) => `${name} ${Math.round(w)}%`)
      .join(', ') || 'no servers'
  )
}

/** Blue/green phase machine: deploying → deployed → verified → live; any failed check → failed. */
export const blueGreen: Strategy = {
  name: 'blue-green',
  steps: ['deploy-green', 'verify', 'switch'],
  next(at: Position, verdict: Verdict): Transition {
    const deploy = deployPhase(at.phase, verdict)
    if (deploy) return deploy
    if (verdict.outcome !== 'pass') return { phase: 'failed', description: verdict.reason }
    if (at.phase === 'verified') return { phase: 'live', description: verdict.reason }
    throw new Error(`bug: blue/green has no step after ${at.phase}`)
  }
}

/** Where deploy-green puts the new version: always the color without traffic. */
export function planDeploy(routerWeights: Weights): { color: Color; live: Color } {
  const live = liveColorOf(routerWeights)
  return { color: otherColor(live), live }
}

export type SwitchDecision =
  | { kind: 'switch'; from: Color; to: Color; record?: RolloutRecord; back: boolean }
  | { kind: 'no-op'; color: Color; reason: string }

/** Phases in which a color must not take traffic without `force`. */
const UNFIT: readonly Phase[] = ['failed', 'deploying']

/** Decides what `switch` does. Refusals are ConfigurationErrors: nothing has been touched yet. */
export function planSwitch(
  option: Settings['switchTo'],
  routerWeights: Weights,
  state: RolloutState | undefined,
  force: boolean
): SwitchDecision {
  const sole = soleTarget(routerWeights)
  if (sole !== 'blue' && sole !== 'green' && (option === 'idle' || option === 'previous'))
    throw ConfigurationError.single(
      'switch-to',
      `traffic is split (${describeSplit(routerWeights)}), so "${option}" names no color; say which takes all of it: switch-to: blue or switch-to: green (rollback puts it all on the last live release).`
    )
  // A split (a canary, a run that died half-way) is settled by naming the color.
  const to = option === 'idle' || option === 'previous' ? otherColor(sole as Color) : option
  const from = sole === 'blue' || sole === 'green' ? sole : otherColor(to)
  if (to === from) return { kind: 'no-op', color: to, reason: `${to} already takes all traffic` }
  const record = state?.colors[to]
  if (!force) {
    if (!record) {
      throw ConfigurationError.single(
        'switch-to',
        `nothing is recorded as deployed on ${to}; run deploy-green first, or set force: true if ${to} is known to be good.`
      )
    }
    if (UNFIT.includes(record.phase)) {
      throw ConfigurationError.single(
        'switch-to',
        `${to} runs ${record.version}, which is ${record.phase === 'failed' ? 'marked failed' : 'still deploying'} ("${lastDescription(record)}"). Deploy a good version first, or set force: true.`
      )
    }
  }
  // Going back to a color that was live before is a rollback of the current release.
  const back =
    record !== undefined &&
    (option === 'previous' || record.phase === 'superseded' || record.phase === 'rolled-back')
  return { kind: 'switch', from, to, record, back }
}

/** A canary (or a run that died mid-canary) holds part of the traffic: all of it goes back. */
export interface RestoreStable {
  kind: 'restore-stable'
  canary: ColorRecord
  stable: Color
}

export interface RollbackDecision {
  kind: 'release'
  /** The live release being rolled back. */
  from: ColorRecord
  version: string
  /** The idle color, where the good version runs or will be redeployed. */
  color: Color
  /** true when the idle color does not run that version any more: deploy it first. */
  redeploy: boolean
  /** The record of the version restored, when one is known: the rollback points at its commit. */
  restores?: RolloutRecord
}

/**
 * Decides what `rollback` does: with a canary holding part of the traffic, all of it back on the
 * stable side; else back to the last good release, switching when it still runs on the idle
 * color and redeploying it there first when not.
 */
export function planRollback(
  state: RolloutState | undefined,
  routerWeights: Weights,
  requestedVersion: string
): RollbackDecision | RestoreStable {
  const progress = state?.inProgress
  if (
    progress &&
    isColorRecord(progress) &&
    (progress.phase === 'canary' || progress.phase === 'paused') &&
    (routerWeights[progress.color] ?? 0) > 0
  )
    return { kind: 'restore-stable', canary: progress, stable: otherColor(progress.color) }
  const recorded = state?.live
  if (!state || !recorded) {
    throw ConfigurationError.single(
      'environment',
      `no live release is recorded for environment "${state?.environment ?? '?'}"; there is nothing to roll back.`
    )
  }
  const live = colorRecord(recorded)
  const routerLive = liveColorOf(routerWeights)
  if (routerLive !== live.color) {
    throw ConfigurationError.single(
      'environment',
      `the state says ${live.version} is live on ${live.color}, but the router sends traffic to ${routerLive}. Check the router, then use switch with switch-to: ${live.color} or ${routerLive} to settle it.`
    )
  }
  const version = requestedVersion !== '' ? requestedVersion : state.lastKnownGood?.version
  if (version === undefined) {
    throw ConfigurationError.single(
      'rollback-version',
      `no earlier good release is recorded before ${live.version}; name the version to return to with rollback-version.`
    )
  }
  if (version === live.version) {
    throw ConfigurationError.single(
      'rollback-version',
      `${version} is already live on ${live.color}; name another version.`
    )
  }
  const color = otherColor(live.color)
  const idle = state.colors[color]
  const runsThere = idle !== undefined && idle.version === version && !UNFIT.includes(idle.phase)
  const restores = [state.lastKnownGood, idle, state.colors[live.color]].find(
    r => r !== undefined && r.version === version
  )
  return {
    kind: 'release',
    from: live,
    version,
    color,
    redeploy: !runsThere,
    ...(restores ? { restores } : {})
  }
}

function lastDescription(record: RolloutRecord): string {
  return record.events[record.events.length - 1]?.description ?? record.phase
}
