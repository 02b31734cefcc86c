import { Verdict } from '../analysis/verdict.js'
import { Phase, Transition } from '../state/types.js'

/** Decides. Pure: the same phase and verdict always give the same transition. */
export interface Strategy {
  readonly name: 'blue-green' | 'canary' | 'rolling'
  next(phase: Phase, verdict: Verdict): Transition
}
