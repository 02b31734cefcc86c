import { Instance, RollingSettings } from '../config/settings.js'
import { planBatches } from '../config/rolling-batches.js'
import { Weights } from '../routers/traffic-router.js'
import { Verdict } from '../analysis/verdict.js'
import {
  FleetPlan,
  FleetSnapshot,
  InstanceState,
  RolloutState,
  Transition
} from '../state/types.js'
import { Position, Strategy } from './strategy.js'

// Rolling updates, decided without I/O: what the fleet runs, what to do next, what may be drained.

/** An instance is done when it runs the target version and takes traffic again. */
export function isDone(state: InstanceState | undefined, version: string): boolean {
  return state !== undefined && state.version === version && state.inRotation
}

export type RollingStart =
  /** A fresh update: every instance runs what the last update left (or `fallback`). */
  | { kind: 'start'; plan: FleetPlan; snapshot: FleetSnapshot }
  /** An unfinished update of the same version: go on after its last finished batch. */
  | { kind: 'resume'; plan: FleetPlan; snapshot: FleetSnapshot }
  /** An unfinished update that the user wants undone before anything else. */
  | { kind: 'revert'; plan: FleetPlan; snapshot: FleetSnapshot }

/**
 * Decides how a rolling run begins from the recorded state. `fallback` is the version instances
 * ran before when nothing is recorded for them (rollback-version; '' = unknown).
 */
export function planRollingStart(
  state: RolloutState | undefined,
  settings: Pick<RollingSettings, 'instances' | 'batchSize' | 'onInterrupted'>,
  version: string,
  fallback: string
): RollingStart {
  const last = state?.fleet
  const unfinished =
    last !== undefined && ['deploying', 'rolling', 'paused'].includes(last.record.phase)
  const recorded = last?.snapshot.instances ?? {}
  const before = (name: string): string => {
    const recordedFrom = last?.record.fleet?.instances.find(i => i.name === name)?.from ?? ''
    // An unfinished update keeps its own "before", so undoing it goes back past every attempt.
    if (unfinished && recordedFrom !== '') return recordedFrom
    const now = recorded[name]?.version ?? ''
    if (now !== '' && now !== version) return now
    // Already on (or half-way to) this version after a failed update: what it ran before that.
    return recordedFrom || fallback
  }
  const plan: FleetPlan = {
    instances: settings.instances.map(i => ({ ...i, from: before(i.name) })),
    batches: planBatches(
      settings.instances.map(i => i.name),
      settings.batchSize
    )
  }
  const instances: Record<string, InstanceState> = {}
  for (const { name } of settings.instances)
    instances[name] = recorded[name] ?? { version: fallback, inRotation: true }
  const snapshot: FleetSnapshot = {
    batchesDone: 0,
    batches: plan.batches.length,
    instances
  }
  snapshot.batchesDone = batchesDone(plan, snapshot, version)
  if (unfinished && settings.onInterrupted === 'rollback') return { kind: 'revert', plan, snapshot }
  if (unfinished && last?.record.version === version) return { kind: 'resume', plan, snapshot }
  return { kind: 'start', plan, snapshot }
}

/** How many batches, from the first, are wholly done. */
export function batchesDone(plan: FleetPlan, snapshot: FleetSnapshot, version: string): number {
  let done = 0
  while (
    done < plan.batches.length &&
    plan.batches[done].every(name => isDone(snapshot.instances[name], version))
  )
    done += 1
  return done
}

/**
 * The batches in the order to run them: a batch holding an instance that is already out of
 * rotation (left drained by a failed update) goes first, since taking it out again costs no
 * capacity; otherwise it would use up max-unavailable and block every other batch.
 */
export function batchOrder(plan: FleetPlan, snapshot: FleetSnapshot): [number, string[]][] {
  const entries = plan.batches.map((batch, index): [number, string[]] => [index, batch])
  const drained = ([, batch]: [number, string[]]): number =>
    batch.some(name => snapshot.instances[name]?.inRotation === false) ? 0 : 1
  return entries.sort((a, b) => drained(a) - drained(b) || a[0] - b[0])
}

/** The instances of a batch that still need the version. */
export function pendingIn(
  batch: readonly string[],
  snapshot: FleetSnapshot,
  version: string
): string[] {
  return batch.filter(name => !isDone(snapshot.instances[name], version))
}

/**
 * May these instances leave rotation now? The router's own weights say what is in rotation, and
 * an instance in rotation that fails its health check (`unhealthy`) does not count as serving.
 * At least the fleet size minus max-unavailable must keep serving, and never fewer than 1.
 */
