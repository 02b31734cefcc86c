import { CommandName } from '../config/settings.js'
import { CommandContext } from './context.js'
import { Outcome } from '../report/outcome.js'
import { deployGreen } from './blue-green/deploy-green.js'
import { abort } from './canary/abort.js'
import { canaryStep } from './canary/canary-step.js'
import { plan } from './shared/plan.js'
import { contract } from './shared/contract.js'
import { promote } from './canary/promote.js'
import { release } from './shared/release.js'
import { rollback } from './blue-green/rollback.js'
import { rolling } from './rolling/rolling.js'
import { rollbackFleet } from './rolling/rolling-rollback.js'
import { status } from './shared/status.js'
import { switchTraffic } from './blue-green/switch.js'
import { verify } from './blue-green/verify.js'

export const COMMAND_HANDLERS: Record<CommandName, (ctx: CommandContext) => Promise<Outcome>> = {
  release,
  'deploy-green': deployGreen,
  verify,
  switch: switchTraffic,
  'canary-step': canaryStep,
  promote,
  abort,
  rolling,
  // A fleet is rolled back instance by instance; a pair by switching back.
  rollback: ctx => (ctx.settings.strategy === 'rolling' ? rollbackFleet(ctx) : rollback(ctx)),
  status,
  plan,
  contract
}
