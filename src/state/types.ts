import { Color } from '../config/settings.js'

/** Where a release runs: one color of a blue/green pair, or the whole fleet of a rolling update. */
export type Slot = Color | 'fleet'

/** Where one release stands. */
export type Phase =
  /** the deploy command is running on the idle color */
  | 'deploying'
  /** deployed and healthy on its color; takes no traffic yet */
  | 'deployed'
  /** health and smoke checks passed; ready to take traffic */
  | 'verified'
  /** a canary: takes the share of traffic of its current step */
  | 'canary'
  /** a canary waiting for a person (a pause step, or gates that could not decide); a rolling update stopped between batches */
  | 'paused'
  /** a rolling update replacing instances batch by batch */
  | 'rolling'
  /** takes all traffic */
  | 'live'
  /** deploy or verification failed; it never took traffic */
  | 'failed'
  /** was live; a later release took over */
  | 'superseded'
  /** was live; traffic was sent back to an earlier release because of it */
  | 'rolled-back'

/** A release still on its way to traffic: it holds the environment's lease. */
export const IN_PROGRESS: readonly Phase[] = [
  'deploying',
  'deployed',
  'verified',
  'canary',
  'paused',
  'rolling'
]

export interface Release {
  version: string
  color: Slot
}

/** One transition, as recorded (GitHub: one deployment status). */
export interface RecordEvent {
  at: string
  phase: Phase
  description: string
  /** Canary and paused events: which step (0-based) of how many, at what weight. */
  step?: CanaryPosition
  /** Rolling updates: which instance runs what after this event. */
  fleet?: FleetSnapshot
  /** Canaries: ln E of each compare gate (in the plan's order) so far, carried across jobs. */
  evidence?: number[]
}

/** What one instance of a fleet runs, and whether the load balancer sends it traffic. */
export interface InstanceState {
  /** '' when unknown (a deploy started and did not finish, or nothing was ever recorded). */
  version: string
  inRotation: boolean
}

/** The fleet after one event of a rolling update. */
export interface FleetSnapshot {
  /** Batches finished (0-based index of the next batch to run). */
  batchesDone: number
  batches: number
  instances: Record<string, InstanceState>
}

/** A rolling update's fixed facts: the instances in order, and what each ran before it began. */
export interface FleetPlan {
  instances: { name: string; address: string; from: string }[]
  batches: string[][]
}

export interface CanaryPosition {
  index: number
  total: number
  weight: number
}

/** One release into one environment (GitHub: one deployment). */
export interface RolloutRecord {
  /** Store-assigned; increasing in creation order. */
  id: number
  environment: string
  /** 'rollback' for the release a rollback put back. */
  kind: 'release' | 'rollback'
  version: string
  color: Slot
  phase: Phase
  createdAt: string
  updatedAt: string
  /** The CI run or user that made it. */
  actor: string
  /** Workflow run id ('' outside Actions): who holds the lease. */
  runId: string
  runUrl: string
  /** The commit released (a rollback: the commit of the version it restores); '' when unknown. */
  sha: string
  events: RecordEvent[]
  /** Set on rollback records: what was rolled back and why. */
  rollback?: { from: Release; reason: string }
  /** Set on rolling updates. */
  fleet?: FleetPlan
  /** Local runs (no workflow run id): host:pid of the process, so a dead holder's lease can be taken over. */
  process?: string
}

/** What begin() needs to open a record. */
export interface RolloutPlan {
  environment: string
  kind: RolloutRecord['kind']
  version: string
  color: Slot
  actor: string
  runId: string
  runUrl: string
  /** The commit the record points at (GitHub: the deployment's ref). */
  sha: string
  /** The newest record id seen when the lease was checked: claims made after it race. */
  seenUpTo: number
  /**
   * The records that mattered when the lease was checked (live, last known good, the newest on
   * each color): a later reader starts from them instead of reading the whole history.
   */
  context?: StateContext
  description: string
  /** Take over an environment whose lease is held. */
  force: boolean
  strategy: 'blue-green' | 'canary' | 'rolling'
  /** The plan's steps, in order, as people read them. */
  steps: string[]
  rollback?: RolloutRecord['rollback']
  /** The live release this one is meant to replace, when there is one. */
  replaces?: Release
  fleet?: FleetPlan
  /** The fleet as it stands when the record opens (a resumed update starts mixed). */
  startFleet?: FleetSnapshot
  process?: string
}

/** Ids of the records a state was made of. */
export interface StateContext {
  live?: number
  lastKnownGood?: number
  blue?: number
  green?: number
  fleet?: number
}

/** A change of phase with its human reason (≤ 140 characters: it becomes a GitHub status). */
export interface Transition {
  phase: Phase
  description: string
  step?: CanaryPosition
  fleet?: FleetSnapshot
  evidence?: number[]
}

/** The environment as rebuilt from its records alone. */
export interface RolloutState {
  environment: string
  /** The newest record's id (0 when none): claims made after it race for the lease. */
  newestId: number
  /** The release that takes traffic now, if any is recorded. */
  live?: RolloutRecord
  /** Older records still marked live (a fault left two): reconciliation supersedes them. */
  alsoLive: RolloutRecord[]
  /** The release that was live before the current one and was not rolled back. */
  lastKnownGood?: RolloutRecord
  /** A release that holds the lease (deploying, deployed or verified). */
  inProgress?: RolloutRecord
  /** The newest record per color: what runs where. */
  colors: Partial<Record<Color, RolloutRecord>>
  /** The newest rolling update and the fleet as its last event left it. */
  fleet?: { record: RolloutRecord; snapshot: FleetSnapshot }
}
