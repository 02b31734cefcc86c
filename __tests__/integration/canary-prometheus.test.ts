import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { startLoad } from '../../demo/load-generator.js'
import { CanaryLab, runInProcess, startCanaryLab } from '../support/canary-lab.js'
import { answeredBy } from '../support/lab.js'
import { PrometheusLab, startPrometheus } from '../support/prometheus.js'

let lab: CanaryLab
let prometheus: PrometheusLab
beforeAll(async () => {
  lab = await startCanaryLab('canary-prometheus', 'nginx')
  await lab.startCanary({ failRate: 0.1 })
  prometheus = await startPrometheus(path.join(lab.dir, 'prometheus'), [
    lab.addresses.blue,
    lab.addresses.green
  ])
}, 30_000)
afterAll(async () => {
  await prometheus?.stop()
  await lab?.stop()
})

const ERROR_RATIO =
  'sum(rate(http_requests_total{version="{{canary_version}}",status="500"}[{{window}}])) / sum(rate(http_requests_total{version="{{canary_version}}"}[{{window}}]))'

/** The ratio gate most tests use, with per-test changes. */
const ratioGate = (over: Record<string, unknown> = {}): string =>
  JSON.stringify([
    { name: 'canary-5xx-ratio', provider: 'prometheus', query: ERROR_RATIO, max: 0.02, ...over }
  ])

/** Releases v2 as a canary through nginx while clients send traffic; `inputs` override the defaults. */
async function canary(
  environment: string,
  inputs: Record<string, string> = {},
  during?: () => Promise<void>
) {
  const load = startLoad({
    url: lab.url,
    kind: 'fresh',
    concurrency: 4,
    pauseMs: 1,
    maxDurationMs: 60_000
  })
  const running = runInProcess('release', {
    ...lab.inputs,
    environment,
    version: 'v2',
    'canary-steps': '10,50,100',
    'bake-time': '3s',
    'prometheus-url': prometheus.url,
    metrics: ratioGate(),
    ...inputs
  })
  await during?.()
  const result = await running
  const stats = await load.stop()
  return { ...result, stats }
}

