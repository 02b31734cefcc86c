import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { NginxLab, startNginx } from '../../demo/nginx-lab.js'
import { freePort, RunningService, startSampleService } from '../../demo/sample-service.js'
import { MemoryLogger } from '../../src/platform/logger.js'
import { SocketLuaAdmin } from '../../src/platform/nginx-lua-admin.js'
import { NginxLuaRouter } from '../../src/routers/nginx-lua-router.js'
import { runInProcess } from '../support/canary-lab.js'
import { luaInclude } from '../support/nginx-lua.js'

/**
 * Sticky canaries and internal users first, on real nginx with the README's Lua include:
 * 10,000 simulated users with a cookie go through 0 → 1 → 5 → 20 → 50 → 100; every user's
 * versions are monotone (never back to stable), the share of users on the canary is within 1
 * point of each step, requests without the cookie split by weight, and requests with
 * X-Canary: always reach the canary at every step (also at 0), never ones never do.
 */

const USERS = 10_000
let dir: string
let nginx: NginxLab
let services: RunningService[]
let inputs: Record<string, string>
let agent: http.Agent

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pd-sticky-'))
  services = [
    await startSampleService({ port: 0, version: 'v1', color: 'blue' }),
    await startSampleService({ port: 0, version: 'v2', color: 'green' })
  ]
  nginx = await startNginx({
    prefix: path.join(dir, 'nginx'),
    port: await freePort(),
    lua: true,
    upstream: luaInclude({
      socket: path.join(dir, 'admin.sock'),
      splitFile: path.join(dir, 'split'),
      upstream: 'app',
      initialAddress: `127.0.0.1:${services[0].port}`
    })
  })
  agent = new http.Agent({ keepAlive: true, maxSockets: 32 })
  inputs = {
    environment: 'sticky',
    strategy: 'canary',
    'nginx-mode': 'lua',
    'nginx-lua-socket': path.join(dir, 'admin.sock'),
    'nginx-binary': nginx.binary,
    'blue-address': `127.0.0.1:${services[0].port}`,
    'green-address': `127.0.0.1:${services[1].port}`,
    'probe-url': nginx.url,
    'state-file': path.join(dir, 'state.json'),
    'deploy-command': JSON.stringify([process.execPath, '-e', '0']),
    'health-interval': '100ms',
    'health-deadline': '5s',
    'bake-time': '1s',
    'analysis-interval': '500ms',
    sticky: 'cookie:uid',
    'canary-match': 'header:X-Canary'
  }
}, 30_000)
afterAll(async () => {
  agent?.destroy()
  await nginx?.stop()
  await Promise.all((services ?? []).map(s => s.close()))
  rmSync(dir, { recursive: true, force: true })
})

/** The color that answered each request (in order), 32 at a time over keep-alive connections. */
async function colors(requests: Record<string, string>[]): Promise<string[]> {
  const answers: string[] = new Array(requests.length)
  let next = 0
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < requests.length) {
        const i = next++
        answers[i] = await new Promise<string>((resolve, reject) =>
          http
            .get(nginx.url, { agent, headers: requests[i] }, response => {
              response.resume()
              response.on('end', () => resolve(String(response.headers['x-color'])))
            })
            .on('error', reject)
        )
      }
    })
  )
  return answers
}

const users = Array.from({ length: USERS }, (_, i) => ({ cookie: `uid=user-${i}` }))
const share = (answers: string[]) =>
  (answers.filter(c => c === 'green').length * 100) / answers.length

test('10,000 users move only from stable to canary, each step within 1 point; unkeyed requests split by weight; always and never hold at every step', async () => {
  const router = new NginxLuaRouter(
    [
      { name: 'blue', address: inputs['blue-address'] },
      { name: 'green', address: inputs['green-address'] }
    ],
    new SocketLuaAdmin(inputs['nginx-lua-socket']),
    undefined,
    new MemoryLogger(),
    { sticky: { kind: 'cookie', name: 'uid' }, match: { kind: 'header', name: 'X-Canary' } }
  )
  const history: string[][] = users.map(() => [])
  for (const weight of [0, 1, 5, 20, 50, 100]) {
    await router.setWeights({ blue: 100 - weight, green: weight }, 'green')
    const answers = await colors(users)
    answers.forEach((color, i) => history[i].push(color))
    expect(Math.abs(share(answers) - weight)).toBeLessThanOrEqual(1)
    // The same users again: nobody moved within a step.
    expect(await colors(users.slice(0, 500))).toEqual(answers.slice(0, 500))
    const always = await colors(
      Array.from({ length: 50 }, (_, i) => ({ 'x-canary': 'always', cookie: `uid=user-${i}` }))
    )
    expect(new Set(always)).toEqual(new Set(['green']))
    if (weight < 100) {
      const never = await colors(
        Array.from({ length: 200 }, (_, i) => ({ 'x-canary': 'never', cookie: `uid=user-${i}` }))
      )
      expect(new Set(never)).toEqual(new Set(['blue']))
    }
    if (weight === 20) {
      const unkeyed = await colors(Array.from({ length: USERS }, () => ({})))
      expect(Math.abs(share(unkeyed) - 20)).toBeLessThanOrEqual(1)
    }
  }
  // Monotone: once on the canary, a user stays there.
  const flips = history.filter(seq =>
    seq.some((c, i) => i > 0 && c === 'blue' && seq[i - 1] === 'green')
  )
  expect(flips.length).toBe(0)
  // Without a canary step (a switch, an abort) every request follows the split again.
  await router.setWeights({ blue: 100, green: 0 })
  expect(new Set(await colors([{ 'x-canary': 'always' }, ...users.slice(0, 100)]))).toEqual(
    new Set(['blue'])
  )
}, 120_000)

test('a canary release carries sticky and canary-match to nginx: staff only at "internal", then users stay put; promote clears them', async () => {
  const run = await runInProcess('release', {
    ...inputs,
    version: 'v2',
    'canary-steps': 'internal,5,pause,100'
  })
  expect(run.error?.message).toBeUndefined()
  expect(run.report.result).toBe('success')
  expect(run.report.headline).toMatch(/paused at 5%/)
  const split = await new SocketLuaAdmin(inputs['nginx-lua-socket']).read()
  expect(split).toMatch(/^sticky cookie uid\nmatch header X-Canary\n/)
  expect(split).toContain(`${inputs['green-address']} 500 canary`)
  const first = await colors(users.slice(0, 2000))
  expect(Math.abs(share(first) - 5)).toBeLessThanOrEqual(1.5)
  expect(await colors(users.slice(0, 2000))).toEqual(first)
  expect(new Set(await colors([{ 'x-canary': 'always' }]))).toEqual(new Set(['green']))

  const promoted = await runInProcess('promote', inputs)
  expect(promoted.report.result).toBe('success')
  expect(await new SocketLuaAdmin(inputs['nginx-lua-socket']).read()).not.toMatch(/sticky|canary/)
}, 60_000)
