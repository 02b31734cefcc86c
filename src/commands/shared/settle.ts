import { soleTarget } from '../../routers/traffic-router.js'
import { AT_REST } from '../../state/lease.js'
import { reconcile } from '../../strategies/reconcile.js'
import { CommandContext } from '../context.js'

/**
 * Brings the records in line with the router before a command acts: a run that moved traffic
 * and died (or lost the API) before recording it left them behind (strategies/reconcile.ts).
 */
export async function settle(ctx: CommandContext): Promise<void> {
  if (ctx.settings.strategy === 'rolling') return
  const weights = await ctx.router.getWeights()
  const state = await ctx.store.load(ctx.settings.environment)
  const holder = state?.inProgress
  // Whether the holder is gone matters only for a release in progress on the color that takes
  // all traffic; asking costs an API call, so it is asked only then.
  const ask =
    holder !== undefined &&
    soleTarget(weights) === holder.color &&
    !AT_REST.includes(holder.phase) &&
    holder.phase !== 'deploying'
  const fixes = reconcile(state, weights, ask ? await ctx.store.holderGone(holder) : false)
  for (const { record, transition } of fixes) {
    const what = `${record.version} on ${record.color} (#${record.id}) → ${transition.phase}`
    ctx.log.warn(`the records disagree with the router; ${what}: ${transition.description}`)
    await ctx.store.transition(record, transition)
    ctx.report.record(`reconcile ${what}`, 'ok', 0, transition.description)
  }
}
