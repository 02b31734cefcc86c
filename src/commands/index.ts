import { CommandName } from '../config/settings.js'
import { CommandContext } from './context.js'
import { deployGreen } from './deploy-green.js'
import { plan } from './plan.js'
import { release } from './release.js'
import { rollback } from './rollback.js'
import { status } from './status.js'
import { switchTraffic } from './switch.js'
import { verify } from './verify.js'

export const COMMAND_HANDLERS: Record<CommandName, (ctx: CommandContext) => Promise<void>> = {
  release,
  'deploy-green': deployGreen,
  verify,
  switch: switchTraffic,
  rollback,
  status,
  plan
}
