import { DeploymentData, DeploymentState, DeploymentStatusData } from '../platform/github-api.js'
import { decodeFleet, encodeFleet } from './fleet-codes.js'
import {
  FleetPlan,
  Phase,
  RecordEvent,
  RolloutPlan,
  RolloutRecord,
  Slot,
  StateContext,
  Transition
} from './types.js'

/** Our task name on GitHub deployments; GitHub's own `deploy` deployments are ignored. */
export const TASK = 'progressive-deploy'

/** Marker and version of the payload we write on every deployment. */
const PAYLOAD_KEY = 'progressive-deploy'
const PAYLOAD_VERSION = 1

/** The plan as stored in a deployment's payload. Read back by any later job. */
export interface PayloadV1 {
  [PAYLOAD_KEY]: typeof PAYLOAD_VERSION
  strategy: 'blue-green' | 'canary' | 'rolling'
  kind: RolloutRecord['kind']
  version: string
  color: Slot
  actor: string
  runId: string
  runUrl: string
  rollback?: RolloutRecord['rollback']
  /** The live release this one was meant to replace. */
  replaces?: { version: string; color: Slot }
  /** The steps of the plan, in order. */
  steps: string[]
  /** Rolling updates: the instances in order, what each ran before, and the batches. */
  fleet?: FleetPlan
  /** Local runs: host:pid of the process holding the lease. */
  process?: string
  /** The state this release began from: the newest id then, and the records that made it. */
  seen?: { upTo: number } & StateContext
}

/** GitHub has no field for our phase: a status carries it as its state and the start of its description. */
const STATUS_OF: Record<Phase, { state: DeploymentState; label: string }> = {
  deploying: { state: 'in_progress', label: 'deploying' },
  deployed: { state: 'in_progress', label: 'deployed' },
  verified: { state: 'in_progress', label: 'verified' },
  canary: { state: 'in_progress', label: 'canary' },
  paused: { state: 'in_progress', label: 'paused' },
  rolling: { state: 'in_progress', label: 'rolling' },
  live: { state: 'success', label: 'live' },
  failed: { state: 'failure', label: 'failed' },
  superseded: { state: 'inactive', label: 'superseded' },
  'rolled-back': { state: 'failure', label: 'rolled back' }
}

/** GitHub refuses deployment status descriptions over 140 characters. */
export const MAX_DESCRIPTION = 140

