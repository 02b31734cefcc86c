import { releaseEnvironment, runReleaseCommand } from '../../checks/release-command.js'
import { formatDuration } from '../../config/duration.js'
import { ConfigurationError } from '../../errors.js'
import { failed, nothingToDo, Outcome, succeeded } from '../../report/outcome.js'
import { otherColor } from '../../strategies/blue-green.js'
import { CONTRACT_RAN, contractedAt, liveSince } from '../../strategies/contract.js'
import { isColorRecord } from '../../state/slot.js'
import { soleTarget } from '../../routers/traffic-router.js'
import { short } from '../blue-green/deploy-to-color.js'
import { CommandContext } from '../context.js'

/**
 * The contract half of expand/contract (drop what only the old version needed): runs
 * contract-command once the live release takes all traffic and has done so for contract-after,
 * and records it on the release, so a rollback to a version from before it is refused.
 */
export async function contract(ctx: CommandContext): Promise<Outcome> {
  const { settings } = ctx
  const argv = settings.contract.command
  if (!argv)
    throw ConfigurationError.single(
      'contract-command',
      'missing: give the command that contracts (e.g. the migration that drops the old columns).'
    )
  const state = await ctx.store.load(settings.environment)
  const live = state?.live
  if (!live || !isColorRecord(live))
    throw ConfigurationError.single(
      'environment',
      `no blue/green or canary release is live in "${settings.environment}"; contract runs after one has taken all traffic.`
    )
  const serving = { color: live.color, version: live.version }
  const parts = { serving: { before: serving, after: serving }, release: live }
  const ran = contractedAt(live)
  if (ran)
    return nothingToDo(`${live.version}'s contract already ran at ${ran}; nothing to do.`, parts)
  const sole = soleTarget(await ctx.router.getWeights())
  if (sole !== live.color)
    return failed(
      `the old version may still serve: the router does not send all traffic to ${live.color} (${live.version}); contract runs only once it does. Nothing ran.`,
      parts
    )
  const since = liveSince(live)
  const liveForMs = since ? Date.parse(ctx.clock.isoNow()) - Date.parse(since) : 0
  if (liveForMs < settings.contract.afterMs) {
    const when = new Date(
      Date.parse(since ?? ctx.clock.isoNow()) + settings.contract.afterMs
    ).toISOString()
    return failed(
      `${live.version} has taken all traffic for ${formatDuration(liveForMs)}; contract-after is ${formatDuration(settings.contract.afterMs)}: run contract after ${when}. Nothing ran.`,
      parts
    )
  }
  const previous = state.colors[otherColor(live.color)]
  const started = ctx.clock.now()
  const exitCode = await runReleaseCommand(ctx.runner, argv, {
    ...releaseEnvironment(settings, live.color, live.version, live.color),
    PD_HOOK: 'contract',
    PD_PREVIOUS_COLOR: otherColor(live.color),
    PD_PREVIOUS_VERSION: previous?.version ?? ''
  })
  ctx.report.record(
    'contract-command',
    exitCode === 0 ? 'ok' : 'failed',
    ctx.clock.now() - started,
    `exit ${exitCode}`
  )
  if (exitCode !== 0)
    return failed(
      `contract-command exited ${exitCode}; ${live.version} still takes all traffic, and a rollback is still allowed.`,
      parts
    )
  await ctx.store.transition(live, {
    phase: 'live',
    description: short(
      `${CONTRACT_RAN} for ${live.version} (by ${ctx.actor}): rollbacks to earlier versions need force`
    )
  })
  return succeeded(
    `contract-command ran for ${live.version}; from now on a rollback to an earlier version is refused unless forced.`,
    parts
  )
}
