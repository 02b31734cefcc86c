import { Verdict } from '../analysis/verdict.js'
import { CanaryStep } from '../config/canary-steps.js'
import { Color } from '../config/settings.js'
import { Weights } from '../routers/traffic-router.js'
import { Transition } from '../state/types.js'
import { otherColor } from './blue-green.js'
import { deployPhase, Position, Strategy } from './strategy.js'

/**
 * The canary's phase machine: deploying → deployed → verified, then a step at a time: each
 * passed step leads to the next weight (canary), a pause step or gates that could not decide
 * stop it (paused), the last step makes it live, a failed gate aborts it (failed). A person's
 * promote passes a paused canary over the pause right after it.
 */
export function canaryStrategy(steps: readonly CanaryStep[]): Strategy {
  const total = steps.length
  return {
    name: 'canary',
    steps: planSteps({ strategy: 'canary', canary: { steps } }),
    next(at: Position, verdict: Verdict): Transition {
      const deploy = deployPhase(at.phase, verdict)
      if (deploy) return deploy
      if (verdict.outcome === 'fail') return { phase: 'failed', description: verdict.reason }
      const weightAt = (index: number): number => {
        const before = steps
          .slice(0, index + 1)
          .reverse()
          .find(s => s.kind === 'weight')
        return before?.kind === 'weight' ? before.weight : 0
      }
      if (verdict.outcome === 'inconclusive')
        return {
          phase: 'paused',
          description: verdict.reason,
          step: { index: at.index, total, weight: weightAt(at.index) }
        }
      const action = nextCanaryAction(steps, at.index, at.phase === 'paused')
      if (action.kind === 'complete') return { phase: 'live', description: verdict.reason }
      if (action.kind === 'pause')
        return {
          phase: 'paused',
          description: 'waiting for promote (pause step)',
          step: { index: action.index, total, weight: weightAt(action.index) }
        }
      return {
        phase: 'canary',
        description: `baking ${action.bakeMs / 1000}s`,
        step: { index: action.index, total, weight: action.weight }
      }
    }
  }
}

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
