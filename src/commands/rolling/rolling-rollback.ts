import { planBatches } from '../../config/rolling-batches.js'
import { ConfigurationError } from '../../errors.js'
import { failed, Outcome, succeeded } from '../../report/outcome.js'
import { describeFleet, soleVersion } from '../../strategies/rolling.js'
import { FleetPlan, FleetSnapshot } from '../../state/types.js'
import { short } from '../blue-green/deploy-to-color.js'
import { CommandContext } from '../context.js'
import { openRecord } from '../shared/open-record.js'
import { FleetProgress } from './fleet-progress.js'
import { describeUndo, undo } from './rolling-undo.js'

/**
 * Rollback for a fleet: every instance the newest rolling update touched goes back to the version
 * it ran before, drained ones back into rotation — from whatever state a run left it in (finished,
 * half-done, killed mid-batch). Recorded as a rollback of its own; the update is rolled back.
 */
export async function rollbackFleet(ctx: CommandContext): Promise<Outcome> {
  const { settings } = ctx
  const state = await ctx.store.load(settings.environment)
  const last = state?.fleet
  const plan = last?.record.fleet
  if (!last || !plan)
    throw ConfigurationError.single(
      'environment',
      `no rolling update is recorded for environment "${settings.environment}"; there is nothing to roll back.`
    )
  const weights = await ctx.router.getWeights()
  // The router is the truth for rotation; the records are the truth for versions.
  const snapshot: FleetSnapshot = structuredClone(last.snapshot)
  for (const name of Object.keys(snapshot.instances))
    snapshot.instances[name].inRotation = (weights[name] ?? 0) > 0
  const fallback = settings.rollbackVersion
  // Put back in batches of this run's size, within this run's max-unavailable.
  const restored: FleetPlan = {
    instances: plan.instances.map(i => ({ ...i, from: i.from || fallback })),
    batches: planBatches(
      plan.instances.map(i => i.name),
      settings.rolling.batchSize
    )
  }
  const froms = new Set(restored.instances.map(i => i.from).filter(v => v !== ''))
  const version = froms.size === 1 ? [...froms][0] : fallback || [...froms].join('+')
  const reason = settings.reason || 'no reason given'
  const update = last.record
  const record = await openRecord(ctx, {
    kind: 'rollback',
    version,
    color: 'fleet',
    description: short(`rollback of the update to ${update.version} by ${ctx.actor}: ${reason}`),
    force: true,
    strategy: 'rolling',
    steps: ['put every touched instance back on its earlier version'],
    fleet: restored,
    startFleet: snapshot,
    rollback: { from: { version: update.version, color: 'fleet' }, reason }
  })
  const before = soleVersion(snapshot)
  const progress = new FleetProgress(ctx, record, restored, snapshot)
  const undone = await undo(ctx, progress, update.version)
  const fleet = describeFleet(progress.snapshot)
  // Instances whose earlier version nobody recorded cannot be put back: not a rollback.
  const done = undone.failure === undefined && undone.unknown.length === 0
  await progress.save(
    done ? 'live' : 'failed',
    done
      ? `rolled back to ${version} by ${ctx.actor}: ${reason}`
      : `rollback stopped: ${undone.failure ?? `no earlier version recorded for ${undone.unknown.join(', ')}`}`
  )
  if (done && update.phase === 'live')
    await ctx.store.transition(update, {
      phase: 'rolled-back',
      description: short(`rolled back by ${ctx.actor}: ${reason}`)
    })
  progress.column(done ? 'end' : 'rollback failed')
  const parts = {
    release: progress.record,
    fleet: { snapshot: progress.snapshot, version, previousVersion: before }
  }
  const headline = `rollback of the update to ${update.version}: ${describeUndo(undone)}. The fleet runs ${fleet}.`
  return done ? succeeded(headline, parts) : failed(headline, parts)
}
