import { waitHealthy } from '../../checks/health-check.js'
import { releaseEnvironment, runReleaseCommand } from '../../checks/release-command.js'
import { Argv, Color, Instance } from '../../config/settings.js'
import { CommandContext } from '../context.js'

/** What one instance of a pool did: its deploy command's exit code, or its health. */
export interface InstanceOutcome {
  instance: Instance
  ok: boolean
  detail: string
  ms: number
}

/** The facts a deploy or smoke command gets for one instance of a color's pool. */
export function poolInstanceEnvironment(
  ctx: CommandContext,
  color: Color,
  version: string,
  liveColor: Color | undefined,
  instance: Instance
): Record<string, string> {
  const separator = instance.address.lastIndexOf(':')
  return {
    ...releaseEnvironment(ctx.settings, color, version, liveColor),
    PD_INSTANCE: instance.name,
    PD_ADDRESS: instance.address,
    PD_HOST: instance.address.slice(0, separator).replace(/^\[|\]$/g, ''),
    PD_PORT: instance.address.slice(separator + 1),
    PD_URL: `http://${instance.address}`,
    PD_INSTANCES: ctx.settings.pools[color].map(i => i.address).join(',')
  }
}

/**
 * Runs the deploy command once per instance of the color, at most maxParallelDeploys at once, and
 * records a row per instance. Resolves to each instance's outcome, in pool order.
 */
export async function deployPool(
  ctx: CommandContext,
  argv: Argv,
  color: Color,
  version: string,
  liveColor: Color,
  signal: AbortSignal
): Promise<InstanceOutcome[]> {
  const pool = ctx.settings.pools[color]
  ctx.log.info(
    `▶ deploy ${version} to ${color}: ${pool.length} instances, up to ${ctx.settings.maxParallelDeploys} at once: ${argv.join(' ')}`
  )
  const outcomes = await inBatches(pool, ctx.settings.maxParallelDeploys, async instance => {
    const started = ctx.clock.now()
    const env = poolInstanceEnvironment(ctx, color, version, liveColor, instance)
    const exitCode = await runReleaseCommand(ctx.runner, argv, env, signal)
    const ok = exitCode === 0
    const detail = ok ? 'exit 0' : `deploy command exited ${exitCode}`
    return { instance, ok, detail, ms: ctx.clock.now() - started }
  })
  // Rows in pool order, whichever finished first.
  for (const o of outcomes)
    ctx.report.record(
      `deploy ${version} to ${o.instance.name} (${o.instance.address})`,
      o.ok ? 'ok' : 'failed',
      o.ms,
      o.detail
    )
  return outcomes
}

/** Health of every instance of the color at once, a row each. */
export async function poolHealth(
  ctx: CommandContext,
  color: Color,
  phase: string
): Promise<InstanceOutcome[]> {
  const pool = ctx.settings.pools[color]
  const outcomes = await Promise.all(
    pool.map(async instance => {
      const url = `http://${instance.address}${ctx.settings.health.path}`
      ctx.log.info(`▶ health check ${instance.name} (${color}): ${url}`)
      const verdict = await waitHealthy(url, ctx.settings.health, ctx)
      return {
        instance,
        ok: verdict.outcome === 'pass',
        detail: verdict.reason,
        ms: verdict.elapsedMs
      }
    })
  )
  // Rows in pool order, whichever finished first.
  for (const o of outcomes)
    ctx.report.record(
      `${phase}: health check ${o.instance.name} (${color})`,
      o.ok ? 'ok' : 'failed',
      o.ms,
      o.detail
    )
  return outcomes
}

/**
 * Whether a color's instances are enough: at least min-healthy of them (default: all) did what
 * they had to. Pure. Returns the problem, or undefined.
 */
export function poolShortfall(
  outcomes: readonly InstanceOutcome[],
  minHealthy: number | undefined,
  what: string
): string | undefined {
  const needed = minHealthy ?? outcomes.length
  const good = outcomes.filter(o => o.ok).length
  if (good >= needed) return undefined
  const bad = outcomes.filter(o => !o.ok).map(o => `${o.instance.name} (${o.detail})`)
  return `${good} of ${outcomes.length} instances ${what}, ${needed} needed; ${bad.join('; ')}`
}

/** Runs `work` for every item, at most `limit` at once; results in the items' order. */
async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i])
    }
  })
  await Promise.all(lanes)
  return results
}
