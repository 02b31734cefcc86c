import { ConfigurationError } from '../../errors.js'
import {
  batchesDone,
  batchOrder,
  describeBatches,
  describeFleet,
  soleVersion,
  pendingIn,
  planRollingStart,
  rollingStrategy
} from '../../strategies/rolling.js'
import { FleetSnapshot, RolloutState } from '../../state/types.js'
import { CommandContext } from '../context.js'
import { openRecord } from '../shared/open-record.js'
import { failed, Outcome, succeeded } from '../../report/outcome.js'
import { FleetProgress } from './fleet-progress.js'
import { replaceBatch } from './rolling-batch.js'
import { describeUndo, undo } from './rolling-undo.js'
import { healthOnce } from './instance-health.js'

/**
 * A rolling update: the fleet's instances are replaced batch by batch behind the load balancer.
 * Starts fresh, resumes an update an ended run left unfinished, or undoes it (on-interrupted).
 */
export async function rolling(ctx: CommandContext): Promise<Outcome> {
  const { settings, store, report } = ctx
  const { instances } = settings.rolling
  const state = await store.load(settings.environment)
  const start = planRollingStart(
    state,
    settings.rolling,
    settings.version,
    settings.rollbackVersion
  )
  await preflight(ctx, state, start.snapshot)

  const interrupted = state?.fleet?.record
  const version = start.kind === 'revert' && interrupted ? interrupted.version : settings.version
  const record = await openRecord(ctx, {
    kind: 'release',
    version,
    color: 'fleet',
    description:
      start.kind === 'revert'
        ? `rolling: undoing the unfinished update to ${version}`
        : `rolling: ${version} to ${instances.length} instances in ${start.plan.batches.length} batches${start.kind === 'resume' ? `, resuming after batch ${start.snapshot.batchesDone}` : ''}`,
    force: settings.force,
    strategy: 'rolling',
    steps: [...rollingStrategy(start.plan).steps],
    fleet: start.plan,
    startFleet: start.snapshot,
    ...(state?.live ? { replaces: { version: state.live.version, color: state.live.color } } : {})
  })
  const progress = new FleetProgress(ctx, record, start.plan, start.snapshot)
  const before = soleVersion(start.snapshot)

  if (start.kind === 'revert') {
    report.facts.push([
      'interrupted update',
      `${version}, recorded by ${interrupted?.runUrl || interrupted?.actor}`
    ])
    const undone = await undo(ctx, progress)
    const fleet = describeFleet(progress.snapshot)
    await progress.decide({
      outcome: 'fail',
      reason: `interrupted update to ${version} undone: ${fleet}`
    })
    const finished = undone.failure === undefined
    const headline = `${finished ? 'the interrupted update to' : 'undoing the interrupted update to'} ${version} ${finished ? 'was undone' : 'stopped'}: ${describeUndo(undone)}. The fleet runs ${fleet}.`
    return (finished ? succeeded : failed)(headline, fleetEnding(progress, before))
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
      await progress.decide({
        outcome: 'inconclusive',
        reason: `stopped before ${label} (max-batches ${maxBatches}): ${describeFleet(progress.snapshot)}`
      })
      return succeeded(
        `${ran} batch(es) updated; stopped before ${label} as max-batches asks. The fleet runs ${describeFleet(progress.snapshot)}; run rolling again to go on.`,
        fleetEnding(progress, before)
      )
    }
    ran += 1
    const targets = pending.map(name => ({ instance: progress.instance(name), version }))
    const outcome = await replaceBatch(ctx, progress, targets, label).catch((error: Error) => ({
      ok: false as const,
      reason: error.message
    }))
    if (!outcome.ok) return batchFailed(ctx, progress, label, outcome.reason, before)
    progress.snapshot.batchesDone = batchesDone(start.plan, progress.snapshot, version)
    const all = progress.done() === total
    await progress.decide({
      outcome: 'pass',
      reason: all
        ? `all ${instances.length} instances run ${version}`
        : `${label} done: ${pending.join(', ')} on ${version}; ${describeFleet(progress.snapshot)}`
    })
    progress.column(label)
  }
  // Nothing was left to do (a rerun of a finished update): it is live all the same.
  if (progress.record.phase !== 'live')
    await progress.decide({
      outcome: 'pass',
      reason: `all ${instances.length} instances run ${version}`
    })
  const previous = state?.live
  if (previous && previous.id !== record.id && previous.color === 'fleet')
    await store.transition(previous, { phase: 'superseded', description: `replaced by ${version}` })
  return succeeded(
    `all ${instances.length} instances run ${version} (${describeBatches(total, settings.rolling.batchSize)}).`,
    fleetEnding(progress, before)
  )
}

/** The outcome's facts for a rolling update, and the summary's last column. */
function fleetEnding(progress: FleetProgress, before: string): Pick<Outcome, 'release' | 'fleet'> {
  progress.column(progress.record.phase === 'live' ? 'end' : progress.record.phase)
  return {
    release: progress.record,
    fleet: {
      snapshot: progress.snapshot,
      version: progress.record.version,
      previousVersion: before
    }
  }
}

/** A batch failed: put updated instances back (or leave them drained), record, explain. */
async function batchFailed(
  ctx: CommandContext,
  progress: FleetProgress,
  label: string,
  reason: string,
  before: string
): Promise<Outcome> {
  progress.column(`${label} failed`)
  const { onFailure } = ctx.settings.rolling
  const what =
    onFailure === 'leave-drained'
      ? 'the failed batch was left out of rotation for inspection'
      : describeUndo(await undo(ctx, progress))
  const fleet = describeFleet(progress.snapshot)
  await progress.decide({ outcome: 'fail', reason: `${label} failed: ${reason}` })
  return failed(
    `${label} failed (${reason}); ${what}. The fleet runs ${fleet}.`,
    fleetEnding(progress, before)
  )
}

/**
 * Reads rotation from the router (the truth for it; the state is the truth for versions) into
 * the starting snapshot, and refuses to begin unless every instance answers its health check,
 * except those an earlier update left out of rotation on purpose.
 */
async function preflight(
  ctx: CommandContext,
  state: RolloutState | undefined,
  snapshot: FleetSnapshot
): Promise<void> {
  const { instances } = ctx.settings.rolling
  const weights = await ctx.router.getWeights()
  const inRotation = (name: string): boolean => (weights[name] ?? 0) > 0
  for (const { name } of instances)
    snapshot.instances[name] = { ...snapshot.instances[name], inRotation: inRotation(name) }
  const leftOut = (name: string): boolean =>
    state?.fleet?.snapshot.instances[name]?.inRotation === false && !inRotation(name)
  const checked = instances.filter(i => !leftOut(i.name))
  await ctx.report.step('pre-flight: every instance answers its health check', async () => {
    const problem = await healthOnce(ctx, checked)
    if (problem !== '')
      throw ConfigurationError.single(
        'instances',
        `not every instance answers ${ctx.settings.health.path}: ${problem}. Check the address (or the instance) before updating; nothing was drained.`
      )
    const serving = instances.filter(i => inRotation(i.name)).length
    return `${checked.length} healthy; ${serving} of ${instances.length} in rotation`
  })
}
