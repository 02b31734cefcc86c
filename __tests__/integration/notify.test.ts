import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { execFile } from 'node:child_process'
import http from 'node:http'
import { AddressInfo } from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'
import { CanaryLab, startCanaryLab } from '../support/canary-lab.js'
import { ROOT } from '../support/run-dist.js'

/**
 * notify-webhook through the command line (a new process, as in CI), against a real HTTP
 * receiver: a canary that aborts posts start and abort with the verdict; a receiver that never
 * answers holds the abort up by nothing and the command's end by at most its 3 s bound.
 */

const run = promisify(execFile)
let lab: CanaryLab
let receiver: http.Server
let url: string
const received: Record<string, unknown>[] = []
let hang = false

beforeAll(async () => {
  lab = await startCanaryLab('notify', 'nginx')
  receiver = http.createServer((request, response) => {
    let body = ''
    request.on('data', chunk => (body += chunk))
    request.on('end', () => {
      received.push(JSON.parse(body) as Record<string, unknown>)
      if (!hang) response.end('ok')
    })
  })
  await new Promise<void>(resolve => receiver.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/T000/B000/secret`
}, 30_000)
afterAll(async () => {
  receiver?.closeAllConnections()
  await new Promise(r => receiver?.close(r))
  await lab?.stop()
})

async function abortedCanary(version: string) {
  await lab.startCanary({ failRate: 0.3 })
  const flags = Object.entries({
    ...lab.inputs,
    version,
    'canary-steps': '10, 100',
    'bake-time': '1s',
    'analysis-interval': '1s',
    'notify-webhook': url
  }).flatMap(([k, v]) => [`--${k}`, v])
  const result = await run(
    process.execPath,
    [path.join(ROOT, 'dist/cli.js'), 'release', ...flags],
    {
      env: { ...process.env, PD_TIMING: '1' }
    }
  ).catch((error: { stdout: string; stderr: string }) => error)
  const timing = JSON.parse(
    result.stderr
      .split('\n')
      .find(l => l.startsWith('timing '))
      ?.slice(7) ?? '{}'
  ) as { published: number; steps: { name: string; startMs: number; durationMs: number }[] }
  return { ...result, timing }
}

test('a canary that aborts posts start, then abort with the verdict; Slack reads the text', async () => {
  const run = await abortedCanary('v2')
  expect(received.map(r => r.event)).toEqual(['start', 'abort'])
  expect(received[1]).toMatchObject({
    environment: 'canary-test',
    command: 'release',
    result: 'failure',
    version: 'v2',
    color: 'green',
    phase: 'failed'
  })
  expect(String(received[1].text)).toMatch(
    /❌ progressive-deploy abort in canary-test: canary v2 aborted; all traffic is back on blue\. gate failed at 10%: error-rate: \d+\.\d+% errors \(max 1\.00%\)/
  )
  // The secret URL is not printed.
  expect(run.stdout + run.stderr).not.toContain('secret')
}, 60_000)

test('a webhook that never answers: the abort is not held up, the command ends within the bound', async () => {
  received.length = 0
  hang = true
  try {
    const { timing, stderr } = await abortedCanary('v3')
    expect(received.map(r => r.event)).toEqual(['start', 'abort'])
    const gates = timing.steps.find(s => s.name.includes('gates'))
    const abort = timing.steps.find(s => s.name.startsWith('abort'))
    expect(gates && abort).toBeTruthy()
    // Traffic went back right after the failed verdict, though the start notice still hung.
    expect(abort!.startMs - (gates!.startMs + gates!.durationMs)).toBeLessThan(1000)
    // And the command itself ended at most the bound (3 s) after the abort, plus a little.
    expect(timing.published - (abort!.startMs + abort!.durationMs)).toBeLessThan(4000)
    expect(stderr).toMatch(/notify-webhook: the (start|abort) notification failed/)
  } finally {
    hang = false
  }
}, 60_000)
