import { Color } from '../config/settings.js'

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
  /** a canary waiting for a person (a pause step, or gates that could not decide) */
  | 'paused'
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
  'paused'
]

export interface Release {
  version: string
  color: Color
}

/** One transition, as recorded (GitHub: one deployment status). */
export interface RecordEvent {
  at: string
  phase: Phase
  description: string
  /** Canary and paused events: which step (0-based) of how many, at what weight. */
  step?: CanaryPosition
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
  color: Color
  phase: Phase
  createdAt: string
  updatedAt: string
  /** The CI run or user that made it. */
  actor: string
  /** Workflow run id ('' outside Actions): who holds the lease. */
  runId: string
  runUrl: string
  events: RecordEvent[]
  /** Set on rollback records: what was rolled back and why. */
  rollback?: { from: Release; reason: string }
}

/** What begin() needs to open a record. */
export interface RolloutPlan {
  environment: string
  kind: RolloutRecord['kind']
  version: string
  color: Color
  actor: string
  runId: string
  runUrl: string
  description: string
  /** Take over an environment whose lease is held. */
  force: boolean
  strategy: 'blue-green' | 'canary'
  /** The plan's steps, in order, as people read them. */
  steps: string[]
  rollback?: RolloutRecord['rollback']
  /** The live release this one is meant to replace, when there is one. */
  replaces?: Release
}

/** A change of phase with its human reason (≤ 140 characters: it becomes a GitHub status). */
export interface Transition {
  phase: Phase
  description: string
  step?: CanaryPosition
}

/** The environment as rebuilt from its records alone. */
export interface RolloutState {
  environment: string
  /** The release that takes traffic now, if any is recorded. */
  live?: RolloutRecord
  /** The release that was live before the current one and was not rolled back. */
  lastKnownGood?: RolloutRecord
  /** A release that holds the lease (deploying, deployed or verified). */
  inProgress?: RolloutRecord
  /** The newest record per color: what runs where. */
  colors: Partial<Record<Color, RolloutRecord>>
}
