import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startLoad } from '../../demo/load-generator.js'
import { CanaryLab, runInProcess, startCanaryLab } from '../support/canary-lab.js'
import { answeredBy } from '../support/lab.js'

// Stable v1 answers 1% errors. The gate compares the canary with it, request counts from the
// http probe (both versions probed alike). α = 0.01 for the worse canary; 0.001 for the identical
// one, so that test fails by chance at most once in a thousand runs.
let lab: CanaryLab
beforeAll(async () => {
  lab = await startCanaryLab('canary-baseline', 'nginx', { failRate: 0.01 })
})
afterAll(async () => {
  await lab?.stop()
})

const gate = (alpha: number) =>
  JSON.stringify([
    { name: 'errors-vs-stable', provider: 'http', compare: 'baseline', alpha, rate: 200 }
  ])

async function release(environment: string, alpha: number) {
  const load = startLoad({
    url: lab.url,
    kind: 'fresh',
    concurrency: 2,
    pauseMs: 5,
    maxDurationMs: 90_000
  })
  try {
    return await runInProcess('release', {
      ...lab.inputs,
      environment,
      version: 'v2',
      'canary-steps': '5,50,100',
      'bake-time': '10s',
      metrics: gate(alpha)
    })
  } finally {
    await load.stop()
  }
}

/** Whatever a test left, the next starts with all traffic on stable blue. */
async function backToBlue(environment: string): Promise<void> {
  await runInProcess('switch', { ...lab.inputs, environment, 'switch-to': 'blue', force: 'true' })
}

describe('canary judged against its baseline (sequential test) on real nginx', () => {
  test('a canary at 3% errors against a baseline at 1% is aborted at its first or second step, and says why', async () => {
    await lab.startCanary({ failRate: 0.03 })
    const { report, error } = await release('worse', 0.01)
    await backToBlue('worse')
    expect(error).toBeUndefined()
    expect(report.result).toBe('failure')
    const failed = report.canarySteps.at(-1)!
    expect(report.canarySteps.length).toBeLessThanOrEqual(2)
    expect(failed.outcome).toBe('fail')
    expect(failed.reason).toMatch(
      /^errors-vs-stable: canary \d+\/\d+ errors \(\d\.\d\d%\) vs baseline \d+\/\d+ errors \(\d\.\d\d%\); evidence ln E \d+\.\d\d of 4\.61 \(α 0\.01\), sequential p [\d.e-]+ → the canary is worse than the baseline: abort$/
    )
    expect(report.steps.find(s => s.name.startsWith('abort'))?.detail).toMatch(
      /^nginx reloaded with 100% blue; (\d+) of \1 probe answers from blue$/
    )
  }, 90_000)

  test('an identical canary (1% errors, like the baseline) passes every step', async () => {
    await lab.startCanary({ failRate: 0.01 })
    const { report, error } = await release('same', 0.001)
    await backToBlue('same')
    expect(error).toBeUndefined()
    expect(report.canarySteps.map(s => [s.weight, s.outcome])).toEqual([
      [5, 'pass'],
      [50, 'pass'],
      [100, 'pass']
    ])
    expect(report.canarySteps[0].reason).toMatch(/→ no evidence the canary is worse: pass$/)
    expect(report.outputs).toMatchObject({ 'active-color': 'green', phase: 'live' })
    expect(await answeredBy(lab.url)).toBe('blue')
  }, 90_000)
})
