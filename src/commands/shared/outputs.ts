import { Color } from '../../config/settings.js'
import { otherColor } from '../../strategies/blue-green.js'
import { describeFleet } from '../../strategies/rolling.js'
import { FleetSnapshot, RolloutRecord } from '../../state/types.js'
import { CommandContext } from '../context.js'

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
  deployedColor?: Color,
  /** The release this step acted on: its phase (and canary weight) become outputs. */
  release?: RolloutRecord
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
  if (release) {
    o.phase = release.phase
    const step = [...release.events].reverse().find(e => e.step)?.step
    if (step || ctx.settings.strategy === 'canary') {
      o['canary-weight'] = String(
        release.phase === 'live' ? 100 : release.phase === 'failed' ? 0 : (step?.weight ?? 0)
      )
    }
  }
}

/** The outputs of a rolling update: versions and phase (a fleet has no colors). */
export async function fleetOutputs(
  ctx: CommandContext,
  progress: { record: RolloutRecord; snapshot: FleetSnapshot; column(label: string): void },
  before: string
): Promise<void> {
  const o = ctx.report.outputs
  progress.column(progress.record.phase === 'live' ? 'end' : progress.record.phase)
  o.version = progress.record.version
  o['previous-version'] = before
  o['target-url'] = ctx.settings.serviceUrl || ctx.settings.router.probeUrl
  o.phase = progress.record.phase
  o.fleet = describeFleet(progress.snapshot)
  o.result = ctx.report.result
}
