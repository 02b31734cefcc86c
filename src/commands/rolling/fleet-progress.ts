import { FleetPlan, FleetSnapshot, InstanceState, Phase, RolloutRecord } from '../../state/types.js'
import { Instance } from '../../config/settings.js'
import { Verdict } from '../../analysis/verdict.js'
import { isDone, rollingStrategy } from '../../strategies/rolling.js'
import { Strategy } from '../../strategies/strategy.js'
import { CommandContext } from '../context.js'
import { short } from '../blue-green/deploy-to-color.js'

/** One instance of a batch and the version it must end on. */
export interface BatchTarget {
  instance: Instance
  version: string
}

/**
 * The fleet as this run knows it. Every change of phase is recorded with the whole snapshot, so
 * `status` shows the mixed fleet and a later run resumes from it; the summary gets a column.
 */
export class FleetProgress {
  private readonly started: number
  private readonly strategy: Strategy

  constructor(
    private readonly ctx: CommandContext,
    readonly record: RolloutRecord,
    readonly plan: FleetPlan,
    readonly snapshot: FleetSnapshot
  ) {
    this.started = ctx.clock.now()
    this.strategy = rollingStrategy(plan)
    ctx.report.fleetAddresses = Object.fromEntries(
      ctx.settings.rolling.instances.map(i => [i.name, i.address])
    )
    this.column('start')
  }

  get version(): string {
    return this.record.version
  }

  state(name: string): InstanceState {
    return this.snapshot.instances[name] ?? { version: '', inRotation: false }
  }

  set(name: string, state: InstanceState): void {
    this.snapshot.instances[name] = state
  }

  /** An instance of the plan by name. */
  instance(name: string): { name: string; address: string } {
    const found = this.plan.instances.find(i => i.name === name)
    if (!found) throw new Error(`bug: no instance ${name} in the plan`)
    return { name: found.name, address: found.address }
  }

  /** The version an instance ran before the update ('' = unknown). */
  from(name: string): string {
    return this.plan.instances.find(i => i.name === name)?.from ?? ''
  }

  /** Batches wholly done: every instance on the version and back in rotation. */
  done(): number {
    return this.plan.batches.filter(batch =>
      batch.every(name => isDone(this.snapshot.instances[name], this.version))
    ).length
  }

  /** Records where the rolling update's phase machine goes after this verdict. */
  async decide(verdict: Verdict): Promise<void> {
    const next = this.strategy.next({ phase: this.record.phase, index: this.done() }, verdict)
    await this.save(next.phase, next.description)
  }

  async save(phase: Phase, description: string): Promise<void> {
    await this.ctx.store.transition(this.record, {
      phase,
      description: short(description),
      fleet: structuredClone(this.snapshot)
    })
  }

  /** Adds a column to the summary's instances × versions table. */
  column(label: string): void {
    this.ctx.report.fleetColumns.push({
      label,
      atMs: this.ctx.clock.now() - this.started,
      instances: structuredClone(this.snapshot.instances)
    })
  }
}
