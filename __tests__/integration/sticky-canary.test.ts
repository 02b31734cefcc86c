import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { RunningService, startSampleService } from '../../demo/sample-service.js'
import { parseSettings } from '../../src/config/parse-settings.js'
import { systemClock } from '../../src/platform/clock.js'
import { ExecCommandRunner } from '../../src/platform/command-runner.js'
import { NodeHttpClient } from '../../src/platform/http-client.js'
import { MemoryLogger } from '../../src/platform/logger.js'
import { createRouter } from '../../src/routers/factory.js'
import { runInProcess } from '../support/canary-lab.js'
import { colorsThrough, Front, haproxyFront, luaFront } from '../support/sticky-fronts.js'

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

/** The router as a canary step builds it from the front's inputs. */
function routerOf(front: Front) {
  return createRouter(
    parseSettings(name => front.inputs[name], 'canary-step'),
    {
      runner: new ExecCommandRunner(),
      http: new NodeHttpClient(),
      clock: systemClock,
      log: new MemoryLogger()
    }
  )
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
    front = await start(dir, services)
  }, 30_000)
  afterAll(async () => {
    await front?.stop()
  })

  const colors = (requests: Record<string, string>[]) => colorsThrough(front.url, agent, requests)

  test('10,000 users move only from stable to canary, each step within 1 point; unkeyed requests split by weight; always and never hold at every step', async () => {
    const router = routerOf(front)
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

  test('a full canary release 1 → 5 → 20 → 50 → 100 under 10,000 users: nobody goes back to stable, every step within 1 point', async () => {
    await routerOf(front).setWeights({ blue: 100, green: 0 })
    await runInProcess('switch', {
      ...front.inputs,
      environment: `${front.inputs.environment}-full`,
      'switch-to': 'blue',
      force: 'true'
    })
    // Users in turn, over and over, while the release runs: each answer with its time.
    const seen: { at: number; user: number; color: string }[] = []
    let running = true
    let turn = 0
    const clients = Array.from({ length: 32 }, async () => {
      while (running) {
        const user = turn++ % USERS
        const color = await colors([users[user]])
        seen.push({ at: performance.now(), user, color: color[0] })
      }
    })
    let run: Awaited<ReturnType<typeof runInProcess>>
    try {
      run = await runInProcess('release', {
        ...front.inputs,
        environment: `${front.inputs.environment}-full`,
        version: 'v2',
        'canary-steps': '1,5,20,50,100',
        'bake-time': '4s',
        'analysis-interval': '1s',
        'canary-match': ''
      })
    } finally {
      running = false
      await Promise.all(clients)
    }
    expect(run.error?.message).toBeUndefined()
    expect(run.report.result).toBe('success')
    for (const step of run.report.canarySteps.filter(s => s.weight < 100)) {
      // Each user's last answer while the step baked (after its weight was set and confirmed).
      const last = new Map<number, string>()
      for (const a of seen)
        if (a.at > step.startedAt && a.at < step.startedAt + step.durationMs)
          last.set(a.user, a.color)
      expect(last.size).toBe(USERS)
      const onCanary = [...last.values()].filter(c => c === 'green').length
      expect(Math.abs((onCanary * 100) / USERS - step.weight)).toBeLessThanOrEqual(1)
    }
    const byUser = new Map<number, string[]>()
    for (const a of seen) byUser.set(a.user, [...(byUser.get(a.user) ?? []), a.color])
    const back = [...byUser.values()].filter(seq =>
      seq.some((c, i) => i > 0 && c === 'blue' && seq[i - 1] === 'green')
    )
    expect(back.length).toBe(0)
  }, 120_000)

  test('a canary release carries sticky and canary-match to the router: staff only at "internal", then users stay put; promote clears them', async () => {
    // From blue, where the full canary above left green live.
    const back = await runInProcess('switch', {
      ...front.inputs,
      'switch-to': 'blue',
      force: 'true'
    })
    expect(back.report.outputs['active-color']).toBe('blue')
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
