import { ConfigurationError } from '../config/errors.js'
import { Instance } from '../config/settings.js'
import {
  batchesDone,
  batchOrder,
  describeFleet,
  isDone,
  pendingIn,
  planRollingStart,
  revertBatches,
  rollingSteps
} from '../strategies/rolling.js'
import { CommandContext } from './context.js'
import { FleetProgress } from './fleet-progress.js'
import { fleetOutputs } from './outputs.js'
import { replaceBatch } from './rolling-batch.js'
import { healthOnce } from './rolling-judge.js'

/**
 * A rolling update: the fleet's instances are replaced batch by batch behind the load balancer.
 * Starts fresh, resumes an update an ended run left unfinished, or undoes it (on-interrupted).
 */
export async function rolling(ctx: CommandContext): Promise<void> {
  const { settings, store, report } = ctx
  const { instances } = settings.rolling
  const state = await store.load(settings.environment)
  const start = planRollingStart(
    state,
    settings.rolling,
    settings.version,
    settings.rollbackVersion
  )
  // The router is the truth for rotation; the state for versions.
  const weights = await ctx.router.getWeights()
  for (const { name } of instances)
    start.snapshot.instances[name] = {
      ...start.snapshot.instances[name],
      inRotation: (weights[name] ?? 0) > 0
    }
  // Every instance must answer, except those an earlier update left out of rotation on purpose.
  const leftOut = (name: string): boolean =>
    state?.fleet?.snapshot.instances[name]?.inRotation === false && !((weights[name] ?? 0) > 0)
  const checked = instances.filter(i => !leftOut(i.name))
  await report.step('pre-flight: every instance answers its health check', async () => {
    const problem = await healthOnce(ctx, checked)
    if (problem !== '')
      throw ConfigurationError.single(
        'instances',
        `not every instance answers ${settings.health.path}: ${problem}. Check the address (or the instance) before updating; nothing was drained.`
      )
    const serving = instances.filter(i => (weights[i.name] ?? 0) > 0).length
    return `${checked.length} healthy; ${serving} of ${instances.length} in rotation`
  })

  const interrupted = state?.fleet?.record
  const version = start.kind === 'revert' && interrupted ? interrupted.version : settings.version
  const record = await store.begin({
    environment: settings.environment,
    kind: 'release',
    version,
    color: 'fleet',
    actor: ctx.actor,
    runId: ctx.runId,
    runUrl: ctx.runUrl,
    process: ctx.process,
    description:
      start.kind === 'revert'
        ? `rolling: undoing the unfinished update to ${version}`
        : `rolling: ${version} to ${instances.length} instances in ${start.plan.batches.length} batches${start.kind === 'resume' ? `, resuming after batch ${start.snapshot.batchesDone}` : ''}`,
    force: settings.force,
    strategy: 'rolling',
    steps: rollingSteps(start.plan),
    fleet: start.plan,
    startFleet: start.snapshot,
    ...(state?.live ? { replaces: { version: state.live.version, color: state.live.color } } : {})
  })
  const progress = new FleetProgress(ctx, record, start.plan, start.snapshot)
  const before = describeFleet(start.snapshot)

  if (start.kind === 'revert') {
    report.facts.push([
      'interrupted update',
      `${version}, recorded by ${interrupted?.runUrl || interrupted?.actor}`
    ])
    const undone = await undo(ctx, progress)
    const fleet = describeFleet(progress.snapshot)
    await progress.save('failed', `interrupted update to ${version} undone: ${fleet}`)
    report.result = undone.failure === undefined ? 'success' : 'failure'
    report.headline = `${undone.failure === undefined ? 'the interrupted update to' : 'undoing the interrupted update to'} ${version} ${undone.failure === undefined ? 'was undone' : 'stopped'}: ${describeUndo(undone)}. The fleet runs ${fleet}.`
    return fleetOutputs(ctx, progress, before)
  }
  if (start.kind === 'resume')
    report.facts.push([
      'resumed',
      `after batch ${start.snapshot.batchesDone}/${start.plan.batches.length} of an unfinished run (${interrupted?.runUrl || interrupted?.actor})`
    ])

  const { maxBatches } = settings.rolling
  let ran = 0
  const total = start.plan.batches.length
  for (const [index, batch] of batchOrder(start.plan, progress.snapshot)) {
    const pending = pendingIn(batch, progress.snapshot, version)
    if (pending.length === 0) continue
    const label = `batch ${index + 1}/${total}`
    if (maxBatches !== undefined && ran >= maxBatches) {
      await progress.save(
        'paused',
        `stopped before ${label} (max-batches ${maxBatches}): ${describeFleet(progress.snapshot)}`
      )
      report.headline = `${ran} batch(es) updated; stopped before ${label} as max-batches asks. The fleet runs ${describeFleet(progress.snapshot)}; run rolling again to go on.`
      return fleetOutputs(ctx, progress, before)
    }
    ran += 1
    const targets = pending.map(name => ({ instance: byName(instances, name), version }))
    const outcome = await replaceBatch(ctx, progress, targets, label).catch((error: Error) => ({
      ok: false as const,
      reason: error.message
    }))
    if (!outcome.ok) return failed(ctx, progress, label, outcome.reason, before)
    progress.snapshot.batchesDone = batchesDone(start.plan, progress.snapshot, version)
    await progress.save(
      'rolling',
      `${label} done: ${pending.join(', ')} on ${version}; ${describeFleet(progress.snapshot)}`
    )
    progress.column(label)
  }

  await progress.save('live', `all ${instances.length} instances run ${version}`)
  const previous = state?.live
  if (previous && previous.id !== record.id && previous.color === 'fleet')
    await store.transition(previous, { phase: 'superseded', description: `replaced by ${version}` })
  report.headline = `all ${instances.length} instances run ${version} (${total} batches of up to ${settings.rolling.batchSize}).`
  await fleetOutputs(ctx, progress, before)
}

