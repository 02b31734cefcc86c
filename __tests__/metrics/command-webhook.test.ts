import { systemClock } from '../../src/platform/clock.js'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import http from 'node:http'
import { AddressInfo } from 'node:net'
import { CommandProvider } from '../../src/metrics/command-provider.js'
import { MetricSpec } from '../../src/metrics/metric-spec.js'
import { gateSpec } from '../support/gate-spec.js'
import { WebhookProvider } from '../../src/metrics/webhook-provider.js'
import { ExecCommandRunner } from '../../src/platform/command-runner.js'
import { NodeHttpClient } from '../../src/platform/http-client.js'
import { measureWindow } from '../support/measure-window.js'

const window = measureWindow(10)
const spec = (over: Partial<MetricSpec> = {}): MetricSpec =>
  gateSpec({ name: 'gate', provider: 'command', max: undefined, ...over })
const signal = new AbortController().signal
const node = (code: string) => [process.execPath, '-e', code]

describe('command provider', () => {
  const provider = new CommandProvider(new ExecCommandRunner(), systemClock)
  test('exit 0 passes, with the window facts in its environment', async () => {
    const m = await provider.measure(
      spec({
        command: node(
          'process.exit(process.env.PD_CANARY_VERSION === "v2" && process.env.PD_CANARY_WEIGHT === "5" ? 0 : 3)'
        )
      }),
      window,
      signal
    )
    expect(m).toMatchObject({ phase: 'ok', passed: true })
  })
  test('another exit fails, with its first line of stderr', async () => {
    const m = await provider.measure(
      spec({ command: node('console.error("queue too long"); process.exit(2)') }),
      window,
      signal
    )
    expect(m).toMatchObject({
      phase: 'ok',
      passed: false,
      message: 'gate: exited 2 (queue too long)'
    })
  })
  test('a JSON value is judged against max', async () => {
    const m = await provider.measure(
      spec({ command: node('console.log(JSON.stringify({ value: 42 }))'), max: 10 }),
      window,
      signal
    )
    expect(m).toMatchObject({ phase: 'ok', value: 42 })
  })
  test('a program that cannot run is an error measurement, not an exception', async () => {
    const m = await provider.measure(spec({ command: ['/nonexistent/check'] }), window, signal)
    expect(m.phase).toBe('error')
  })
})

describe('webhook provider', () => {
  let server: http.Server
  let url = ''
  const bodies: unknown[] = []
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = ''
      request.on('data', c => (body += c))
      request.on('end', () => {
        bodies.push(JSON.parse(body))
        response.statusCode = request.url === '/ok' ? 204 : 409
        response.end()
      })
    })
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise(r => server.close(r)))
  const provider = new WebhookProvider(new NodeHttpClient(), systemClock)

  test('2xx passes and the gate learns what is being judged', async () => {
    expect(
      await provider.measure(spec({ provider: 'webhook', url: `${url}/ok` }), window, signal)
    ).toMatchObject({ phase: 'ok', passed: true })
    expect(bodies[0]).toMatchObject({
      gate: 'gate',
      environment: 'prod',
      weight: 5,
      canary: { version: 'v2' }
    })
  })
  test('another status fails', async () => {
    expect(
      await provider.measure(spec({ provider: 'webhook', url: `${url}/freeze` }), window, signal)
    ).toMatchObject({ phase: 'ok', passed: false, message: expect.stringMatching(/answered 409/) })
  })
  test('no answer is an error measurement', async () => {
    expect(
      await provider.measure(
        spec({ provider: 'webhook', url: 'http://127.0.0.1:1/x' }),
        window,
        signal
      )
    ).toMatchObject({ phase: 'error' })
  })
})

describe('compare: baseline from a command or a webhook', () => {
  test("a command prints both sides' counts for the window; a bad report is an error that gives the format", async () => {
    const provider = new CommandProvider(new ExecCommandRunner(), systemClock)
    const counts = await provider.measure(
      spec({
        compare: 'baseline',
        command: node(
          'console.log(JSON.stringify({canary: {trials: 100, events: 7}, baseline: {requests: 300, events: 30}}))'
        )
      }),
      window,
      signal
    )
    expect(counts).toEqual({
      phase: 'ok',
      message: 'canary 7/100, baseline 30/300',
      counts: { canary: { requests: 100, events: 7 }, baseline: { requests: 300, events: 30 } }
    })
    const bad = await provider.measure(
      spec({
        compare: 'baseline',
        command: node('console.log(JSON.stringify({canary: {trials: 5, events: 9}}))')
      }),
      window,
      signal
    )
    expect(bad).toMatchObject({
      phase: 'error',
      message: expect.stringMatching(/events ≤ trials for both sides; print \{"canary"/)
    })
    const failed = await provider.measure(
      spec({ compare: 'baseline', command: node('process.exit(4)') }),
      window,
      signal
    )
    expect(failed).toMatchObject({ phase: 'error', message: 'gate: exited 4; no counts' })
    const none = await provider.measure(
      spec({
        compare: 'baseline',
        command: node(
          'console.log(JSON.stringify({canary: {trials: 0, events: 0}, baseline: {trials: 3, events: 0}}))'
        )
      }),
      window,
      signal
    )
    expect(none).toMatchObject({ phase: 'no-data' })
  })
})
