import { CommitStatusReporter, rolloutContext } from './commit-status.js'
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
    private readonly statuses: CommitStatusReporter
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

  async begin(plan: RolloutPlan): Promise<RolloutRecord> {
    const record = await this.inner.begin(plan)
    await this.statuses.post(
      rolloutContext(plan.environment),
      'pending',
      plan.description,
      record.sha || undefined
    )
    return record
  }

  async transition(record: RolloutRecord, transition: Transition): Promise<void> {
    await this.inner.transition(record, transition)
    const context = rolloutContext(record.environment)
    const sha = record.sha || undefined
    if (transition.phase === 'live')
      await this.statuses.post(context, 'success', transition.description, sha)
    if (transition.phase === 'failed')
      await this.statuses.post(context, 'failure', transition.description, sha)
    // Superseded before it took traffic (a preview, a release replaced while it waited): its
    // checks passed, and its pending status must not hang forever.
    if (transition.phase === 'superseded' && !wasLive(record))
      await this.statuses.post(context, 'success', transition.description, sha)
  }
}
