import { Argv, Color, KubernetesSettings } from '../../config/settings.js'
import { ImageRollout, rollOutImage } from '../../checks/kubernetes-image.js'
import { BackendError } from '../../errors.js'
import { KubeApi } from '../../platform/kube-api.js'
import { deployPool, poolHealth, poolShortfall } from './pool.js'
import { waitHealthy } from '../../checks/health-check.js'
import { releaseEnvironment, runReleaseCommand } from '../../checks/release-command.js'
import { colorStrategy } from '../../strategies/index.js'
import { ColorRecord } from '../../state/slot.js'
import { CommandContext } from '../context.js'
import { whileHeld } from '../shared/lease-guard.js'

/**
 * Runs the deploy command for `record` on its color, then waits for the color to be healthy.
 * Records the outcome (deployed / failed); returns why the release failed, or undefined when it
 * is deployed and healthy. Traffic is not touched here.
 */
export async function deployToColor(
  ctx: CommandContext,
  record: ColorRecord,
  liveColor: Color
): Promise<string | undefined> {
  const { settings } = ctx
  const byImage = settings.kubernetes?.image !== undefined && ctx.kube !== undefined
  if (!byImage && settings.pools[record.color].length > 1)
    return deployToPool(ctx, record, liveColor, settings.deploy as Argv)
  const failure = byImage
    ? await deployImage(ctx, record)
    : await deployByCommand(ctx, record, liveColor)
  if (failure !== undefined) return failRecord(ctx, record, failure)
  return passWhenHealthy(ctx, record, `${record.version} deployed and healthy on ${record.color}`)
}

/** Deployed: waits for the color's health, then records the deploy step passed with `reason`. */
async function passWhenHealthy(
  ctx: CommandContext,
  record: ColorRecord,
  reason: string
): Promise<string | undefined> {
  const unhealthy = await checkHealth(ctx, record, 'deploy-green')
  if (unhealthy !== undefined) return unhealthy
  await ctx.store.transition(
    record,
    colorStrategy(ctx.settings).next(
      { phase: record.phase, index: -1 },
      { outcome: 'pass', reason: short(reason) }
    )
  )
  return undefined
}

/** The deploy command on the color's one instance; why it failed, or undefined. */
async function deployByCommand(
  ctx: CommandContext,
  record: ColorRecord,
  liveColor: Color
): Promise<string | undefined> {
  const { settings, report } = ctx
  const argv = settings.deploy
  if (!argv)
    throw new Error('bug: deployToColor without a deploy command (parse-settings requires one)')
  const env = releaseEnvironment(settings, record.color, record.version, liveColor)
  const started = ctx.clock.now()
  ctx.log.info(
    `▶ deploy ${record.version} to ${record.color} (${settings.addresses[record.color]}): ${argv.join(' ')}`
  )
  const exitCode = await whileHeld(
    ctx,
    record,
    `deploying ${record.version} to ${record.color}`,
    signal => runReleaseCommand(ctx.runner, argv, env, signal)
  )
  const deployMs = ctx.clock.now() - started
  if (exitCode !== 0) {
    const reason = `deploy command exited ${exitCode} for ${record.version} on ${record.color}`
    report.record(`deploy ${record.version} to ${record.color}`, 'failed', deployMs, reason)
    return reason
  }
  report.record(`deploy ${record.version} to ${record.color}`, 'ok', deployMs, `exit 0`)
  return undefined
}

