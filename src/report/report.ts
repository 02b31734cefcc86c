import { Clock } from '../platform/clock.js'
import { Logger } from '../platform/logger.js'
import { InstanceState, RolloutRecord } from '../state/types.js'

export type OutputName =
  | 'active-color'
  | 'previous-color'
  | 'idle-color'
  | 'version'
  | 'previous-version'
  | 'deployed-color'
  | 'target-url'
  | 'result'
  | 'phase'
  | 'canary-weight'
  | 'fleet'

/** One analysis window of a canary step: what the charts draw. */
export interface WindowPoint {
  /** End of the window, since the step began. */
  atMs: number
  requests?: number
  /** The canary's error rate in the window (a fraction). */
  errorRate?: number
  /** The stable version's, in the same window (compare gates on errors). */
  baselineErrorRate?: number
  p95Ms?: number
}

/** Absolute limits the gates set, drawn as lines on the charts. */
export interface ChartLimits {
  /** A fraction (0.01 = 1%). */
  errorRate?: number
  p95Ms?: number
}

export interface CanaryStepReport {
  /** When the bake began (the clock's time), to line steps up with what clients saw. */
  startedAt: number
  index: number
  total: number
  weight: number
  outcome: 'pass' | 'fail' | 'inconclusive'
  reason: string
  durationMs: number
  requests?: number
  errorRate?: number
  p95Ms?: number
  /** Every analysis window of the step, in order (a step aborted in its first window has one). */
  windows?: WindowPoint[]
}

/** The fleet after one moment of a rolling update (a column of the instances × versions table). */
export interface FleetColumn {
  label: string
  /** Since the command began. */
  atMs: number
  instances: Record<string, InstanceState>
}

export interface StepLine {
  name: string
  outcome: 'ok' | 'failed'
  /** When it began, on the report's clock. */
  startedAtMs: number
  durationMs: number
  detail: string
}

/**
 * What one command did, step by step, for the job summary and the console. Steps print a
 * progress line as they start and end, so a slow step is visible while it runs.
 */
export class Report {
  readonly steps: StepLine[] = []
  /** Set once, by run.ts, from the command's outcome. */
  outputs: Partial<Record<OutputName, string>> = {}
  result: 'success' | 'failure' | 'no-op' = 'success'
  /** One sentence: what this command achieved or why it stopped. */
  headline = ''
  history: RolloutRecord[] = []
  /** Canary steps as they were judged, for the step table and the chart. */
  canarySteps: CanaryStepReport[] = []
  /** The gates' absolute limits, for the charts' limit lines. */
  canaryLimits: ChartLimits = {}
  /** Rolling updates: the fleet at the start and after every batch. */
  fleetColumns: FleetColumn[] = []
  /** Rolling updates: each instance's address, a column of the fleet table. */
  fleetAddresses: Record<string, string> = {}
  /** A two-column table (the plan, for instance). */
  facts: [string, string][] = []
  /** Where to look next: the run, the environment's deployments. */
  links: { label: string; url: string }[] = []

  constructor(
    readonly title: string,
    private readonly clock: Clock,
    private readonly log: Logger
  ) {}

  /** Runs `work` as a named step; its return value is its detail line. Throws what `work` throws. */
  async step(name: string, work: () => Promise<string>): Promise<void> {
    this.log.info(`▶ ${name}`)
    const started = this.clock.now()
    try {
      const detail = await work()
      this.record(name, 'ok', this.clock.now() - started, detail)
    } catch (error) {
      this.record(name, 'failed', this.clock.now() - started, firstLine((error as Error).message))
      throw error
    }
  }

  /** Records a step whose failure is an outcome (a failed check), not an exception. */
  record(name: string, outcome: StepLine['outcome'], durationMs: number, detail: string): void {
    this.steps.push({
      name,
      outcome,
      startedAtMs: this.clock.now() - durationMs,
      durationMs,
      detail
    })
    this.log.info(
      `${outcome === 'ok' ? '✔' : '✖'} ${name} (${Math.round(durationMs)} ms)${detail ? `: ${detail}` : ''}`
    )
  }

  /** The command's ending: run.ts calls this once, from the outcome. */
  conclude(
    result: Report['result'],
    headline: string,
    outputs: Partial<Record<OutputName, string>>
  ): void {
    this.result = result
    this.headline = headline
    this.outputs = outputs
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]
}