export function drainAllowed(
  weights: Weights,
  instances: readonly Instance[],
  toDrain: readonly string[],
  maxUnavailable: number,
  unhealthy: readonly string[] = []
): { allowed: true } | { allowed: false; reason: string } {
  const inRotation = instances.filter(i => (weights[i.name] ?? 0) > 0).map(i => i.name)
  // Taking out what is already out costs no capacity: putting drained instances back (an undo
  // after a run died mid-batch) must not be refused for a shortfall it does not add to.
  if (!toDrain.some(name => inRotation.includes(name))) return { allowed: true }
  const serving = inRotation.filter(name => !unhealthy.includes(name) && !toDrain.includes(name))
  const minInRotation = Math.max(1, instances.length - maxUnavailable)
  if (serving.length >= minInRotation) return { allowed: true }
  const out = instances.filter(i => !inRotation.includes(i.name)).map(i => i.name)
  const sick = inRotation.filter(name => unhealthy.includes(name) && !toDrain.includes(name))
  const why = [
    out.length ? `out of rotation: ${out.join(', ')}` : '',
    sick.length ? `in rotation but failing their health check: ${sick.join(', ')}` : ''
  ].filter(Boolean)
  return {
    allowed: false,
    reason: `draining ${toDrain.join(', ')} would leave ${serving.length} of ${instances.length} instances serving; max-unavailable allows no fewer than ${minInRotation}${why.length ? ` (${why.join('; ')})` : ''}`
  }
}

/**
 * What undoing an update touches: instances not on their version from before, newest batch
 * first, in batches of the same size; instances whose earlier version is unknown are left alone.
 */
export function revertBatches(plan: FleetPlan, snapshot: FleetSnapshot): string[][] {
  const byName = new Map(plan.instances.map(i => [i.name, i]))
  const needs = (name: string): boolean => {
    const from = byName.get(name)?.from ?? ''
    const now = snapshot.instances[name]
    return from !== '' && (now?.version !== from || !now.inRotation)
  }
  return [...plan.batches]
    .reverse()
    .map(batch => batch.filter(needs))
    .filter(batch => batch.length > 0)
}

/**
 * Instances the update touched (on the new version, or out of rotation) whose earlier version
 * nobody recorded: undoing cannot put them back.
 */
export function stuckWithoutHistory(
  plan: FleetPlan,
  snapshot: FleetSnapshot,
  version: string
): string[] {
  return plan.instances
    .filter(({ name, from }) => {
      const now = snapshot.instances[name]
      return from === '' && (now?.version === version || !now?.inRotation)
    })
    .map(i => i.name)
}

/** "4 × v2, 2 × v1, 1 drained": the fleet in a few words. */
export function describeFleet(snapshot: FleetSnapshot): string {
  const counts = new Map<string, number>()
  let drained = 0
  for (const state of Object.values(snapshot.instances)) {
    const label = state.version === '' ? 'unknown' : state.version
    counts.set(label, (counts.get(label) ?? 0) + 1)
    if (!state.inRotation) drained += 1
  }
  const parts = [...counts].map(([version, n]) => `${n} × ${version}`)
  if (drained > 0) parts.push(`${drained} out of rotation`)
  return parts.join(', ')
}

/**
 * The one version a fleet runs (the instances in rotation, or all of them), for the `version`
 * outputs; '' when it runs several, or one nobody recorded: `fleet` then says what runs where.
 */
export function soleVersion(snapshot: FleetSnapshot, onlyInRotation = false): string {
  const states = Object.values(snapshot.instances).filter(s => !onlyInRotation || s.inRotation)
  const versions = new Set(states.map(s => s.version))
  return versions.size === 1 ? [...versions][0] : ''
}

/** "4 batches of one instance", "3 batches of up to 2 instances". */
export function describeBatches(batches: number, batchSize: number): string {
  return `${batches} ${batches === 1 ? 'batch' : 'batches'} of ${batchSize === 1 ? 'one instance' : `up to ${batchSize} instances`}`
}

/** The plan's steps as people read them (and as the deployment payload keeps them). */
export function rollingSteps(plan: FleetPlan): string[] {
  return plan.batches.map((batch, i) => `batch ${i + 1}: ${batch.join(', ')}`)
}

/**
 * The rolling update's phase machine: a batch that passed leads to the next (rolling) or, the
 * last one, to live; a failed batch fails the update; a stop that waits for a person
 * (max-batches) pauses it. `at.index` is the number of batches done.
 */
export function rollingStrategy(plan: FleetPlan): Strategy {
  return {
    name: 'rolling',
    steps: rollingSteps(plan),
    next(at: Position, verdict: Verdict): Transition {
      if (verdict.outcome === 'fail') return { phase: 'failed', description: verdict.reason }
      if (verdict.outcome === 'inconclusive')
        return { phase: 'paused', description: verdict.reason }
      return at.index >= plan.batches.length
        ? { phase: 'live', description: verdict.reason }
        : { phase: 'rolling', description: verdict.reason }
    }
  }
}
