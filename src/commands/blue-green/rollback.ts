import { ConfigurationError } from '../../errors.js'
import { planRollback, RestoreStable } from '../../strategies/blue-green.js'
import { RolloutState } from '../../state/types.js'
import { CommandContext } from '../context.js'
import { openRecord } from '../shared/open-record.js'
import { colorRecord } from '../../state/slot.js'
import { deployToColor, short } from './deploy-to-color.js'
import { moveAllTraffic } from '../shared/move-traffic.js'
import { failed, Outcome, succeeded } from '../../report/outcome.js'
import { runHook } from '../shared/hooks.js'
import { contractRefusal } from '../../strategies/contract.js'

/**
 * Restores the last known good release (or rollback-version): a plain switch when it still runs
 * on the idle color, else a redeploy there first. Recorded as a release of its own (who, why,
 * from, to); the release it replaces is marked rolled-back. With a canary holding part of the
 * traffic (running, paused, or left by a run that died), all of it goes back to the stable side.
 */
export async function rollback(ctx: CommandContext): Promise<Outcome> {
  const { settings, store, report } = ctx
  const state = await store.load(settings.environment)
  const decision = planRollback(state, await ctx.router.getWeights(), settings.rollbackVersion)
  if (decision.kind === 'restore-stable') return restoreStable(ctx, decision, state)
  const { from, version, color } = decision
  const refusal = contractRefusal(from, version, settings.force)
  if (refusal) throw ConfigurationError.single('force', refusal)
  if (decision.redeploy && !settings.deploy) {
    throw ConfigurationError.single(
      'deploy-command',
      `${color} no longer runs ${version}, so the rollback must deploy it again: give deploy-command or deploy-script.`
    )
  }
  const reason = settings.reason || 'no reason given'
  // A rollback is an emergency: it takes over any release still in progress.
  const record = colorRecord(
    await openRecord(ctx, {
      kind: 'rollback',
      version,
      color,
      // The rollback's deployment and commit status point at the commit of what it restores.
      sha: decision.restores?.sha,
      description: short(`rollback ${from.version} → ${version} by ${ctx.actor}: ${reason}`),
      force: true,
      strategy: 'blue-green',
      steps: ['deploy if needed', 'switch'],
      rollback: { from: { version: from.version, color: from.color }, reason }
    })
  )
  const before = { color: from.color, version: from.version }
  if (decision.redeploy) {
    if ((await deployToColor(ctx, record, from.color)) !== undefined) {
      return failed(
        `rollback to ${version} failed while deploying it to ${color}; ${from.version} still serves on ${from.color}.`,
        { serving: { before, after: before }, deployedColor: color, release: record }
      )
    }
  } else {
    report.record(`${version} still runs on ${color}`, 'ok', 0, 'no redeploy needed')
  }
  await moveAllTraffic(ctx, from.color, color, record)
  await store.transition(record, {
    phase: 'live',
    description: short(`rolled back to ${version} on ${color} by ${ctx.actor}: ${reason}`)
  })
  await store.transition(from, {
    phase: 'rolled-back',
    description: short(`rolled back by ${ctx.actor}: ${reason}`)
  })
  const hookProblem = await runHook(ctx, 'post-rollback', { color, version }, before, record)
  return (hookProblem ? failed : succeeded)(
    `rolled back from ${from.version} to ${version} on ${color}${decision.redeploy ? ' (redeployed)' : ''}${hookProblem ? `; but ${hookProblem}` : ''}.`,
    {
      serving: { before, after: { color, version } },
      ...(decision.redeploy ? { deployedColor: color } : {}),
      release: record
    }
  )
}

/**
 * All traffic back on the stable side of a canary. The canary is marked failed first, so its run,
 * if it is still alive, stops at its next fence instead of moving traffic again; then the router
 * moves and new requests are confirmed on the stable color.
 */
async function restoreStable(
  ctx: CommandContext,
  { canary, stable }: RestoreStable,
  state: RolloutState | undefined
): Promise<Outcome> {
  const reason = ctx.settings.reason || 'no reason given'
  const share = Math.round((await ctx.router.getWeights())[canary.color] ?? 0)
  await ctx.store.transition(canary, {
    phase: 'failed',
    description: short(`rolled back from ${share}% by ${ctx.actor}: ${reason}`)
  })
  await moveAllTraffic(ctx, canary.color, stable, undefined, true)
  const version = state?.colors[stable]?.version ?? ''
  const serving = { color: stable, version }
  const hookProblem = await runHook(ctx, 'post-rollback', serving, canary, canary)
  return (hookProblem ? failed : succeeded)(
    `rolled back the canary ${canary.version} (${share}% on ${canary.color}): all traffic is back on ${stable}${version ? ` (${version})` : ''}${hookProblem ? `; but ${hookProblem}` : ''}.`,
    {
      serving: { before: { color: canary.color, version: canary.version }, after: serving },
      release: canary
    }
  )
}
