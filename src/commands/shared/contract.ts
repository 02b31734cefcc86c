import { formatDuration } from '../../config/duration.js'
import { ConfigurationError } from '../../errors.js'
import { failed, nothingToDo, Outcome, succeeded } from '../../report/outcome.js'
import { otherColor } from '../../strategies/blue-green.js'
import { contractState, liveSince } from '../../strategies/contract.js'
import { isColorRecord } from '../../state/slot.js'
import { soleTarget } from '../../routers/traffic-router.js'
import { runReleaseHook } from './hooks.js'
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
  const contracted = contractState(live)
  if (contracted?.state === 'ran')
    return nothingToDo(
      `${live.version}'s contract already ran at ${contracted.at}; nothing to do.`,
      parts
    )
  if (contracted?.state === 'maybe' && !settings.force)
    return failed(
      `${live.version}'s contract-command started at ${contracted.at} and its end was never recorded (the run was stopped?). Check what it did; nothing ran now, and a rollback needs force. Run contract with force: true to run it again.`,
      parts
    )
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
  // Intent first: a run killed mid-contract leaves "started", and rollbacks stay refused.
  const exitCode = await runReleaseHook(
    ctx,
    'contract',
    argv,
    serving,
    { color: otherColor(live.color), version: previous?.version ?? '' },
    live,
    { intentFirst: true }
  )
  if (exitCode !== 0)
    return failed(
      `contract-command exited ${exitCode}; ${live.version} still takes all traffic, and a rollback is still allowed.`,
      parts
    )
  return succeeded(
    `contract-command ran for ${live.version}; from now on a rollback to an earlier version is refused unless forced.`,
    parts
  )
}
