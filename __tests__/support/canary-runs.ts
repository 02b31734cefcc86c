// Canary runs under load and what clients saw; shared by tests and benchmarks (no jest here).
import { LoadStats, RunningLoad, startLoad } from '../../demo/load-generator.js'
import { CanaryStepReport, Report } from '../../src/report/report.js'
import { CanaryLab, runInProcess } from './canary-lab.js'

export interface SplitRow {
  weight: number
  observed: number
  requests: number
}

/**
 * The canary's share of answers during each step's bake, counted over every client (they share
 * the balancer's round-robin sequence, so one client alone sees binomial noise). The first 300 ms
 * of a step are skipped: requests already in flight when the weight changed.
 */
export function observedSplits(
  steps: readonly CanaryStepReport[],
  loads: readonly RunningLoad[],
  canaryVersion: string
): SplitRow[] {
  return steps.map(step => {
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
}

/** A release of v2 as a canary while fresh-connection and keep-alive clients send traffic. */
export async function canaryUnderLoad(
  lab: CanaryLab,
  inputs: Record<string, string>,
  keepAliveClients = 2
): Promise<{
  report: Report
  error?: Error
  loads: RunningLoad[]
  fresh: LoadStats
  keepAlive: LoadStats
}> {
  const loads = [
    startLoad({ url: lab.url, kind: 'fresh', concurrency: 4, pauseMs: 1, maxDurationMs: 90_000 }),
    startLoad({
      url: lab.url,
      kind: 'keep-alive',
      concurrency: keepAliveClients,
      pauseMs: 1,
      maxDurationMs: 90_000
    })
  ]
  try {
    const { report, error } = await runInProcess('release', {
      ...lab.inputs,
      version: 'v2',
      ...inputs
    })
    const [fresh, keepAlive] = await Promise.all(loads.map(l => l.stop()))
    return { report, error, loads, fresh, keepAlive }
  } finally {
    await Promise.all(loads.map(l => l.stop()))
  }
}