/** A batch failed: put updated instances back (or leave them drained), record, explain. */
async function failed(
  ctx: CommandContext,
  progress: FleetProgress,
  label: string,
  reason: string,
  before: string
): Promise<void> {
  progress.column(`${label} failed`)
  const { onFailure } = ctx.settings.rolling
  const what =
    onFailure === 'leave-drained'
      ? 'the failed batch was left out of rotation for inspection'
      : describeUndo(await undo(ctx, progress))
  const fleet = describeFleet(progress.snapshot)
  await progress.save('failed', `${label} failed: ${reason}`)
  ctx.report.fail(`${label} failed (${reason}); ${what}. The fleet runs ${fleet}.`)
  await fleetOutputs(ctx, progress, before)
}

interface UndoResult {
  reverted: string[]
  /** Why putting instances back stopped; undefined when it finished. */
  failure?: string
  /** Touched instances whose earlier version nobody recorded: they stay as they are. */
  unknown: string[]
}

function describeUndo(result: UndoResult): string {
  const parts = []
  if (result.reverted.length > 0)
    parts.push(
      result.failure === undefined
        ? `${result.reverted.join(', ')} ${result.reverted.length === 1 ? 'was' : 'were'} put back on ${result.reverted.length === 1 ? 'its' : 'their'} previous version`
        : `putting ${result.reverted.join(', ')} back on their previous version failed too (${result.failure})`
    )
  if (result.unknown.length > 0)
    parts.push(
      `${result.unknown.join(', ')} stay as they are: no earlier version is recorded for them (set rollback-version)`
    )
  return parts.length > 0 ? parts.join('; ') : 'nothing had to be put back'
}

/** Returns every updated (or unknown) instance to the version it ran before, newest batch first. */
async function undo(ctx: CommandContext, progress: FleetProgress): Promise<UndoResult> {
  const batches = revertBatches(progress.plan, progress.snapshot)
  const unknown = progress.plan.instances
    .filter(i => i.from === '' && !isDone(progress.state(i.name), i.from))
    .filter(i => {
      const s = progress.state(i.name)
      return s.version === progress.version || s.version === '' || !s.inRotation
    })
    .map(i => i.name)
  if (unknown.length > 0)
    ctx.log.warn(
      `no earlier version is recorded for ${unknown.join(', ')}; they stay as they are (set rollback-version to name it).`
    )
  const reverted: string[] = []
  for (const [index, names] of batches.entries()) {
    const label = `undo ${index + 1}/${batches.length}`
    const targets = names.map(name => ({
      instance: byName(ctx.settings.rolling.instances, name),
      version: progress.from(name)
    }))
    const outcome = await replaceBatch(ctx, progress, targets, label, false).catch(
      (error: Error) => ({ ok: false as const, reason: error.message })
    )
    progress.column(label)
    reverted.push(...names)
    if (!outcome.ok) {
      ctx.log.error(`${label} failed: ${outcome.reason}`)
      return { reverted, unknown, failure: outcome.reason }
    }
    await progress.save(
      'rolling',
      `${label} done: ${names.join(', ')} back on their earlier version`
    )
  }
  return { reverted, unknown }
}

function byName(instances: readonly Instance[], name: string): Instance {
  const found = instances.find(i => i.name === name)
  if (!found) throw new Error(`bug: no instance ${name}`)
  return found
}
