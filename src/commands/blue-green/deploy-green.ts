import { planDeploy } from '../../strategies/blue-green.js'
import { colorStrategy } from '../../strategies/index.js'
import { CommandContext } from '../context.js'
import { openRecord } from '../shared/open-record.js'
import { colorRecord } from '../../state/slot.js'
import { deployToColor } from './deploy-to-color.js'
import { failed, Outcome, Serving, succeeded } from '../../report/outcome.js'

/** Deploys the new version to the idle color and waits until it is healthy. Never moves traffic. */
export async function deployGreen(ctx: CommandContext): Promise<Outcome> {
  const { settings, store } = ctx
  const weights = await ctx.router.getWeights()
  const { color, live } = planDeploy(weights)
  const state = await store.load(settings.environment)
  const serving: Serving = {
    color: live,
    version: state?.live?.color === live ? state.live.version : ''
  }

  const record = colorRecord(
    await openRecord(ctx, {
      kind: 'release',
      version: settings.version,
      color,
      description: `blue/green: deploying ${settings.version} to ${color}`,
      force: settings.force,
      strategy: settings.strategy,
      steps: [...colorStrategy(settings).steps],
      ...(state?.live ? { replaces: { version: state.live.version, color: state.live.color } } : {})
    })
  )
  const problem = await deployToColor(ctx, record, live)
  const parts = {
    serving: { before: serving, after: serving },
    deployedColor: color,
    release: record
  }
  if (problem !== undefined) return failed(problem, parts)
  return succeeded(
    `${settings.version} runs healthy on ${color}; traffic stays on ${live}${serving.version ? ` (${serving.version})` : ''}.`,
    parts
  )
}
