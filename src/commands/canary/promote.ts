import { otherColor } from '../../strategies/blue-green.js'
import { canaryInProgress, completeCanary, runCanary } from './canary-run.js'
import { CommandContext } from '../context.js'
import { Outcome } from '../../report/outcome.js'

/** Continues a paused (or interrupted) canary past its pause; with full: true, straight to 100%. */
export async function promote(ctx: CommandContext): Promise<Outcome> {
  const state = await ctx.store.load(ctx.settings.environment)
  const record = canaryInProgress(state, ctx.settings.environment, ['paused', 'canary'])
  if (ctx.settings.canary.full) {
    const stable = state?.live?.color === otherColor(record.color) ? state.live : undefined
    return completeCanary(ctx, record, stable)
  }
  return runCanary(ctx, record, true)
}
