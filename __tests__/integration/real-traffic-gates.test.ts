import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { startLoad } from '../../demo/load-generator.js'
import { SampleServiceOptions } from '../../demo/sample-service.js'
import { CanaryLab, runInProcess, startCanaryLab } from '../support/canary-lab.js'
import { answeredBy } from '../support/lab.js'

/**
 * Gates on real users' traffic, no Prometheus: HAProxy's own counters and nginx's access log,
 * under load from clients that do not probe (half of them ask /recommend, half /). The canary
 * fails one path only, or answers a few requests late, while its health check stays fine.
 */

const PATHS = ['/', '/recommend?city=rome']

async function release(
  lab: CanaryLab,
  environment: string,
  canary: Partial<SampleServiceOptions>,
  inputs: Record<string, string>,
  /** Requests per second over both kinds of client; unset: as fast as they go. */
  ratePerSecond?: number
) {
  await lab.startCanary(canary)
  const pace = ratePerSecond ? { ratePerSecond: ratePerSecond / 2 } : { pauseMs: 1 }
  const loads = (['fresh', 'keep-alive'] as const).map(kind =>
    startLoad({ url: lab.url, kind, concurrency: 4, ...pace, paths: PATHS, maxDurationMs: 60_000 })
  )
  try {
    const run = await runInProcess('release', {
      ...lab.inputs,
      environment,
      version: 'v2',
      ...inputs
    })
    return { ...run, stats: await Promise.all(loads.map(l => l.stop())) }
  } finally {
    await Promise.all(loads.map(l => l.stop()))
  }
}

/** Windows judged before the abort: the steps' rows say how many the gates needed. */
const windowsUntilAbort = (log: string[]) => log.filter(l => /· window \d+\/\d+/.test(l)).length

describe.each(['haproxy', 'nginx'] as const)('gates on real traffic through %s', router => {
  let lab: CanaryLab
  const gate =
    router === 'haproxy'
      ? { name: 'errors', provider: 'haproxy', query: 'error-rate', compare: 'baseline' }
      : {
          name: 'errors',
          provider: 'nginx-log',
          query: 'error-rate',
          compare: 'baseline',
          path: '/recommend'
        }
  const inputs = () => ({
    'canary-steps': '5, 20, 100',
    'bake-time': '4s',
    'analysis-interval': '2s',
    metrics: JSON.stringify([gate]),
    ...(router === 'nginx' ? { 'nginx-access-log': lab.nginx!.accessLog } : {})
  })
  beforeAll(async () => {
    lab = await startCanaryLab(`real-${router}`, router)
  })
  afterAll(async () => {
    await lab?.stop()
  })

  test('a canary failing 5% of /recommend only (health fine) is aborted at 5% within two windows, 5 times', async () => {
    for (let i = 0; i < 5; i++) {
      const run = await release(
        lab,
        `path-only-${i}`,
        { failPath: '/recommend', failRate: 0.05 },
        inputs()
      )
      expect(run.error).toBeUndefined()
      expect(`${i}: ${run.report.result}`).toBe(`${i}: failure`)
      expect(run.report.canarySteps).toEqual([
        expect.objectContaining({
          weight: 5,
          outcome: 'fail',
          reason: expect.stringMatching(
            /^errors: canary \d+\/\d+ errors .* → the canary is worse than the baseline: abort$/
          )
        })
      ])
      expect(windowsUntilAbort(run.log)).toBeLessThanOrEqual(2)
      for (let n = 0; n < 5; n++) expect(await answeredBy(lab.url)).toBe('blue')
    }
  }, 120_000)

  test('its healthy twin passes every step, 5 times', async () => {
    for (let i = 0; i < 5; i++) {
      const run = await release(
        lab,
        `twin-${i}`,
        {},
        { ...inputs(), 'canary-steps': '20, 100', 'bake-time': '2s', 'analysis-interval': '1s' }
      )
      expect(run.error).toBeUndefined()
      expect(`${i}: ${run.report.result} ${run.report.headline}`).toMatch(
        new RegExp(`^${i}: success`)
      )
      expect(run.report.canarySteps.map(s => s.outcome)).toEqual(['pass', 'pass'])
      // Back to blue for the next one.
      await runInProcess('switch', {
        ...lab.inputs,
        environment: `twin-${i}`,
        'switch-to': 'blue',
        force: 'true'
      })
    }
  }, 120_000)
})

