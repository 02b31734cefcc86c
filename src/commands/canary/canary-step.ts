import { canaryInProgress, runCanary } from './canary-run.js'
import { CommandContext } from '../context.js'
import { Outcome } from '../../report/outcome.js'

/** Runs the canary from where it stands until a pause, an abort, or the end. */
export async function canaryStep(ctx: CommandContext): Promise<Outcome> {
  const state = await ctx.store.load(ctx.settings.environment)
  const record = canaryInProgress(state, ctx.settings.environment, [
    'deployed',
    'verified',
    'canary'
  ])
  return runCanary(ctx, record, false)
}
