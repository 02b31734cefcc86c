import { Color } from '../config/settings.js'
import { DeploymentData, DeploymentState, DeploymentStatusData } from '../platform/github-api.js'
import { Phase, RecordEvent, RolloutPlan, RolloutRecord, Transition } from './types.js'

/** Our task name on GitHub deployments; GitHub's own `deploy` deployments are ignored. */
export const TASK = 'progressive-deploy'

/** Marker and version of the payload we write on every deployment. */
const PAYLOAD_KEY = 'progressive-deploy'
const PAYLOAD_VERSION = 1

/** The plan as stored in a deployment's payload. Read back by any later job. */
export interface PayloadV1 {
  [PAYLOAD_KEY]: typeof PAYLOAD_VERSION
  strategy: 'blue-green' | 'canary'
  kind: RolloutRecord['kind']
  version: string
  color: Color
  actor: string
  runId: string
  runUrl: string
  rollback?: RolloutRecord['rollback']
  /** The live release this one was meant to replace. */
  replaces?: { version: string; color: Color }
  /** The steps of the plan, in order. */
  steps: string[]
}

/** GitHub has no field for our phase: a status carries it as its state and the start of its description. */
const STATUS_OF: Record<Phase, { state: DeploymentState; label: string }> = {
  deploying: { state: 'in_progress', label: 'deploying' },
  deployed: { state: 'in_progress', label: 'deployed' },
  verified: { state: 'in_progress', label: 'verified' },
  canary: { state: 'in_progress', label: 'canary' },
  paused: { state: 'in_progress', label: 'paused' },
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
    steps: plan.steps
  }
}

export function statusOf(transition: Transition): { state: DeploymentState; description: string } {
  const { state, label } = STATUS_OF[transition.phase]
  const step = transition.step
  // "canary 20% · step 3/5: …" — readable in GitHub, and enough to resume from in a new job.
  const prefix = step
    ? `${transition.phase === 'paused' ? 'paused at' : 'canary'} ${step.weight}% · step ${step.index + 1}/${step.total}`
    : label
  return { state, description: truncate(`${prefix}: ${transition.description}`) }
}

const STEP_LABEL = /^(canary|paused at) (\d+(?:\.\d+)?)% · step (\d+)\/(\d+): /

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
    (p.color !== 'blue' && p.color !== 'green') ||
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
  const events: RecordEvent[] = [...statuses].sort((a, b) => a.id - b.id).map(eventOf)
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
    events,
    ...(payload.rollback ? { rollback: payload.rollback } : {})
  }
}

function eventOf(status: DeploymentStatusData): RecordEvent {
  const step = status.state === 'in_progress' ? STEP_LABEL.exec(status.description) : null
  if (step) {
    return {
      at: status.created_at,
      phase: step[1] === 'canary' ? 'canary' : 'paused',
      description: status.description.slice(step[0].length),
      step: { weight: Number(step[2]), index: Number(step[3]) - 1, total: Number(step[4]) }
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
