import { expect } from '@jest/globals'
import { RunningLoad } from '../../demo/load-generator.js'
import { Report } from '../../src/report/report.js'

/**
 * The split the load balancer gave during each step's bake, counted over every client (they share
 * its round-robin sequence, so one client alone sees binomial noise), against the step's weight:
 * within 1 percentage point, 2 at 1%. Returns the observed shares.
 */
export function expectSplitPerStep(
  report: Report,
  loads: RunningLoad[],
  canaryVersion: string
): { weight: number; observed: number; requests: number }[] {
  const rows = report.canarySteps.map(step => {
    // Skip the first 300 ms: requests already in flight when the weight changed.
    const seen: Record<string, number> = {}
    for (const load of loads)
      for (const [v, n] of Object.entries(
        load.between(step.startedAt + 300, step.startedAt + step.durationMs)
      ))
        seen[v] = (seen[v] ?? 0) + n
    const requests = Object.values(seen).reduce((a, b) => a + b, 0)
    return {
      weight: step.weight,
      observed: (100 * (seen[canaryVersion] ?? 0)) / Math.max(1, requests),
      requests
    }
  })
  for (const row of rows) {
    expect(row.requests).toBeGreaterThan(200)
    expect(Math.abs(row.observed - row.weight)).toBeLessThanOrEqual(row.weight <= 1 ? 2 : 1)
  }
  return rows
}
