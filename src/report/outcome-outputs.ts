import { Outcome } from './outcome.js'
import { describeFleet } from '../strategies/rolling.js'
import { otherColor } from '../strategies/blue-green.js'
import { OutputName } from './report.js'

/** The outputs every action sets, from what the command did. Pure. */
export function outputsOf(
  outcome: Outcome,
  settings: { serviceUrl: string; strategy: string; router: { probeUrl: string } }
): Partial<Record<OutputName, string>> {
  const o: Partial<Record<OutputName, string>> = {
    result: outcome.result,
    'target-url': settings.serviceUrl || settings.router.probeUrl
  }
  if (outcome.serving) {
    const { before, after } = outcome.serving
    o['active-color'] = after.color
    o['idle-color'] = otherColor(after.color)
    o.version = after.version
    o['previous-color'] = before.color
    o['previous-version'] = before.version
    o['deployed-color'] = outcome.deployedColor ?? ''
  }
  const release = outcome.release
  if (release) {
    o.phase = release.phase
    const step = [...release.events].reverse().find(e => e.step)?.step
    if (step || settings.strategy === 'canary') {
      // The router's own split when it was read back; else what the record says.
      const held = release.color === 'fleet' ? undefined : outcome.traffic?.weights[release.color]
      o['canary-weight'] = String(
        held !== undefined
          ? Math.round(held)
          : release.phase === 'live'
            ? 100
            : release.phase === 'failed'
              ? 0
              : (step?.weight ?? 0)
      )
    }
  }
  if (outcome.fleet) {
    o.version = outcome.fleet.version
    if (outcome.fleet.previousVersion !== undefined)
      o['previous-version'] = outcome.fleet.previousVersion
    o.fleet = describeFleet(outcome.fleet.snapshot)
  }
  return o
}
