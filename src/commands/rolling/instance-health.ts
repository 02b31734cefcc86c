import { checkOnce } from '../../checks/health-check.js'
import { Instance } from '../../config/settings.js'
import { CommandContext } from '../context.js'

// Health of fleet instances checked directly (not through the load balancer), all at once.

/** One health check of each instance, at once; the ones that fail, with what was wrong. */
async function failingChecks(
  ctx: CommandContext,
  instances: readonly Instance[]
): Promise<{ instance: Instance; problem: string }[]> {
  const { health } = ctx.settings
  const results = await Promise.all(
    instances.map(async instance => ({
      instance,
      problem: await checkOnce(`http://${instance.address}${health.path}`, health, ctx.http)
    }))
  )
  return results.filter(r => r.problem !== '')
}

/** Health of each instance once; '' when all pass, else every problem. */
export async function healthOnce(
  ctx: CommandContext,
  instances: readonly Instance[]
): Promise<string> {
  return (await failingChecks(ctx, instances))
    .map(({ instance, problem }) => `${instance.name} (${instance.address}): ${problem}`)
    .join('; ')
}

/** The instances that fail one health check now. */
export async function unhealthyOf(
  ctx: CommandContext,
  instances: readonly Instance[]
): Promise<string[]> {
  return (await failingChecks(ctx, instances)).map(({ instance }) => instance.name)
}
