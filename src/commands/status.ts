import { COLORS } from '../config/settings.js'
import { liveColorOf } from '../strategies/blue-green.js'
import { CommandContext } from './context.js'
import { finishReport } from './outputs.js'

/** Which color serves, which versions run where, recent history. Changes nothing. */
export async function status(ctx: CommandContext): Promise<void> {
  const { settings, report } = ctx
  const weights = await ctx.router.getWeights()
  const state = await ctx.store.load(settings.environment)
  const live = liveColorOf(weights)
  const where = COLORS.map(color => {
    const r = state?.colors[color]
    return `${color}: ${r ? `${r.version} (${r.phase})` : 'nothing recorded'}`
  })
  report.result = 'no-op'
  report.headline = `${live} takes all traffic. ${where.join('; ')}.`
  if (state?.live && state.live.color !== live) {
    ctx.log.warn(
      `the state says ${state.live.version} is live on ${state.live.color}, but the router sends traffic to ${live}.`
    )
    report.headline += ` Warning: the state records ${state.live.color} as live.`
  }
  if (state?.inProgress)
    report.headline += ` In progress: ${state.inProgress.version} on ${state.inProgress.color} (${state.inProgress.phase}).`
  const serving = { color: live, version: state?.colors[live]?.version ?? '' }
  ctx.report.history = await ctx.store.history(settings.environment, 10)
  await finishReport(ctx, serving, serving)
}
