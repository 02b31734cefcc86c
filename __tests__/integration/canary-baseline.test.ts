import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startLoad } from '../../demo/load-generator.js'
import { CanaryLab, runInProcess, startCanaryLab } from '../support/canary-lab.js'
import { answeredBy } from '../support/lab.js'

// Stable v1 answers 1% errors. The gate compares the canary with it, request counts from the
// http probe (both versions probed alike), α = 0.001 so an identical canary almost never fails.
let lab: CanaryLab
beforeAll(async () => {
  lab = await startCanaryLab('canary-baseline', 'nginx', { failRate: 0.01 })
})
afterAll(async () => {
  await lab?.stop()
})

const GATE = [
  { name: 'errors-vs-stable', provider: 'http', compare: 'baseline', alpha: 0.001, rate: 200 }
]

async function release(environment: string) {
  const load = startLoad({
    url: lab.url,
    kind: 'fresh',
    concurrency: 2,
    pauseMs: 5,
    maxDurationMs: 60_000
  })
  const result = await runInProcess('release', {
    ...lab.inputs,
    environment,
    version: 'v2',
    'canary-steps': '5,50,100',
    'bake-time': '6s',
    metrics: JSON.stringify(GATE)
  })
  await load.stop()
  return result
}

describe('canary judged against its baseline (sequential test) on real nginx', () => {
  test('a canary at 3% errors against a baseline at 1% is aborted at its first or second step, and says why', async () => {
    await lab.startCanary({ failRate: 0.03 })
    const { report, error } = await release('worse')
    expect(error).toBeUndefined()
    expect(report.result).toBe('failure')
    const failed = report.canarySteps.at(-1)!
    expect(report.canarySteps.length).toBeLessThanOrEqual(2)
    expect(failed.outcome).toBe('fail')
    expect(failed.reason).toMatch(
      /^errors-vs-stable: canary \d+\/\d+ errors \(\d\.\d\d%\) vs baseline \d+\/\d+ errors \(\d\.\d\d%\); evidence ln E \d+\.\d\d of 6\.91 \(α 0\.001\), sequential p [\d.e-]+ → the canary is worse than the baseline: abort$/
    )
    for (let i = 0; i < 5; i++) expect(await answeredBy(lab.url)).toBe('blue')
  }, 60_000)

  test('an identical canary (1% errors, like the baseline) passes every step', async () => {
    await lab.startCanary({ failRate: 0.01 })
    const { report, error } = await release('same')
    expect(error).toBeUndefined()
    expect(report.canarySteps.map(s => [s.weight, s.outcome])).toEqual([
      [5, 'pass'],
      [50, 'pass'],
      [100, 'pass']
    ])
    expect(report.canarySteps[0].reason).toMatch(/→ no evidence the canary is worse: pass$/)
    expect(await answeredBy(lab.url)).toBe('green')
  }, 60_000)
})