export function payloadOf(plan: RolloutPlan): PayloadV1 {
  return {
    [PAYLOAD_KEY]: PAYLOAD_VERSION,
    strategy: plan.strategy,
    kind: plan.kind,
    version: plan.version,
    color: plan.color,
    actor: plan.actor,
    runId: plan.runId,
    runUrl: plan.runUrl,
    ...(plan.rollback ? { rollback: plan.rollback } : {}),
    ...(plan.replaces ? { replaces: plan.replaces } : {}),
    steps: plan.steps,
    ...(plan.fleet ? { fleet: plan.fleet } : {}),
    ...(plan.process ? { process: plan.process } : {}),
    seen: { upTo: plan.seenUpTo, ...withoutUndefined(plan.context ?? {}) }
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

export function statusOf(
  transition: Transition,
  record?: Pick<RolloutRecord, 'fleet' | 'version'>
): { state: DeploymentState; description: string } {
  const { state, label } = STATUS_OF[transition.phase]
  const step = transition.step
  // "canary 20% · step 3/5 · E 2.31/0.00: …" — readable in GitHub, and enough to resume from
  // in a new job: the step, and each compare gate's evidence so far (ln E).
  const evidence = transition.evidence?.length
    ? ` · E ${transition.evidence.map(e => e.toFixed(2)).join('/')}`
    : ''
  const prefix = step
    ? `${transition.phase === 'paused' ? 'paused at' : 'canary'} ${step.weight}% · step ${step.index + 1}/${step.total}${evidence}`
    : label
  const fleet =
    transition.fleet && record?.fleet
      ? ` · batch ${transition.fleet.batchesDone}/${transition.fleet.batches} [${encodeFleet(record.fleet, record.version, transition.fleet)}]`
      : ''
  return { state, description: truncate(`${prefix}${fleet}: ${transition.description}`) }
}

const STEP_LABEL = /^(canary|paused at) (\d+(?:\.\d+)?)% · step (\d+)\/(\d+)(?: · E ([-\d./]+))?: /
/** "rolling · batch 2/3 [4n2O]: …": the fleet after the event (see fleet-codes.ts). */
const FLEET_LABEL = /^([a-z ]+) · batch (\d+)\/(\d+) \[([0-9nNoOuU]*)\]: /

/** Our payload, or undefined for a deployment someone else made with our task name. */
export function readPayload(deployment: DeploymentData): PayloadV1 | undefined {
  let payload = deployment.payload
  if (typeof payload === 'string') {
    try {
      payload = JSON.parse(payload)
    } catch {
      return undefined
    }
  }
  const p = payload as Partial<PayloadV1> | null
  if (
    !p ||
    p[PAYLOAD_KEY] !== PAYLOAD_VERSION ||
    (p.color !== 'blue' && p.color !== 'green' && p.color !== 'fleet') ||
    typeof p.version !== 'string'
  )
    return undefined
  return p as PayloadV1
}

/** Rebuilds a record from a deployment and its statuses (any order). Pure. */
export function recordOf(
  deployment: DeploymentData,
  payload: PayloadV1,
  statuses: readonly DeploymentStatusData[]
): RolloutRecord {
  const events: RecordEvent[] = [...statuses]
    .sort((a, b) => a.id - b.id)
    .map(status => eventOf(status, payload))
  const last = events[events.length - 1]
  return {
    id: deployment.id,
    environment: deployment.environment,
    kind: payload.kind,
    version: payload.version,
    color: payload.color,
    phase: last?.phase ?? 'deploying',
    createdAt: deployment.created_at,
    updatedAt: last?.at ?? deployment.created_at,
    actor: payload.actor,
    runId: payload.runId,
    runUrl: payload.runUrl,
    sha: deployment.sha,
    events,
    ...(payload.rollback ? { rollback: payload.rollback } : {}),
    ...(payload.fleet ? { fleet: payload.fleet } : {}),
    ...(payload.process ? { process: payload.process } : {})
  }
}

/** One status as our event; `payload` decodes fleet snapshots. */
export function eventOf(
  status: DeploymentStatusData,
  payload: Pick<PayloadV1, 'fleet' | 'version'>
): RecordEvent {
  const fleet = FLEET_LABEL.exec(status.description)
  if (fleet && payload.fleet) {
    const label = fleet[1]
    const phase = (Object.keys(STATUS_OF) as Phase[]).find(
      p => STATUS_OF[p].label === label && STATUS_OF[p].state === status.state
    )
    const instances = decodeFleet(payload.fleet, payload.version, fleet[4])
    if (phase && instances) {
      return {
        at: status.created_at,
        phase,
        description: status.description.slice(fleet[0].length),
        fleet: { batchesDone: Number(fleet[2]), batches: Number(fleet[3]), instances }
      }
    }
  }
  const step = status.state === 'in_progress' ? STEP_LABEL.exec(status.description) : null
  if (step) {
    return {
      at: status.created_at,
      phase: step[1] === 'canary' ? 'canary' : 'paused',
      description: status.description.slice(step[0].length),
      step: { weight: Number(step[2]), index: Number(step[3]) - 1, total: Number(step[4]) },
      ...(step[5] ? { evidence: step[5].split('/').map(Number) } : {})
    }
  }
  const labelled = (Object.entries(STATUS_OF) as [Phase, { state: string; label: string }][]).find(
    ([, s]) => s.state === status.state && status.description.startsWith(`${s.label}: `)
  )
  if (labelled) {
    return {
      at: status.created_at,
      phase: labelled[0],
      description: status.description.slice(labelled[1].label.length + 2)
    }
  }
  // A status someone else set (or GitHub's auto-inactivation): read its state alone.
  const byState: Record<string, Phase> = {
    success: 'live',
    inactive: 'superseded',
    failure: 'failed',
    error: 'failed'
  }
  return {
    at: status.created_at,
    phase: byState[status.state] ?? 'deploying',
    description: status.description
  }
}

function truncate(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`
}
