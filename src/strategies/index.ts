import { CanaryStep } from '../config/canary-steps.js'
import { RolloutRecord } from '../state/types.js'
import { blueGreen } from './blue-green.js'
import { canaryStrategy } from './canary.js'
import { Position, Strategy } from './strategy.js'

/** The phase machine of a blue/green pair's strategy (a rolling update builds its own from its plan). */
export function colorStrategy(settings: {
  strategy: 'blue-green' | 'canary' | 'rolling'
  canary: { steps: readonly CanaryStep[] }
}): Strategy {
  return settings.strategy === 'canary' ? canaryStrategy(settings.canary.steps) : blueGreen
}

/**
 * Where a release stands by its records. A canary step is recorded when it begins, so a record
 * still in `canary` had not finished that step (a run that died mid-bake redoes it); a pause is
 * where it waits, done.
 */
export function positionOf(record: RolloutRecord): Position {
  const last = [...record.events].reverse().find(e => e.step)
  if (!last?.step) return { phase: record.phase, index: -1 }
  return {
    phase: record.phase,
    index: last.phase === 'paused' ? last.step.index : last.step.index - 1
  }
}
