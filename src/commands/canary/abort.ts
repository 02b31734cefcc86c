import { abortCanary, canaryInProgress } from './canary-run.js'
import { CommandContext } from '../context.js'
import { Outcome } from '../../report/outcome.js'

/**
 * All traffic back to stable now; the rollout in progress is marked failed. Asked for by a person,
 * the abort itself succeeded, so the job does not fail (an automatic abort does).
 */
export async function abort(ctx: CommandContext): Promise<Outcome> {
  const state = await ctx.store.load(ctx.settings.environment)
  const record = canaryInProgress(state, ctx.settings.environment, [
    'deployed',
    'verified',
    'canary',
    'paused'
  ])
  const outcome = await abortCanary(
    ctx,
    record,
    `aborted by ${ctx.actor}${ctx.settings.reason ? `: ${ctx.settings.reason}` : ''}`,
    true
  )
  return { ...outcome, result: 'success' }
}
