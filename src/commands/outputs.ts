import { Color } from '../config/settings.js'
import { otherColor } from '../strategies/blue-green.js'
import { CommandContext } from './context.js'

export interface Serving {
  color: Color
  /** '' when no release is recorded for the color (a first deploy). */
  version: string
}

/** Fills the outputs every action sets. */
export async function finishReport(
  ctx: CommandContext,
  before: Serving,
  after: Serving,
  deployedColor?: Color
): Promise<void> {
  const o = ctx.report.outputs
  o['active-color'] = after.color
  o['idle-color'] = otherColor(after.color)
  o.version = after.version
  o['previous-color'] = before.color
  o['previous-version'] = before.version
  // release runs several commands in one report: keep what an earlier one deployed.
  o['deployed-color'] = deployedColor ?? o['deployed-color'] ?? ''
  o['target-url'] = ctx.settings.serviceUrl || ctx.settings.router.probeUrl
  o.result = ctx.report.result
}
