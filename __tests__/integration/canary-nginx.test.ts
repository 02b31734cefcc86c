import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { startLoad } from '../../demo/load-generator.js'
import { canaryUnderLoad, expectHealthyCanary } from '../support/canary-checks.js'
import { CanaryLab, runInProcess, startCanaryLab } from '../support/canary-lab.js'
import { answeredBy, reloadResets } from '../support/lab.js'
import { flags, runNode } from '../support/run-dist.js'

let lab: CanaryLab
beforeAll(async () => {
  lab = await startCanaryLab('canary-nginx', 'nginx')
})
afterAll(async () => {
  await lab?.stop()
})

/** Each test starts from stable v1 taking all traffic, with a fresh state file. */
async function reset(environment: string): Promise<Record<string, string>> {
  return { ...lab.inputs, environment }
}

describe('canary on real nginx', () => {
  test('a healthy canary goes 1 → 5 → 20 → 50 → 100 under load: no failed request, split within 1 point per step', async () => {
    await lab.startCanary({})
    const inputs = await reset('healthy')
    const run = await canaryUnderLoad(lab, { environment: 'healthy' })
    const report = run.report
    expectHealthyCanary(run)
    expect(report.outputs).toMatchObject({ 'active-color': 'green', version: 'v2' })
    for (let i = 0; i < 5; i++) expect(await answeredBy(lab.url)).toBe('green')
    // Back to stable on blue for the next test.
    expect(
      (await runInProcess('switch', { ...inputs, 'switch-to': 'blue', force: 'true' })).report
        .result
    ).toBe('success')
  }, 60_000)

  test('a canary answering 10% errors is aborted at its first step by the http gate; stable serves again within 2 s; only the canary failed requests', async () => {
    await lab.startCanary({ failRate: 0.1 })
    const inputs = await reset('errors')
    const fresh = startLoad({
      url: lab.url,
      kind: 'fresh',
      concurrency: 4,
      pauseMs: 1,
      maxDurationMs: 60_000
    })
    const { report, error } = await runInProcess('release', {
      ...inputs,
      version: 'v2',
      'canary-steps': '20,50,100',
      metrics: JSON.stringify([
        { name: 'canary-errors', provider: 'http', query: 'error-rate', max: 0.02, rate: 50 }
      ])
    })
    const abortStep = report.steps.find(s => s.name.startsWith('abort'))
    await new Promise(r => setTimeout(r, 500))
    const stats = await fresh.stop()
    expect(error).toBeUndefined()
    expect(report.result).toBe('failure')
    expect(report.canarySteps).toEqual([
      expect.objectContaining({
        weight: 20,
        outcome: 'fail',
        reason: expect.stringMatching(/canary-errors: \d+\.\d\d% errors \(max 2\.00%\)/)
      })
    ])
    // How fast is a benchmark's question (bench/results/canary.json); here: it was confirmed.
    expect(abortStep?.detail).toMatch(
      /^nginx reloaded with 100% blue; (\d+) of \1 probe answers from blue$/
    )
    expect(report.headline).toMatch(/aborted; all traffic is back on blue/)
    // Every failed request was one the canary answered; stable never failed.
    expect(stats.failedByVersion).toEqual(stats.non2xx > 0 ? { v2: stats.non2xx } : {})
    expect(stats.connectionErrors).toBeLessThanOrEqual(reloadResets(stats.requests))
    for (let i = 0; i < 5; i++) expect(await answeredBy(lab.url)).toBe('blue')
    const state = JSON.parse(readFileSync(inputs['state-file'], 'utf8')) as {
      records: { environment: string; phase: string; version: string }[]
    }
    expect(
      state.records.filter(r => r.environment === 'errors').map(r => [r.version, r.phase])
    ).toEqual([['v2', 'failed']])
    // The canary is left running for inspection.
    expect((await fetch(`http://${lab.addresses.green}/healthz`)).status).toBe(200)
  }, 60_000)

  test('a canary 200 ms slower is aborted by the latency gate', async () => {
    await lab.startCanary({ latencyMs: 200 })
    const inputs = await reset('slow')
    const { report } = await runInProcess('release', {
      ...inputs,
      version: 'v2',
      'canary-steps': '10,100',
      metrics: JSON.stringify([{ name: 'p95', provider: 'http', query: 'p95', max: 150, rate: 20 }])
    })
    expect(report.result).toBe('failure')
    expect(report.canarySteps[0]).toMatchObject({
      weight: 10,
      outcome: 'fail',
      reason: expect.stringMatching(/p95: p95 2\d\d ms \(max 150 ms\)/)
    })
    expect(await answeredBy(lab.url)).toBe('blue')
  }, 30_000)

  test('a pause step ends the job paused; promote in a new process continues; abort in a new process restores stable', async () => {
    await lab.startCanary({})
    const inputs = {
      ...(await reset('paused')),
      'canary-steps': '10,pause,50,100',
      'bake-time': '1s'
    }
    const first = await runInProcess('release', { ...inputs, version: 'v2' })
    expect(first.report.result).toBe('success')
    expect(first.report.headline).toMatch(/paused at 10% \(step 2\/4\); promote to continue/)
    expect(first.report.outputs).toMatchObject({
      phase: 'paused',
      'canary-weight': '10',
      'deployed-color': 'green'
    })
    const seen = await Promise.all(Array.from({ length: 40 }, () => answeredBy(lab.url)))
    expect(seen.filter(c => c === 'green').length).toBeGreaterThan(0)

    const promoted = await runNode(['dist/cli.js', 'promote', ...flags(inputs)])
    expect(promoted.stderr).toBe('')
    expect(promoted.code).toBe(0)
    expect(promoted.stdout).toMatch(/v2 on green passed every canary step and takes all traffic/)
    expect(promoted.stdout).toMatch(/step 3\/4 {2}50% {2}pass/)
    for (let i = 0; i < 5; i++) expect(await answeredBy(lab.url)).toBe('green')
    expect(
      (await runInProcess('switch', { ...inputs, 'switch-to': 'blue', force: 'true' })).report
        .result
    ).toBe('success')

    const again = { ...inputs, environment: 'paused-then-aborted' }
    expect((await runInProcess('release', { ...again, version: 'v2' })).report.result).toBe(
      'success'
    )
    const aborted = await runNode([
      'dist/cli.js',
      'abort',
      ...flags({ ...again, reason: 'not today' })
    ])
    expect(aborted.code).toBe(0)
    expect(aborted.stdout).toMatch(
      /canary v2 aborted; all traffic is back on blue\. aborted by .*: not today/
    )
    for (let i = 0; i < 10; i++) expect(await answeredBy(lab.url)).toBe('blue')
  }, 60_000)

  test('bad step lists and gate specs are refused before the router is touched', async () => {
    const inputs = await reset('bad')
    const upstream = readFileSync(lab.nginx!.upstreamFile, 'utf8')
    for (const [extra, message] of [
      [{ 'canary-steps': '5,1,100' }, /canary-steps: steps must increase: 1 comes after 5/],
      [{ 'canary-steps': '5,150' }, /canary-steps: 150 is outside 0 < weight ≤ 100/],
      [{ 'canary-steps': 'five,100' }, /canary-steps: "five" is neither a percentage nor "pause"/],
      [
        { metrics: '[{name: p95, provider: http, query: p97, max: 100}]' },
        /metrics\[0\]\.query: "p97" is not an http statistic/
      ],
      [
        { metrics: '[{name: q, provider: prometheus, query: up, max: 1}]' },
        /prometheus-url: missing/
      ]
    ] as const) {
      const result = await runNode([
        'dist/cli.js',
        'release',
        ...flags({ ...inputs, version: 'v2', ...extra })
      ])
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(message)
      expect(result.stderr).toMatch(/Nothing was changed/)
    }
    expect(readFileSync(lab.nginx!.upstreamFile, 'utf8')).toBe(upstream)
  }, 30_000)
})
