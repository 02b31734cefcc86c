import { describe, expect, test } from '@jest/globals'
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { HaproxyStatsProvider, readStats } from '../../src/metrics/haproxy-stats-provider.js'
import { MeasureWindow } from '../../src/metrics/metric-provider.js'
import { NginxLogProvider } from '../../src/metrics/nginx-log-provider.js'
import { parseAccessLog, quantile, splitBySide } from '../../src/metrics/served-requests.js'
import { hostFiles } from '../../src/platform/host-files.js'
import { FakeClock, FakeRunner } from '../support/fakes.js'
import { gateSpec } from '../support/gate-spec.js'

const CANARY = '127.0.0.1:9002'
const STABLE = '127.0.0.1:9001'
const line = (upstream: string, status: number, seconds: number, uri = '/recommend?city=rome') =>
  `${JSON.stringify({ upstream_addr: upstream, status: String(status), upstream_response_time: String(seconds), request_time: String(seconds), request_uri: uri })}\n`
const window = (over: Partial<MeasureWindow> = {}): MeasureWindow => ({
  windowMs: 1000,
  environment: 'prod',
  canary: { color: 'green', version: 'v2', address: CANARY },
  stable: { color: 'blue', version: 'v1', address: STABLE },
  weight: 20,
  ...over
})

describe('served requests (pure)', () => {
  test('reads the JSON log: the last backend tried answered; other lines are counted, not guessed', () => {
    const text =
      line(`${STABLE}, ${CANARY}`, 502, 0.02) +
      'not json\n' +
      line('-', 499, 0.1) +
      line(STABLE, 200, 0.004, '/healthz')
    const { requests, unreadable } = parseAccessLog(text)
    expect(requests).toEqual([
      { upstream: CANARY, status: 502, latencyMs: 20, path: '/recommend' },
      { upstream: STABLE, status: 200, latencyMs: 4, path: '/healthz' }
    ])
    expect(unreadable).toBe(2)
  })

  test('splits by side, optionally under a path', () => {
    const { requests } = parseAccessLog(
      line(CANARY, 500, 0.01) + line(CANARY, 200, 0.01, '/other') + line(STABLE, 200, 0.01)
    )
    const all = splitBySide(requests, { canary: [CANARY], baseline: [STABLE] })
    expect([all.canary.requests, all.canary.errors, all.baseline.requests]).toEqual([2, 1, 1])
    const recommend = splitBySide(requests, { canary: [CANARY], baseline: [STABLE] }, '/recommend')
    expect([recommend.canary.requests, recommend.canary.errors]).toEqual([1, 1])
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3)
  })
})

/** A clock whose window ends when the test says: what the test writes meanwhile is "during". */
class WindowClock extends FakeClock {
  private ends: (() => void)[] = []
  private started: (() => void)[] = []
  override sleep(): Promise<void> {
    this.started.splice(0).forEach(go => go())
    return new Promise(resolve => this.ends.push(resolve))
  }
  /** Resolves once a window is open. */
  opened(): Promise<void> {
    return new Promise(resolve => this.started.push(resolve))
  }
  close(): void {
    this.ends.splice(0).forEach(end => end())
  }
}

/** Starts measuring, writes into the log while the window is open, then closes it. */
async function during<T>(
  clock: WindowClock,
  measuring: () => Promise<T>,
  write: () => void
): Promise<T> {
  const open = clock.opened()
  const result = measuring()
  await open
  write()
  clock.close()
  return result
}

