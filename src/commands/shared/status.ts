import { COLORS } from '../../config/settings.js'
import { soleTarget } from '../../routers/traffic-router.js'
import { otherColor } from '../../strategies/blue-green.js'
import { CommandContext } from '../context.js'
import { nothingToDo, Outcome } from '../../report/outcome.js'
import { fleetStatus } from '../rolling/fleet-status.js'
import { isColorRecord } from '../../state/slot.js'
import { recoveryFor } from '../../strategies/recovery.js'

/** Which color serves (or how traffic is split), which versions run where, recent history; for a fleet, which instance runs what. Changes nothing. */
export async function status(ctx: CommandContext): Promise<Outcome> {
  const { settings } = ctx
  if (settings.strategy === 'rolling') return fleetStatus(ctx)
  const weights = await ctx.router.getWeights()
  const state = await ctx.store.load(settings.environment)
  const sole = soleTarget(weights)
  const where = COLORS.map(color => {
    const r = state?.colors[color]
    return `${color}: ${r ? `${r.version} (${r.phase})` : 'nothing recorded'}`
  })
  const split = COLORS.map(c => `${Math.round(weights[c] ?? 0)}% ${c}`).join(' / ')
  let headline = `${sole ? `${sole} takes all traffic` : `traffic is split: ${split}`}. ${where.join('; ')}.`
  if (sole && state?.live && state.live.color !== sole) {
    ctx.log.warn(
      `the state says ${state.live.version} is live on ${state.live.color}, but the router sends traffic to ${sole}.`
    )
    headline += ` Warning: the state records ${state.live.color} as live.`
  }
  const progress = state?.inProgress
  if (progress) {
    const step = [...progress.events].reverse().find(e => e.step)?.step
    const { state: where, command } = recoveryFor(
      progress,
      weights,
      await ctx.store.holderGone(progress)
    )
    headline += ` In progress: ${progress.version} on ${progress.color} (${progress.phase}${step ? `, step ${step.index + 1}/${step.total}` : ''}): ${where}.${command ? ` Run ${command}.` : ''}`
  }
  ctx.report.history = await ctx.store.history(settings.environment, 10)
  // During a canary the stable color still "serves" for the outputs.
  const serving =
    (sole as 'blue' | 'green' | undefined) ??
    (isColorRecord(progress) ? otherColor(progress.color) : 'blue')
  const info = { color: serving, version: state?.colors[serving]?.version ?? '' }
  // The newest release: after an aborted canary that is the failed canary (its weight 0), not
  // the stable release it fell back to.
  const release = progress ?? ctx.report.history[0] ?? state?.live
  return nothingToDo(headline, {
    serving: { before: info, after: info },
    ...(release ? { release } : {})
  })
}
