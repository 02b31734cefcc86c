import { CommandName } from '../config/settings.js'
import { CommandContext } from './context.js'
import { deployGreen } from './deploy-green.js'
import { abort } from './abort.js'
import { canaryStep } from './canary-step.js'
import { plan } from './plan.js'
import { promote } from './promote.js'
import { release } from './release.js'
import { rollback } from './rollback.js'
import { rolling } from './rolling.js'
import { status } from './status.js'
import { switchTraffic } from './switch.js'
import { verify } from './verify.js'

export const COMMAND_HANDLERS: Record<CommandName, (ctx: CommandContext) => Promise<void>> = {
  release,
  'deploy-green': deployGreen,
  verify,
  switch: switchTraffic,
  'canary-step': canaryStep,
  promote,
  abort,
  rolling,
  rollback,
  status,
  plan
}
