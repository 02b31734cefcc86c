import { canaryStep } from '../canary/canary-step.js'
import { CommandContext } from '../context.js'
import { deployGreen } from '../blue-green/deploy-green.js'
import { Outcome } from '../../report/outcome.js'
import { switchTraffic } from '../blue-green/switch.js'
import { rolling } from '../rolling/rolling.js'
import { verify } from '../blue-green/verify.js'

/** The whole rollout in one step: deploy-green, verify, then switch or the canary steps (or the rolling update); stops at the first failure. */
export async function release(ctx: CommandContext): Promise<Outcome> {
  if (ctx.settings.strategy === 'rolling') return rolling(ctx)
  const deployed = await deployGreen(ctx)
  if (deployed.result !== 'success') return deployed
  const verified = await verify(ctx)
  if (verified.result !== 'success') return verified
  const moved =
    ctx.settings.strategy === 'canary' ? await canaryStep(ctx) : await switchTraffic(ctx)
  // The switch deploys nothing: the outputs still name the color this release deployed to.
  return { ...moved, deployedColor: moved.deployedColor ?? deployed.deployedColor }
}