/** kubernetes-image: the color's Deployment gets the version's image and rolls it out. */
async function deployImage(ctx: CommandContext, record: ColorRecord): Promise<string | undefined> {
  const k8s = ctx.settings.kubernetes as KubernetesSettings
  const kube = ctx.kube as KubeApi
  const started = ctx.clock.now()
  ctx.log.info(
    `▶ deploy ${record.version} to ${record.color}: image of Deployment ${k8s.names[record.color]} in ${k8s.namespace}`
  )
  // An API refusal (a missing Deployment, a Role without patch) fails the release like a failed
  // deploy command: recorded, traffic untouched.
  const rollout = await whileHeld(
    ctx,
    record,
    `rolling out ${record.version} on ${k8s.names[record.color]}`,
    signal =>
      rollOutImage(kube, k8s, record.color, record.version, ctx.clock, ctx.log, signal).catch(
        (error: unknown): ImageRollout => {
          if (error instanceof BackendError)
            return { image: '', detail: '', failure: error.message }
          throw error
        }
      )
  )
  const row = `deploy ${record.version} to ${record.color}`
  const ms = ctx.clock.now() - started
  if (rollout.failure !== undefined) {
    ctx.report.record(row, 'failed', ms, rollout.failure)
    return `${rollout.failure} (${record.version} on ${record.color})`
  }
  ctx.report.record(row, 'ok', ms, `${rollout.image}: ${rollout.detail}`)
  return undefined
}

/**
 * Health check of the record's color; records a failure (the caller records success its own
 * way). Returns the headline of the failure, or undefined when healthy. The row names the phase
 * (deploy-green or verify): a release checks the same color twice.
 */
export async function checkHealth(
  ctx: CommandContext,
  record: ColorRecord,
  phase: 'deploy-green' | 'verify'
): Promise<string | undefined> {
  if (ctx.settings.pools[record.color].length > 1) {
    const shortfall = poolShortfall(
      await poolHealth(ctx, record.color, phase),
      ctx.settings.minHealthy,
      'healthy'
    )
    return shortfall === undefined
      ? undefined
      : failRecord(ctx, record, `${record.color} (${record.version}): ${shortfall}`)
  }
  const url = `http://${ctx.settings.addresses[record.color]}${ctx.settings.health.path}`
  ctx.log.info(`▶ health check ${record.color}: ${url}`)
  const verdict = await waitHealthy(url, ctx.settings.health, ctx)
  ctx.report.record(
    `${phase}: health check ${record.color}`,
    verdict.outcome === 'pass' ? 'ok' : 'failed',
    verdict.elapsedMs,
    verdict.reason
  )
  if (verdict.outcome === 'pass') return undefined
  await ctx.store.transition(
    record,
    colorStrategy(ctx.settings).next(
      { phase: record.phase, index: -1 },
      {
        outcome: 'fail',
        reason: short(`${record.version} on ${record.color}: ${verdict.reason}`)
      }
    )
  )
  return `${record.color} (${record.version}) failed its health check; traffic was not moved.`
}

/** GitHub limits status descriptions to 140 characters; the file store keeps the same records. */
export function short(text: string): string {
  return text.length <= 140 ? text : `${text.slice(0, 139)}…`
}

/** A pool: the deploy command per instance, then every instance's health; min-healthy decides. */
async function deployToPool(
  ctx: CommandContext,
  record: ColorRecord,
  liveColor: Color,
  argv: Argv
): Promise<string | undefined> {
  const deployed = await whileHeld(
    ctx,
    record,
    `deploying ${record.version} to ${record.color}`,
    signal => deployPool(ctx, argv, record.color, record.version, liveColor, signal)
  )
  // Every deploy must succeed: an instance whose deploy failed may still answer healthy with the
  // old version, and would then take the new color's traffic.
  const notDeployed = poolShortfall(deployed, undefined, 'deployed')
  if (notDeployed !== undefined)
    return failRecord(ctx, record, `${record.version} on ${record.color}: ${notDeployed}`)
  return passWhenHealthy(
    ctx,
    record,
    `${record.version} deployed and healthy on ${record.color} (${ctx.settings.pools[record.color].length} instances)`
  )
}

/** Records the release failed for `reason`; the headline says traffic did not move. */
async function failRecord(
  ctx: CommandContext,
  record: ColorRecord,
  reason: string
): Promise<string> {
  await ctx.store.transition(
    record,
    colorStrategy(ctx.settings).next(
      { phase: record.phase, index: -1 },
      { outcome: 'fail', reason: short(reason) }
    )
  )
  return `${reason}; traffic was not moved.`
}
