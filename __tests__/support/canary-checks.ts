import { expect } from '@jest/globals'
import { RunningLoad } from '../../demo/load-generator.js'
import { Report } from '../../src/report/report.js'
import { observedSplits, SplitRow } from './canary-runs.js'

export { canaryUnderLoad } from './canary-runs.js'

/** Each step's observed split within 1 percentage point of its weight (2 at 1%). */
export function expectSplitPerStep(
  report: Report,
  loads: RunningLoad[],
  canaryVersion: string
): SplitRow[] {
  const rows = observedSplits(report.canarySteps, loads, canaryVersion)
  for (const row of rows) {
    expect(row.requests).toBeGreaterThan(200)
    expect(Math.abs(row.observed - row.weight)).toBeLessThanOrEqual(row.weight <= 1 ? 2 : 1)
  }
  return rows
}
