import { canaryStep } from '../canary/canary-step.js'
import { CommandContext } from '../context.js'
import { deployGreen } from '../blue-green/deploy-green.js'
import { switchTraffic } from '../blue-green/switch.js'
import { rolling } from '../rolling/rolling.js'
import { verify } from '../blue-green/verify.js'

/** The whole rollout in one step: deploy-green, verify, then switch or the canary steps (or the rolling update); stops at the first failure. */
export async function release(ctx: CommandContext): Promise<void> {
  if (ctx.settings.strategy === 'rolling') return rolling(ctx)
  await deployGreen(ctx)
  if (ctx.report.result !== 'success') return
  await verify(ctx)
  if (ctx.report.result !== 'success') return
  if (ctx.settings.strategy === 'canary') await canaryStep(ctx)
  else await switchTraffic(ctx)
}
