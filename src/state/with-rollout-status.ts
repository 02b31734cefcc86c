import { CommitStatusReporter, rolloutContext } from './commit-status.js'
import { Logger } from '../platform/logger.js'
import { wasLive } from './derive-state.js'
import { StateStore } from './state-store.js'
import { RolloutPlan, RolloutRecord, RolloutState, Transition } from './types.js'

/**
 * Mirrors a release onto its commit as the status progressive-deploy/<environment>: pending when
 * it starts, success when it takes traffic, failure when it fails. Wrapping the store keeps every
 * command's transitions and the commit status in step without each command remembering to post.
 */
export class RolloutStatusStore implements StateStore {
  readonly type: string
  constructor(
    private readonly inner: StateStore,
    private readonly statuses: CommitStatusReporter,
    private readonly log: Logger
  ) {
    this.type = inner.type
  }

  load(environment: string): Promise<RolloutState | undefined> {
    return this.inner.load(environment)
  }

  known(environment: string): Promise<RolloutState | undefined> {
    return this.inner.known(environment)
  }

  history(environment: string, limit: number): Promise<RolloutRecord[]> {
    return this.inner.history(environment, limit)
  }

  holderGone(holder: RolloutRecord): Promise<boolean> {
    return this.inner.holderGone(holder)
  }

  confirmHeld(record: RolloutRecord): Promise<void> {
    return this.inner.confirmHeld(record)
  }

  /**
   * The pending status is the start of the mirror: when it cannot be posted the rollout does not
   * begin, and its record is closed at once so that no deployment is left in progress.
   */
  async begin(plan: RolloutPlan): Promise<RolloutRecord> {
    const record = await this.inner.begin(plan)
    try {
      await this.statuses.post(
        rolloutContext(plan.environment),
        'pending',
        plan.description,
        record.sha || undefined
      )
    } catch (error) {
      await this.inner.transition(record, {
        phase: 'failed',
        description:
          `not started: its commit status could not be posted (${(error as Error).message.split('\n')[0]})`.slice(
            0,
            120
          )
      })
      throw error
    }
    return record
  }

  /**
   * The deployment status is the record; the commit status mirrors it. A mirror that cannot be
   * updated is a warning, not a failure of what was recorded.
   */
  async transition(record: RolloutRecord, transition: Transition): Promise<void> {
    // Superseded before it ever took traffic (a preview, a release replaced while it waited):
    // its checks passed, and its pending status must not hang forever.
    const tookTraffic = wasLive(record)
    await this.inner.transition(record, transition)
    const state =
      transition.phase === 'live'
        ? 'success'
        : transition.phase === 'failed' || transition.phase === 'rolled-back'
          ? 'failure'
          : transition.phase === 'superseded' && !tookTraffic
            ? 'success'
            : undefined
    if (state === undefined) return
    try {
      await this.statuses.post(
        rolloutContext(record.environment),
        state,
        transition.description,
        record.sha || undefined
      )
    } catch (error) {
      this.log.warn(
        `${record.version} is recorded ${transition.phase}, but its commit status could not be updated: ${(error as Error).message}`
      )
    }
  }
}
