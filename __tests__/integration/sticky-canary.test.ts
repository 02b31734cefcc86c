import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { HaproxyLab, startHaproxy } from '../../demo/haproxy-lab.js'
import { NginxLab, startNginx } from '../../demo/nginx-lab.js'
import { freePort, RunningService, startSampleService } from '../../demo/sample-service.js'
import { parseSettings } from '../../src/config/parse-settings.js'
import { systemClock } from '../../src/platform/clock.js'
import { ExecCommandRunner } from '../../src/platform/command-runner.js'
import { NodeHttpClient } from '../../src/platform/http-client.js'
import { MemoryLogger } from '../../src/platform/logger.js'
import { SocketLuaAdmin } from '../../src/platform/nginx-lua-admin.js'
import { SocketHaproxyRuntime } from '../../src/platform/haproxy-socket.js'
import { createRouter } from '../../src/routers/factory.js'
import { runInProcess } from '../support/canary-lab.js'
import { luaInclude } from '../support/nginx-lua.js'
import { ROOT } from '../support/run-dist.js'

/**
 * Sticky canaries and internal users first, on real nginx with the README's Lua include and on
 * real HAProxy with examples/haproxy/progressive-deploy-sticky.cfg: 10,000 simulated users with a
 * cookie go through 0 → 1 → 5 → 20 → 50 → 100; every user's versions are monotone (never back to
 * stable), the share of users on the canary is within 1 point of each step, requests without the
 * cookie split by weight, and requests with X-Canary: always reach the canary at every step (also
 * at 0), never ones never do.
 */

const USERS = 10_000
let dir: string
let services: RunningService[]
let agent: http.Agent

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pd-sticky-'))
  services = [
    await startSampleService({ port: 0, version: 'v1', color: 'blue' }),
    await startSampleService({ port: 0, version: 'v2', color: 'green' })
  ]
  agent = new http.Agent({ keepAlive: true, maxSockets: 32 })
}, 30_000)
afterAll(async () => {
  agent?.destroy()
  await Promise.all((services ?? []).map(s => s.close()))
  rmSync(dir, { recursive: true, force: true })
})

/** What both routers share: the colors, the deploy, the gates' pace, sticky and canary-match. */
function common(): Record<string, string> {
  return {
    strategy: 'canary',
    'blue-address': `127.0.0.1:${services[0].port}`,
    'green-address': `127.0.0.1:${services[1].port}`,
    'deploy-command': JSON.stringify([process.execPath, '-e', '0']),
    'health-interval': '100ms',
    'health-deadline': '5s',
    'bake-time': '1s',
    'analysis-interval': '500ms',
    sticky: 'cookie:uid',
    'canary-match': 'header:X-Canary'
  }
}

interface Front {
  url: string
  inputs: Record<string, string>
  /** The canary routing as the router holds it: the Lua split, or HAProxy's map. */
  routing(): Promise<string>
  stop(): Promise<void>
}

async function luaFront(): Promise<Front> {
  const nginx: NginxLab = await startNginx({
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
  const admin = new SocketLuaAdmin(path.join(dir, 'admin.sock'))
  return {
    url: nginx.url,
    inputs: {
      ...common(),
      environment: 'sticky-lua',
      'nginx-mode': 'lua',
      'nginx-lua-socket': path.join(dir, 'admin.sock'),
      'nginx-binary': nginx.binary,
      'probe-url': nginx.url,
      'state-file': path.join(dir, 'lua.json')
    },
    routing: () => admin.read(),
    stop: () => nginx.stop()
  }
}

async function haproxyFront(): Promise<Front> {
  const map = path.join(dir, 'progressive-deploy.map')
  copyFileSync(path.join(ROOT, 'examples/haproxy/progressive-deploy.map'), map)
  const rules = readFileSync(
    path.join(ROOT, 'examples/haproxy/progressive-deploy-sticky.cfg'),
    'utf8'
  )
    .replaceAll('/etc/haproxy/progressive-deploy.map', map)
    .split('\n')
    .filter(line => line.trim() !== '' && !line.trimStart().startsWith('#'))
  const haproxy: HaproxyLab = await startHaproxy({
    prefix: path.join(dir, 'haproxy'),
    port: await freePort(),
    servers: {
      blue: { address: `127.0.0.1:${services[0].port}`, weight: 100 },
      green: { address: `127.0.0.1:${services[1].port}`, weight: 0 }
    },
    backendLines: rules
  })
  const runtime = new SocketHaproxyRuntime(haproxy.socket)
  return {
    url: haproxy.url,
    inputs: {
      ...common(),
      environment: 'sticky-haproxy',
      router: 'haproxy',
      'haproxy-socket': haproxy.socket,
      'haproxy-backend': 'be',
      'haproxy-map': map,
      'probe-url': haproxy.url,
      'state-file': path.join(dir, 'haproxy.json')
    },
    routing: () => runtime.send(`show map ${map}`),
    stop: () => haproxy.stop()
  }
}

const users = Array.from({ length: USERS }, (_, i) => ({ cookie: `uid=user-${i}` }))
const share = (answers: string[]) =>
  (answers.filter(c => c === 'green').length * 100) / answers.length

describe.each([
  ['nginx-mode lua', luaFront],
  ['haproxy', haproxyFront]
])('%s', (_name, start) => {
  let front: Front
  beforeAll(async () => {
    front = await start()
  }, 30_000)
  afterAll(async () => {
    await front?.stop()
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
              .get(front.url, { agent, headers: requests[i] }, response => {
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

  test('10,000 users move only from stable to canary, each step within 1 point; unkeyed requests split by weight; always and never hold at every step', async () => {
    const settings = parseSettings(name => front.inputs[name], 'canary-step')
    const router = createRouter(settings, {
      runner: new ExecCommandRunner(),
      http: new NodeHttpClient(),
      clock: systemClock,
      log: new MemoryLogger()
    })
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
        const unkeyed = await colors(Array.from({ length: 2000 }, () => ({})))
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

  test('a canary release carries sticky and canary-match to the router: staff only at "internal", then users stay put; promote clears them', async () => {
    const run = await runInProcess('release', {
      ...front.inputs,
      version: 'v2',
      'canary-steps': 'internal,5,pause,100'
    })
    expect(run.error?.message).toBeUndefined()
    expect(run.report.result).toBe('success')
    expect(run.report.headline).toMatch(/paused at 5%/)
    const routing = await front.routing()
    expect(routing).toMatch(
      front.inputs.router === 'haproxy'
        ? /canary green\n.*limit 500/s
        : new RegExp(
            `^sticky cookie uid\nmatch header X-Canary\n[^]*${front.inputs['green-address']} 500 canary`
          )
    )
    const first = await colors(users.slice(0, 2000))
    expect(Math.abs(share(first) - 5)).toBeLessThanOrEqual(1.5)
    expect(await colors(users.slice(0, 2000))).toEqual(first)
    expect(new Set(await colors([{ 'x-canary': 'always' }]))).toEqual(new Set(['green']))

    const promoted = await runInProcess('promote', front.inputs)
    expect(promoted.report.result).toBe('success')
    expect(await front.routing()).toMatch(
      front.inputs.router === 'haproxy' ? /canary none\n.*limit 0/s : /^(?![^]*(sticky|canary))/
    )
  }, 60_000)
})