describe('nginx-log provider (a real log file, read from where the window starts)', () => {
  const setup = () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pd-log-')), 'access.json')
    // Earlier traffic: the baseline's answer times before the first window.
    writeFileSync(
      file,
      Array.from({ length: 200 }, (_, i) => line(STABLE, 200, i < 197 ? 0.01 : 0.05)).join('')
    )
    const clock = new WindowClock()
    const provider = new NginxLogProvider(hostFiles([], new FakeRunner()), file, clock)
    return { file, clock, provider }
  }

  test('counts only what was logged during the window, per side and path', async () => {
    const { file, clock, provider } = setup()
    const spec = gateSpec({
      provider: 'nginx-log',
      query: 'error-rate',
      compare: 'baseline',
      path: '/recommend'
    })
    const m = await during(
      clock,
      () => provider.measure(spec, window(), new AbortController().signal),
      () =>
        appendFileSync(
          file,
          line(CANARY, 500, 0.01) +
            line(CANARY, 200, 0.01) +
            line(STABLE, 200, 0.01) +
            line(CANARY, 500, 0.01, '/healthz')
        )
    )
    expect(m.counts).toEqual({
      canary: { requests: 2, events: 1 },
      baseline: { requests: 1, events: 0 }
    })
  })

  test('"slow" is fixed before the window: the baseline p99 from before, then over everything seen so far', async () => {
    const { file, clock, provider } = setup()
    const spec = gateSpec({
      name: 'slow',
      provider: 'nginx-log',
      query: 'latency',
      compare: 'baseline'
    })
    const m1 = await during(
      clock,
      () => provider.measure(spec, window(), new AbortController().signal),
      () =>
        appendFileSync(
          file,
          line(CANARY, 200, 0.6) +
            line(CANARY, 200, 0.01) +
            Array.from({ length: 60 }, () => line(STABLE, 200, 0.02)).join('')
        )
    )
    // Before the window the baseline's p99 was 50 ms.
    expect(m1.latencyThresholdMs).toBe(50)
    expect(m1.counts).toEqual({
      canary: { requests: 2, events: 1 },
      baseline: { requests: 60, events: 0 }
    })
    expect(m1.message).toMatch(/slower than 50 ms \(the baseline's p99 over 200 answers before\)/)
    expect(m1.latencyThresholdSource).toBe("the baseline's p99 over 200 answers before")
    const second = await during(
      clock,
      () => provider.measure(spec, window(), new AbortController().signal),
      () => appendFileSync(file, line(STABLE, 200, 0.03))
    )
    // Everything so far (197 at 10 ms, 60 at 20 ms, 3 at 50 ms), not the last window alone: 3 of
    // 260 is above 1%, so the 99th percentile stays 50 ms.
    expect(second.latencyThresholdMs).toBe(50)
    expect(second.latencyThresholdSource).toBe("the baseline's p99 over 260 answers before")
  })

  test('with 1,000 baseline answers seen, "slow" is their p99.9: a 3% tail stands out against 0.1%', async () => {
    const { file, clock, provider } = setup()
    const spec = gateSpec({
      name: 'slow',
      provider: 'nginx-log',
      query: 'latency',
      compare: 'baseline'
    })
    // 1,000 baseline answers with the 200 from before: 987 at 10 ms, 9 at 30, 3 at 50, 1 at 80,
    // so p99 is 30 ms and p99.9 50 ms...
    const stable = (n: number, s: number) =>
      Array.from({ length: n }, () => line(STABLE, 200, s)).join('')
    await during(
      clock,
      () => provider.measure(spec, window(), new AbortController().signal),
      () => appendFileSync(file, stable(790, 0.01) + stable(9, 0.03) + stable(1, 0.08))
    )
    // ...then a window where 3 of 100 canary answers take 500 ms.
    const m = await during(
      clock,
      () => provider.measure(spec, window(), new AbortController().signal),
      () =>
        appendFileSync(
          file,
          Array.from({ length: 100 }, (_, i) => line(CANARY, 200, i < 3 ? 0.5 : 0.01)).join('') +
            stable(100, 0.01)
        )
    )
    expect(m.latencyThresholdSource).toBe("the baseline's p99.9 over 1000 answers before")
    expect(m.latencyThresholdMs).toBe(50)
    expect(m.counts).toEqual({
      canary: { requests: 100, events: 3 },
      baseline: { requests: 100, events: 0 }
    })
  })

  test('threshold gates judge the canary alone; no request is no data, a missing log an error', async () => {
    const { file, clock, provider } = setup()
    const p95 = await during(
      clock,
      () =>
        provider.measure(
          gateSpec({ provider: 'nginx-log', query: 'p95', max: 100 }),
          window(),
          new AbortController().signal
        ),
      () =>
        appendFileSync(
          file,
          Array.from({ length: 20 }, (_, i) => line(CANARY, 200, i === 19 ? 0.5 : 0.01)).join('')
        )
    )
    expect(p95.value).toBe(10)
    const quiet = await during(
      clock,
      () =>
        provider.measure(
          gateSpec({ provider: 'nginx-log', query: 'error-rate', max: 0.01 }),
          window(),
          new AbortController().signal
        ),
      () => {}
    )
    expect(quiet.phase).toBe('no-data')
    const gone = new NginxLogProvider(
      hostFiles([], new FakeRunner()),
      `${file}.missing`,
      new FakeClock()
    )
    expect(
      (
        await gone.measure(
          gateSpec({ provider: 'nginx-log', max: 1 }),
          window(),
          new AbortController().signal
        )
      ).phase
    ).toBe('error')
  })
})

describe('haproxy provider (show stat counters)', () => {
  const csv = (green: number[], blue: number[]) =>
    [
      '# pxname,svname,scur,stot,econ,eresp,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,rtime',
      `be,green,0,0,${green[2]},0,0,${green[0]},0,0,${green[1]},0,${green[3]}`,
      `be,blue,0,0,0,0,0,${blue[0]},0,0,${blue[1]},0,3`,
      'be,BACKEND,0,0,0,0,0,0,0,0,0,0,0'
    ].join('\n')

  test('reads counters per server of the backend', () => {
    expect(readStats(csv([10, 2, 1, 7], [20, 0]), 'be').get('green')).toEqual({
      responses: 12,
      errors5xx: 2,
      failed: 1,
      averageMs: 7
    })
  })

  test('counts the window as the difference of two reads, errors including failed connections', async () => {
    const answers = [csv([100, 1, 0, 5], [1000, 2]), csv([150, 4, 1, 6], [1900, 2])]
    const provider = new HaproxyStatsProvider(
      { send: async () => answers.shift() as string },
      'be',
      target => [target],
      new FakeClock()
    )
    const m = await provider.measure(
      gateSpec({ provider: 'haproxy', query: 'error-rate', compare: 'baseline' }),
      window(),
      new AbortController().signal
    )
    expect(m.counts).toEqual({
      canary: { requests: 54, events: 4 },
      baseline: { requests: 900, events: 0 }
    })
  })
})
