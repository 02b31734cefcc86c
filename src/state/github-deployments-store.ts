import { LeaseLost } from '../errors.js'
import { DeploymentData, GitHubApi } from '../platform/github-api.js'
import { Logger } from '../platform/logger.js'
import { deriveState } from './derive-state.js'
import {
  eventOf,
  PayloadV1,
  payloadOf,
  readPayload,
  recordOf,
  statusOf,
  TASK
} from './deployment-record.js'
import { lostTo, notHeld } from './lease.js'
import { processGone } from './local-process.js'
import { raceWinner } from './race.js'
import { StateStore } from './state-store.js'
import { IN_PROGRESS, RolloutPlan, RolloutRecord, RolloutState, Transition } from './types.js'

export interface GitHubStoreOptions {
  /** The commit each new deployment points at. */
  sha: string
  /** The service URL shown on each status (environment_url); '' for none. */
  environmentUrl: string
  /** The run that writes, linked from each status (log_url); '' for none. */
  logUrl: string
  productionEnvironment?: boolean
  transientEnvironment: boolean
}

/** Deployments read per page, and pages read at most, when looking for the current state. */
const PAGE_SIZE = 10
const MAX_PAGES = 3
/** Newest records read one by one before the newest one's context is used. */
const WALK = 2

/** What this process has read of one environment. */
interface Known {
  /** Newest first. */
  records: RolloutRecord[]
  payloads: Map<number, PayloadV1>
  /** No older page to read. */
  exhausted: boolean
  /** The state was completed from the newest record's context. */
  anchored: boolean
  nextPage: number
}

/**
 * State as GitHub deployments: one deployment per release (task "progressive-deploy", payload =
 * the plan), one deployment status per transition. Reads stop as soon as the state is known
 * (live, last known good, both colors), and this process's own writes are kept, so a whole
 * steady-state blue/green release makes 11 API requests.
 */
export class GitHubDeploymentsStore implements StateStore {
  readonly type = 'github'
  /** Per environment: our records read so far (newest first), and whether older ones remain unread. */
  private readonly known_ = new Map<string, Known>()

  constructor(
    private readonly api: GitHubApi,
    private readonly options: GitHubStoreOptions,
    private readonly log: Logger
  ) {}

  async load(environment: string): Promise<RolloutState | undefined> {
    const records = await this.read(environment, 0)
    return records.length === 0 ? undefined : deriveState(environment, records)
  }

  async known(environment: string): Promise<RolloutState | undefined> {
    const records = this.known_.get(environment)?.records ?? []
    return records.length === 0 ? undefined : deriveState(environment, records)
  }

  async history(environment: string, limit: number): Promise<RolloutRecord[]> {
    return (await this.read(environment, limit)).slice(0, limit)
  }

  async holderGone(holder: RolloutRecord): Promise<boolean> {
    if (holder.runId === '') return processGone(holder.process)
    try {
      return (await this.api.getRunStatus(holder.runId)) === 'completed'
    } catch (error) {
      this.log.warn(
        `cannot tell whether run ${holder.runId} has ended (${(error as Error).message}); treating its lease as held. Grant actions: read to take over leases of ended runs.`
      )
      return false
    }
  }

  async begin(plan: RolloutPlan): Promise<RolloutRecord> {
    const payload = payloadOf(plan)
    const deployment = await this.api.createDeployment({
      ref: plan.sha || this.options.sha,
      task: TASK,
      environment: plan.environment,
      description: plan.description.slice(0, 140),
      payload: { ...payload },
      ...(this.options.productionEnvironment === undefined
        ? {}
        : { production_environment: this.options.productionEnvironment }),
      transient_environment: this.options.transientEnvironment
    })
    const winner = await this.rivalBefore(plan, deployment.id)
    if (winner) {
      const lost = lostTo(winner)
      await this.api.createDeploymentStatus(
        deployment.id,
        this.statusBody({ phase: 'failed', description: lost }, plan)
      )
      throw new LeaseLost(lost)
    }
    const status = await this.api.createDeploymentStatus(
      deployment.id,
      this.statusBody(
        {
          phase: 'deploying',
          description: plan.description,
          ...(plan.startFleet ? { fleet: plan.startFleet } : {})
        },
        plan
      )
    )
    const record = recordOf(deployment, payload, [status])
    const known = this.known_.get(plan.environment)
    known?.records.unshift(structuredClone(record))
    known?.payloads.set(record.id, payload)
    return record
  }

  async transition(record: RolloutRecord, transition: Transition): Promise<void> {
    if (IN_PROGRESS.includes(transition.phase)) await this.confirmHeld(record)
    const status = await this.api.createDeploymentStatus(
      record.id,
      this.statusBody(transition, record)
    )
    const cached = this.known_.get(record.environment)?.records.find(r => r.id === record.id)
    for (const target of new Set([record, cached])) {
      if (!target) continue
      target.phase = transition.phase
      target.updatedAt = status.created_at
      target.events.push({
        at: status.created_at,
        phase: transition.phase,
        description: transition.description,
        ...(transition.step ? { step: transition.step } : {}),
        ...(transition.fleet ? { fleet: structuredClone(transition.fleet) } : {}),
        ...(transition.evidence ? { evidence: [...transition.evidence] } : {})
      })
    }
  }

