import { RolloutPlan, RolloutRecord, RolloutState, Transition } from './types.js'

/** Remembers rollouts. Every reader rebuilds the whole state from the store alone. */
export interface StateStore {
  readonly type: string
  /** undefined when the environment has no records yet. */
  load(environment: string): Promise<RolloutState | undefined>
  /**
   * The state as this process last read and wrote it, without asking the backend: what the
   * report says after a command, also when the backend has just failed.
   */
  known(environment: string): Promise<RolloutState | undefined>
  /** Newest first. */
  history(environment: string, limit: number): Promise<RolloutRecord[]>
  /**
   * Whether the run or local process holding `holder` is gone (false when the store cannot
   * tell, e.g. without actions: read).
   */
  holderGone(holder: RolloutRecord): Promise<boolean>
  /**
   * Opens a record: this run's claim on the environment. The caller has checked the lease
   * against records up to `plan.seenUpTo`; of the claims made after that, the oldest wins. A
   * claim that loses is recorded failed, naming the winner, and begin throws LeaseLost.
   */
  begin(plan: RolloutPlan): Promise<RolloutRecord>
  /**
   * Moves a record to a new phase; updates the given object too. Moving it to a phase in
   * progress requires that it still holds the lease (read fresh): a record another run ended
   * is never moved back (LeaseLost).
   */
  transition(record: RolloutRecord, transition: Transition): Promise<void>
  /** Throws LeaseLost unless the record still holds the lease (read fresh): the fence before a side effect. */
  confirmHeld(record: RolloutRecord): Promise<void>
}
