import { RolloutPlan, RolloutRecord, RolloutState, Transition } from './types.js'

/** Remembers rollouts. Every reader rebuilds the whole state from the store alone. */
export interface StateStore {
  readonly type: string
  /** undefined when the environment has no records yet. */
  load(environment: string): Promise<RolloutState | undefined>
  /** Newest first. */
  history(environment: string, limit: number): Promise<RolloutRecord[]>
  /** Opens a record and takes the environment's lease (refused while another holds it, unless forced). */
  begin(plan: RolloutPlan): Promise<RolloutRecord>
  /** Moves a record to a new phase; updates the given object too. */
  transition(record: RolloutRecord, transition: Transition): Promise<void>
}