describe('canary judged by real Prometheus', () => {
  test('a canary answering 10% errors is aborted at its first step by the prometheus gate', async () => {
    const { report, stats } = await canary('prom-errors')
    expect(report.result).toBe('failure')
    expect(report.canarySteps).toEqual([
      expect.objectContaining({
        weight: 10,
        outcome: 'fail',
        reason: expect.stringMatching(/^canary-5xx-ratio: canary-5xx-ratio 0\.\d+ \(max 0\.02\)/)
      })
    ])
    expect(stats.failedByVersion).toEqual({ v2: stats.non2xx })
    for (let i = 0; i < 10; i++) expect(await answeredBy(lab.url)).toBe('blue')
  }, 30_000)

  test('compare: baseline with counts per version from Prometheus aborts a canary failing 10% while stable fails none', async () => {
    await lab.startCanary({ failRate: 0.1 })
    const { report } = await canary('prom-compare', {
      'canary-steps': '20,100',
      'bake-time': '6s',
      'analysis-interval': '2s',
      metrics: JSON.stringify([
        {
          name: 'errors-vs-stable',
          provider: 'prometheus',
          compare: 'baseline',
          'requests-query': 'sum by (version) (increase(http_requests_total[{{window}}]))',
          'events-query':
            'sum by (version) (increase(http_requests_total{status="500"}[{{window}}]))'
        }
      ])
    })
    // Never leave a paused canary behind for the next test.
    if (report.outputs.phase === 'paused')
      await runInProcess('abort', { ...lab.inputs, environment: 'prom-compare' })
    expect(report.result).toBe('failure')
    expect(report.canarySteps[0]).toMatchObject({
      weight: 20,
      outcome: 'fail',
      reason: expect.stringMatching(
        /^errors-vs-stable: canary \d+\/\d+ errors \(\d+\.\d\d%\) vs baseline \d+\/\d+ errors \(0\.00%\); evidence ln E [\d.]+ of 4\.61 .* → the canary is worse than the baseline: abort$/
      )
    })
    for (let i = 0; i < 5; i++) expect(await answeredBy(lab.url)).toBe('blue')
  }, 30_000)

  test('a healthy canary with a compare gate on counters goes through 100% and completes (the baseline takes nothing there)', async () => {
    await lab.startCanary({})
    const { report, error, stats } = await canary('prom-compare-healthy', {
      'canary-steps': '20,100',
      'bake-time': '4s',
      'analysis-interval': '2s',
      metrics: JSON.stringify([
        {
          name: 'errors-vs-stable',
          provider: 'prometheus',
          compare: 'baseline',
          // Counters, differenced between the window's ends: exact counts.
          'requests-query': 'sum by (version) (http_requests_total)',
          'events-query': 'sum by (version) (http_requests_total{status="500"})'
        }
      ])
    })
    expect(error).toBeUndefined()
    expect(report.result).toBe('success')
    expect(report.canarySteps.map(s => [s.weight, s.outcome])).toEqual([
      [20, 'pass'],
      [100, 'pass']
    ])
    // At 20% the counts were real traffic's; at 100% nothing was left to compare, and it says so.
    expect(report.canarySteps[0].reason).toMatch(
      /canary \d+\/\d+ errors .* vs baseline \d+\/\d+ errors/
    )
    expect(report.canarySteps[1].reason).toMatch(
      /the baseline takes no traffic at 100%, nothing to compare; the evidence of earlier steps never crossed/
    )
    expect(stats.non2xx).toBe(0)
    for (let i = 0; i < 5; i++) expect(await answeredBy(lab.url)).toBe('green')
    await runInProcess('switch', {
      ...lab.inputs,
      environment: 'prom-compare-healthy',
      'switch-to': 'blue',
      force: 'true'
    })
  }, 40_000)

  test('Prometheus stopped during a step: no promotion; the rollout pauses (on-error: pause), then aborts (on-error: abort)', async () => {
    await lab.startCanary({})
    // Stopped once the step is recorded as baking: what the gate sees next is a dead Prometheus.
    const stopDuringStep = (environment: string) => async () => {
      const baking = () => {
        try {
          const { records } = JSON.parse(readFileSync(lab.inputs['state-file'], 'utf8')) as {
            records: { environment: string; phase: string }[]
          }
          return records.some(r => r.environment === environment && r.phase === 'canary')
        } catch {
          return false
        }
      }
      for (let i = 0; i < 400 && !baking(); i++) await new Promise(r => setTimeout(r, 25))
      await prometheus.stop()
    }
    const paused = await canary(
      'prom-down-pause',
      {
        'canary-steps': '10,100',
        'bake-time': '5s',
        metrics: ratioGate({ 'consecutive-error-limit': 1 })
      },
      stopDuringStep('prom-down-pause')
    )
    expect(paused.error).toBeUndefined()
    expect(paused.report.canarySteps).toEqual([
      expect.objectContaining({
        weight: 10,
        outcome: 'inconclusive',
        reason: expect.stringMatching(
          /[2-3] provider errors in a row \(Prometheus at http:\/\/127\.0\.0\.1:\d+: .*\)/
        )
      })
    ])
    expect(paused.report.headline).toMatch(/paused at 10%: the gates could not decide/)
    const seen = await Promise.all(Array.from({ length: 50 }, () => answeredBy(lab.url)))
    expect(seen.filter(c => c === 'green').length).toBeGreaterThan(0)
    expect(seen.filter(c => c === 'blue').length).toBeGreaterThan(30)
    expect(
      (await runInProcess('abort', { ...lab.inputs, environment: 'prom-down-pause' })).report
        .headline
    ).toMatch(/aborted; all traffic is back on blue/)

    prometheus = await startPrometheus(path.join(lab.dir, 'prometheus-2'), [
      lab.addresses.blue,
      lab.addresses.green
    ])
    const aborted = await canary(
      'prom-down-abort',
      {
        'canary-steps': '10,100',
        'bake-time': '5s',
        metrics: ratioGate({ 'consecutive-error-limit': 1, 'on-error': 'abort' })
      },
      stopDuringStep('prom-down-abort')
    )
    expect(aborted.report.result).toBe('failure')
    expect(aborted.report.canarySteps[0]).toMatchObject({ weight: 10, outcome: 'fail' })
    for (let i = 0; i < 10; i++) expect(await answeredBy(lab.url)).toBe('blue')
  }, 60_000)
})
