import { CommandContext } from './context.js'
import { deployGreen } from './deploy-green.js'
import { switchTraffic } from './switch.js'
import { verify } from './verify.js'

/** The whole blue/green rollout in one step: deploy-green, verify, switch; stops at the first failure. */
export async function release(ctx: CommandContext): Promise<void> {
  await deployGreen(ctx)
  if (ctx.report.result !== 'success') return
  await verify(ctx)
  if (ctx.report.result !== 'success') return
  await switchTraffic(ctx)
}
