import { CanaryStep } from '../config/canary-steps.js'
import { Color } from '../config/settings.js'
import { Weights } from '../routers/traffic-router.js'
import { otherColor } from './blue-green.js'

/** What the canary does next. */
export type CanaryAction =
  /** shift `weight`% to the canary and bake */
  | { kind: 'shift'; index: number; weight: number; bakeMs: number }
  /** stop here until a person promotes */
  | { kind: 'pause'; index: number }
  /** every step passed: the canary takes all traffic */
  | { kind: 'complete' }

/**
 * The action after step `done` (-1 before the first). Pure. A pause is passed over when the
 * rollout is being promoted past it (`promoting`).
 */
export function nextCanaryAction(
  steps: readonly CanaryStep[],
  done: number,
  promoting: boolean
): CanaryAction {
  const index = done + 1
  if (index >= steps.length) return { kind: 'complete' }
  const step = steps[index]
  if (step.kind === 'pause')
    return promoting ? nextCanaryAction(steps, index, false) : { kind: 'pause', index }
  return { kind: 'shift', index, weight: step.weight, bakeMs: step.bakeMs }
}

/** The split for a canary weight: the rest stays on stable. */
export function canaryWeights(canary: Color, weight: number): Weights {
  return { [canary]: weight, [otherColor(canary)]: 100 - weight }
}

/** Abort: everything back on stable. */
export function stableWeights(canary: Color): Weights {
  return canaryWeights(canary, 0)
}

/** The plan's steps as people read them (and as the deployment payload keeps them). */
export function planSteps(settings: {
  strategy: 'blue-green' | 'canary' | 'rolling'
  canary: { steps: readonly CanaryStep[] }
}): string[] {
  if (settings.strategy === 'blue-green') return ['deploy-green', 'verify', 'switch']
  return [
    'deploy-green',
    'verify',
    ...settings.canary.steps.map(s => (s.kind === 'pause' ? 'pause' : `canary ${s.weight}%`))
  ]
}
