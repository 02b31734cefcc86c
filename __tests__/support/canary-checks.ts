import { expect } from '@jest/globals'
import { LoadStats, RunningLoad } from '../../demo/load-generator.js'
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

/**
 * What a healthy 1 → 5 → 20 → 50 → 100 canary under load must show on any router: every step
 * passed, the split per step held, and no client saw a failed request (fresh connections saw no
 * connection error either).
 */
export function expectHealthyCanary(run: {
  report: Report
  error?: Error
  loads: RunningLoad[]
  fresh: LoadStats
  keepAlive: LoadStats
}): void {
  expect(run.error).toBeUndefined()
  expect(run.report.result).toBe('success')
  expect(run.report.canarySteps.map(s => [s.weight, s.outcome])).toEqual([
    [1, 'pass'],
    [5, 'pass'],
    [20, 'pass'],
    [50, 'pass'],
    [100, 'pass']
  ])
  expectSplitPerStep(run.report, run.loads, 'v2')
  expect([run.fresh.non2xx, run.fresh.connectionErrors, run.keepAlive.non2xx]).toEqual([0, 0, 0])
}
