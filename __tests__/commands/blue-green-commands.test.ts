import { renderMarkdown } from '../../src/report/render.js'
import { describe, expect, test } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deployGreen } from '../../src/commands/blue-green/deploy-green.js'
import { release } from '../../src/commands/shared/release.js'
import { rollback } from '../../src/commands/blue-green/rollback.js'
import { switchTraffic } from '../../src/commands/blue-green/switch.js'
import { verify } from '../../src/commands/blue-green/verify.js'
import { ConfigurationError } from '../../src/errors.js'
import { RolloutRecord } from '../../src/state/types.js'
import {
  FakeHttp,
  FakeRouter,
  FakeRunner,
  concluded,
  fakeContext,
  testSettings
} from '../support/fakes.js'

const stateFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'pd-cmd-')), 'state.json')

describe('release (deploy-green → verify → switch)', () => {
  test('deploys to the idle color with the release facts, checks it, switches and records it', async () => {
    const router = new FakeRouter({ blue: 100, green: 0 })
    const runner = new FakeRunner()
    const ctx = fakeContext(
      testSettings('release', { 'smoke-command': '["./smoke.sh"]' }),
      stateFile(),
      { router, runner }
    )
    await concluded(release, ctx)

    expect(ctx.report.result).toBe('success')
    expect(router.changes).toEqual([{ green: 100, blue: 0 }])
    expect(runner.calls.map(c => c.argv)).toEqual([['./deploy.sh'], ['./smoke.sh']])
    expect(runner.calls[0].env).toMatchObject({
      PD_COLOR: 'green',
      PD_ADDRESS: '127.0.0.1:9002',
      PD_HOST: '127.0.0.1',
      PD_PORT: '9002',
      PD_VERSION: 'v2',
      PD_ENVIRONMENT: 'production',
      PD_URL: 'http://127.0.0.1:9002',
      PD_LIVE_COLOR: 'blue'
    })
    const state = await ctx.store.load('production')
    expect(state?.live).toMatchObject({ version: 'v2', color: 'green', phase: 'live' })
    expect(state?.live?.events.map(e => e.phase)).toEqual([
      'deploying',
      'deployed',
      'verified',
      'live'
    ])
    expect(ctx.report.outputs).toMatchObject({
      'active-color': 'green',
      'previous-color': 'blue',
      'idle-color': 'blue',
      version: 'v2'
    })
    // The color is checked twice; each row says by which phase, and no row repeats another.
    const names = ctx.report.steps.map(s => s.name)
    expect(names).toEqual(
      expect.arrayContaining(['deploy-green: health check green', 'verify: health check green'])
    )
    expect(new Set(names).size).toBe(names.length)
  })

  test('a failing deploy command stops before any traffic moves and marks the release failed', async () => {
    const router = new FakeRouter()
    const ctx = fakeContext(testSettings('release'), stateFile(), {
      router,
      runner: new FakeRunner({ './deploy.sh': 3 })
    })
    await concluded(release, ctx)
    expect(ctx.report.result).toBe('failure')
    expect(ctx.report.headline).toMatch(/deploy command exited 3.*traffic was not moved/)
    expect(router.changes).toEqual([])
    expect((await ctx.store.history('production', 1))[0]).toMatchObject({
      version: 'v2',
      phase: 'failed'
    })
  })

  test('an unhealthy color fails after the deadline without moving traffic', async () => {
    const router = new FakeRouter()
    const ctx = fakeContext(testSettings('release'), stateFile(), {
      router,
      http: new FakeHttp(() => 503)
    })
    await concluded(release, ctx)
    expect(ctx.report.result).toBe('failure')
    expect(
      ctx.report.steps.find(s => s.name === 'deploy-green: health check green')?.detail
    ).toMatch(/not healthy within 1\.0 s.*status 503, expected 200/)
    // A first release failed: nothing recorded ever ran on blue, and the summary says so.
    expect(renderMarkdown(ctx.report)).toMatch(
      /\*\*Serving now:\*\* a version no release recorded \(it was there before progressive-deploy\) on blue/
    )
    expect(ctx.log.lines.some(l => /health .*status 503, expected 200 \(check 2, /.test(l))).toBe(
      true
    )
    expect(router.changes).toEqual([])
  })

  test('a failing smoke test leaves traffic where it was and the release failed', async () => {
    const router = new FakeRouter()
    const ctx = fakeContext(
      testSettings('release', { 'smoke-command': '["./smoke.sh"]' }),
      stateFile(),
      { router, runner: new FakeRunner({ './smoke.sh': 1 }) }
    )
    await concluded(release, ctx)
    expect(ctx.report.headline).toMatch(/smoke test exited 1 on green.*traffic stays on blue/)
    expect(router.changes).toEqual([])
    expect((await ctx.store.load('production'))?.colors.green?.phase).toBe('failed')
  })
})

describe('switch', () => {
  test('refuses a failed color and touches nothing', async () => {
    const file = stateFile()
    const first = fakeContext(
      testSettings('release', { 'smoke-command': '["./smoke.sh"]' }),
      file,
      { runner: new FakeRunner({ './smoke.sh': 1 }) }
    )
    await release(first)
    const router = new FakeRouter()
    await expect(
      switchTraffic(fakeContext(testSettings('switch'), file, { router }))
    ).rejects.toBeInstanceOf(ConfigurationError)
    expect(router.changes).toEqual([])
  })

  test('puts the old split back when new requests never reach the target', async () => {
    const file = stateFile()
    await deployGreen(fakeContext(testSettings('deploy-green'), file))
    const router = new FakeRouter()
    router.confirm = false
    const ctx = fakeContext(testSettings('switch'), file, { router })
    await expect(switchTraffic(ctx)).rejects.toThrow(
      /not shown to reach green: fake: contradicted\. Traffic was put back on blue/
    )
    expect(router.weights).toEqual({ blue: 100, green: 0 })
    expect((await ctx.store.load('production'))?.live).toBeUndefined()
  })

  test('switch back to previous marks the current release rolled back', async () => {
    const file = stateFile()
    const router = new FakeRouter()
    await release(fakeContext(testSettings('release', { version: 'v1' }), file, { router }))
    await release(fakeContext(testSettings('release', { version: 'v2' }), file, { router }))
    expect(router.weights).toEqual({ blue: 100, green: 0 })
    const ctx = fakeContext(testSettings('switch', { 'switch-to': 'previous' }), file, { router })
    await concluded(switchTraffic, ctx)
    const state = await ctx.store.load('production')
    expect(state?.live).toMatchObject({ version: 'v1', color: 'green' })
    expect(state?.colors.blue).toMatchObject({ version: 'v2', phase: 'rolled-back' })
  })
})

describe('switch from a split (a canary cut short)', () => {
  const canaryAt = async (weights: { blue: number; green: number }) => {
    const file = stateFile()
    const router = new FakeRouter()
    await release(fakeContext(testSettings('release', { version: 'v1' }), file, { router }))
    const settings = testSettings('deploy-green', { version: 'v2' })
    const ctx = fakeContext(settings, file, { router })
    await deployGreen(ctx)
    const record = (await ctx.store.load('production'))?.inProgress as RolloutRecord
    await ctx.store.transition(record, { phase: 'verified', description: 'ok' })
    await ctx.store.transition(record, {
      phase: 'canary',
      description: 'baking',
      step: { index: 0, total: 2, weight: weights.blue }
    })
    router.weights = weights
    return { file, router }
  }

  test('idle names no color in a split: refused, naming the two that work', async () => {
    const { file, router } = await canaryAt({ blue: 20, green: 80 })
    await expect(
      switchTraffic(fakeContext(testSettings('switch'), file, { router }))
    ).rejects.toThrow(
      /traffic is split \(blue 20%, green 80%\).*switch-to: blue or switch-to: green/
    )
  })

  test('to the stable color: all traffic there, the canary recorded failed', async () => {
    const { file, router } = await canaryAt({ blue: 20, green: 80 })
    const ctx = fakeContext(testSettings('switch', { 'switch-to': 'green' }), file, { router })
    const outcome = await concluded(switchTraffic, ctx)
    expect(outcome.result).toBe('success')
    expect(router.weights).toEqual({ green: 100, blue: 0 })
    const state = await ctx.store.load('production')
    expect(state?.live).toMatchObject({ version: 'v1', color: 'green' })
    expect(state?.colors.blue).toMatchObject({ version: 'v2', phase: 'failed' })
    expect(state?.inProgress).toBeUndefined()
  })

  test('to the canary color: it takes all traffic and is live, the stable one superseded', async () => {
    const { file, router } = await canaryAt({ blue: 20, green: 80 })
    const ctx = fakeContext(testSettings('switch', { 'switch-to': 'blue' }), file, { router })
    await concluded(switchTraffic, ctx)
    const state = await ctx.store.load('production')
    expect(state?.live).toMatchObject({ version: 'v2', color: 'blue' })
    expect(state?.colors.green).toMatchObject({ version: 'v1', phase: 'superseded' })
  })
})

describe('verify', () => {
  test('refuses when nothing was deployed', async () => {
    await expect(verify(fakeContext(testSettings('verify'), stateFile()))).rejects.toThrow(
      /run deploy-green first/
    )
  })
})

describe('rollback', () => {
  test('switches straight back when the last good version still runs idle, and records who and why', async () => {
    const file = stateFile()
    const router = new FakeRouter()
    // Each run releases its own commit.
    const at = (command: string, sha: string, inputs: Record<string, string>) => ({
      ...testSettings(command, inputs),
      github: { token: 't', apiUrl: '', serverUrl: '', owner: 'o', repo: 'r', sha, runId: '' }
    })
    await release(fakeContext(at('release', 'aaa1', { version: 'v1' }), file, { router }))
    await release(fakeContext(at('release', 'bbb2', { version: 'v2' }), file, { router }))
    const runner = new FakeRunner()
    const ctx = fakeContext(at('rollback', 'ccc3', { reason: 'errors up' }), file, {
      router,
      runner
    })
    await concluded(rollback, ctx)
    expect(runner.calls).toEqual([])
    expect(router.weights).toEqual({ green: 100, blue: 0 })
    const [newest, bad] = await ctx.store.history('production', 2)
    expect(newest).toMatchObject({
      kind: 'rollback',
      version: 'v1',
      color: 'green',
      phase: 'live',
      actor: 'tester',
      rollback: { from: { version: 'v2', color: 'blue' }, reason: 'errors up' }
    })
    expect(bad).toMatchObject({ version: 'v2', phase: 'rolled-back' })
    // The rollback points at the commit of what it restores, not the one of the run making it.
    expect(newest.sha).toBe('aaa1')
    expect(bad.sha).toBe('bbb2')
    expect(ctx.report.outputs).toMatchObject({
      version: 'v1',
      'previous-version': 'v2',
      'active-color': 'green'
    })
  })

  test('redeploys the good version when its color was reused, and needs a deploy command for it', async () => {
    const file = stateFile()
    const router = new FakeRouter()
    await release(fakeContext(testSettings('release', { version: 'v1' }), file, { router }))
    await release(fakeContext(testSettings('release', { version: 'v2' }), file, { router }))
    await deployGreen(
      fakeContext(testSettings('deploy-green', { version: 'v3' }), file, {
        router,
        http: new FakeHttp(() => 500)
      })
    )

    await expect(
      rollback(fakeContext(testSettings('rollback', { 'deploy-command': '' }), file, { router }))
    ).rejects.toThrow(/no longer runs v1.*deploy-command/)
    expect(router.weights).toEqual({ blue: 100, green: 0 })

    const runner = new FakeRunner()
    await rollback(fakeContext(testSettings('rollback'), file, { router, runner }))
    expect(runner.calls[0].env).toMatchObject({ PD_VERSION: 'v1', PD_COLOR: 'green' })
    expect(router.weights).toEqual({ green: 100, blue: 0 })
  })
})
