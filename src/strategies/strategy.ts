import { Verdict } from '../analysis/verdict.js'
import { Phase, Transition } from '../state/types.js'

/**
 * Where a rollout stands, as its records say: its phase, and how far it got — for a canary the
 * last step it finished (a pause it waits at counts), for a rolling update the batches done;
 * -1 before the first.
 */
export interface Position {
  phase: Phase
  index: number
}

/**
 * One strategy's phase machine; blue/green, canary and rolling have this same shape. Pure: the
 * same position and verdict always give the same transition. Commands record the transition
 * before they act on it (a canary step is recorded, then the router moves).
 */
export interface Strategy {
  readonly name: 'blue-green' | 'canary' | 'rolling'
  /** The plan's steps as people read them (and as the deployment payload keeps them). */
  readonly steps: readonly string[]
  /** Where the rollout goes from `at` after a verdict on it. */
  next(at: Position, verdict: Verdict): Transition
}

/** deploying → deployed → verified: the first two steps of blue/green and canary alike. */
export function deployPhase(phase: Phase, verdict: Verdict): Transition | undefined {
  const after: Partial<Record<Phase, Phase>> = { deploying: 'deployed', deployed: 'verified' }
  const next = after[phase]
  if (next === undefined) return undefined
  return verdict.outcome === 'pass'
    ? { phase: next, description: verdict.reason }
    : { phase: 'failed', description: verdict.reason }
}