  async confirmHeld(record: RolloutRecord): Promise<void> {
    const statuses = await this.api.listDeploymentStatuses(record.id, 100)
    const newest = [...statuses].sort((a, b) => b.id - a.id)[0]
    if (!newest) return
    const event = eventOf(newest, { fleet: record.fleet, version: record.version })
    if (!IN_PROGRESS.includes(event.phase))
      throw new LeaseLost(notHeld({ ...record, phase: event.phase, events: [event] }))
  }

  /**
   * Claims made since the lease was checked, older than ours, still in progress: the oldest wins.
   * Usually the newest deployments hold only ours, and this costs one list.
   */
  private async rivalBefore(plan: RolloutPlan, ours: number): Promise<RolloutRecord | undefined> {
    const fresh = await this.api.listDeployments({
      environment: plan.environment,
      task: TASK,
      perPage: PAGE_SIZE,
      page: 1
    })
    const claims = fresh
      .filter(d => d.id > plan.seenUpTo && d.id < ours)
      .sort((a, b) => a.id - b.id)
    const records: RolloutRecord[] = []
    for (const deployment of claims) {
      const payload = readPayload(deployment)
      if (!payload) continue
      records.push(
        recordOf(deployment, payload, await this.api.listDeploymentStatuses(deployment.id, 100))
      )
      const winner = raceWinner(records, plan.seenUpTo, ours)
      if (winner) return winner
    }
    return undefined
  }

  /** Our records, newest first: enough to know the state, and at least `atLeast` when there are that many. */
  /**
   * Our records, newest first: enough to know the state, and at least `atLeast` when there are
   * that many. After the newest few, the rest of the state comes from the context the newest
   * record was opened with (the ids of live, last known good and each color's newest), read
   * directly: failed attempts and previews piling up do not make a release read more.
   */
  private async read(environment: string, atLeast: number): Promise<RolloutRecord[]> {
    let known = this.known_.get(environment)
    if (!known) {
      known = { records: [], payloads: new Map(), exhausted: false, anchored: false, nextPage: 1 }
      this.known_.set(environment, known)
    }
    const enough = (k: Known) =>
      k.records.length >= atLeast && (k.anchored || stateKnown(environment, k.records))
    while (!known.exhausted && !enough(known)) {
      const page = await this.api.listDeployments({
        environment,
        task: TASK,
        perPage: PAGE_SIZE,
        page: known.nextPage
      })
      known.nextPage += 1
      if (page.length < PAGE_SIZE || known.nextPage > MAX_PAGES) known.exhausted = true
      for (const deployment of page) {
        if (known.records.some(r => r.id === deployment.id)) continue
        await this.add(known, deployment)
        if (enough(known)) break
        if (known.records.length >= Math.max(WALK, atLeast) && (await this.anchor(known, page)))
          break
      }
    }
    if (known.exhausted && known.nextPage > MAX_PAGES)
      this.log.debug(
        `state: read the newest ${PAGE_SIZE * MAX_PAGES} deployments of ${environment}`
      )
    return known.records
  }

  /** Reads a deployment's statuses into the known records (ours only). */
  private async add(known: Known, deployment: DeploymentData): Promise<void> {
    const payload = readPayload(deployment)
    if (!payload) return
    const statuses = await this.api.listDeploymentStatuses(deployment.id, 100)
    known.payloads.set(deployment.id, payload)
    known.records.push(recordOf(deployment, payload, statuses))
    known.records.sort((a, b) => b.id - a.id)
  }

  /** Completes the known records from the newest one's context; false when it has none. */
  private async anchor(known: Known, page: readonly DeploymentData[]): Promise<boolean> {
    const seen = known.payloads.get(known.records[0]?.id)?.seen
    if (!seen) return false
    const ids = [
      seen.live,
      seen.lastKnownGood,
      seen.blue,
      seen.green,
      seen.fleet,
      // Claims made since that state was read (runs that started together).
      ...page.filter(d => d.id > seen.upTo).map(d => d.id)
    ]
    for (const id of new Set(ids)) {
      if (id === undefined || known.records.some(r => r.id === id)) continue
      const deployment = page.find(d => d.id === id) ?? (await this.api.getDeployment(id))
      if (deployment) await this.add(known, deployment)
    }
    known.anchored = true
    return true
  }

  private statusBody(transition: Transition, record: Pick<RolloutRecord, 'fleet' | 'version'>) {
    return {
      ...statusOf(transition, record),
      ...(this.options.logUrl ? { log_url: this.options.logUrl } : {}),
      ...(this.options.environmentUrl ? { environment_url: this.options.environmentUrl } : {})
    }
  }
}

/** True when the newest records already decide live, last known good and what runs on each color. */
function stateKnown(environment: string, newestFirst: readonly RolloutRecord[]): boolean {
  const state = deriveState(environment, newestFirst)
  // A rolling environment: its newest record holds the whole fleet.
  if (newestFirst[0]?.color === 'fleet' && state.fleet !== undefined) return true
  return (
    state.live !== undefined &&
    state.lastKnownGood !== undefined &&
    state.colors.blue !== undefined &&
    state.colors.green !== undefined
  )
}