describe('a slow tail on real traffic (nginx access log)', () => {
  let lab: CanaryLab
  beforeAll(async () => {
    lab = await startCanaryLab('real-slow', 'nginx')
  })
  afterAll(async () => {
    await lab?.stop()
  })

  test('+500 ms on 3% of requests at 200 req/s is aborted within the first two steps by the latency compare gate', async () => {
    const run = await release(
      lab,
      'slow-tail',
      { slowShare: 0.03, slowMs: 500 },
      {
        'canary-steps': '5, 20, 50, 100',
        'bake-time': '10s',
        'analysis-interval': '2s',
        'nginx-access-log': lab.nginx!.accessLog,
        metrics: JSON.stringify([
          { name: 'slow', provider: 'nginx-log', compare: 'baseline', query: 'latency' }
        ])
      },
      200
    )
    expect(run.error).toBeUndefined()
    expect(run.report.result).toBe('failure')
    const failedAt = run.report.canarySteps.find(s => s.outcome === 'fail')
    // The steps' rows say what the gate saw, should the abort come late.
    const rows = run.report.canarySteps.map(s => `${s.weight}% ${s.outcome}: ${s.reason}`)
    expect((failedAt?.weight ?? 100) <= 20 ? 'within two steps' : rows.join('\n')).toBe(
      'within two steps'
    )
    // The verdict says what "slow" meant.
    expect(failedAt?.reason).toMatch(
      /^slow: slow = slower than \d+ ms \(the baseline's p99(\.9)? over \d+ answers before\): canary \d+\/\d+ slow/
    )
  }, 60_000)
})

describe('a remote nginx access log, read through router-command-prefix', () => {
  let lab: CanaryLab
  let calls: string
  let wrapper: string
  beforeAll(async () => {
    lab = await startCanaryLab('real-remote', 'nginx')
    // Stands in for "ssh deploy@lb1": runs the command it is given, and writes down each one.
    calls = path.join(lab.dir, 'remote-calls.log')
    wrapper = path.join(lab.dir, 'remote')
    writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${calls}'\nexec "$@"\n`, { mode: 0o755 })
  })
  afterAll(async () => {
    await lab?.stop()
  })

  test('the path-only failure is aborted at 5% from the log read through the prefix', async () => {
    const run = await release(
      lab,
      'remote-log',
      { failPath: '/recommend', failRate: 0.05 },
      {
        'canary-steps': '5, 20, 100',
        'bake-time': '4s',
        'analysis-interval': '2s',
        'router-command-prefix': wrapper,
        'nginx-access-log': lab.nginx!.accessLog,
        metrics: JSON.stringify([
          { name: 'errors', provider: 'nginx-log', compare: 'baseline', path: '/recommend' }
        ])
      }
    )
    expect(run.error).toBeUndefined()
    expect(run.report.result).toBe('failure')
    expect(run.report.canarySteps).toEqual([
      expect.objectContaining({ weight: 5, outcome: 'fail' })
    ])
    // The log was read on "the other machine", from where each window started.
    const log = readFileSync(calls, 'utf8')
    expect(log).toContain(`stat -c %s ${lab.nginx!.accessLog}`)
    expect(log).toMatch(
      new RegExp(
        `^tail -c \\+\\d+ ${lab.nginx!.accessLog.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
        'm'
      )
    )
    for (let i = 0; i < 5; i++) expect(await answeredBy(lab.url)).toBe('blue')
  }, 60_000)
})
