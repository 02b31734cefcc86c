import { describe, expect, test } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { rolling } from '../../src/commands/rolling/rolling.js'
import { Argv } from '../../src/config/settings.js'
import { CommandResult, RunOptions } from '../../src/platform/command-runner.js'
import {
  FakeClock,
  FakeHttp,
  FleetRouter,
  FakeRunner,
  concluded,
  fakeContext,
  testSettings
} from '../support/fakes.js'

const stateFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'pd-rolling-')), 'state.json')
const FLEET = ['web-1=10.0.0.1:80', 'web-2=10.0.0.2:80', 'web-3=10.0.0.3:80', 'web-4=10.0.0.4:80']

/** A deploy command that takes `ms` (on the fake clock) to deploy `version`. */
class SlowRunner extends FakeRunner {
  constructor(
    private readonly clock: FakeClock,
    private readonly version: string,
    private readonly ms: number
  ) {
    super()
  }
  async run(argv: Argv, options: RunOptions = {}): Promise<CommandResult> {
    if (options.env?.PD_VERSION === this.version) this.clock.t += this.ms
    return super.run(argv, options)
  }
}

function setup(
  inputs: Record<string, string> = {},
  statusFor?: (url: string) => number,
  clock = new FakeClock(),
  runner: FakeRunner = new FakeRunner()
) {
  const router = new FleetRouter(['web-1', 'web-2', 'web-3', 'web-4'])
  const file = stateFile()
  const ctx = fakeContext(
    testSettings('rolling', {
      instances: FLEET.join('\n'),
      'max-unavailable': '1',
      'min-ready': '1s',
      'rollback-version': 'v1',
      ...inputs
    }),
    file,
    { router, runner, http: new FakeHttp(statusFor), clock }
  )
  return { ctx, router, runner, file }
}

describe('rolling command (fakes)', () => {
  test('one at a time: drain → deploy → enable per instance, with the instance facts in the deploy environment', async () => {
    const { ctx, router, runner } = setup()
    await concluded(rolling, ctx)
    expect(ctx.report.result).toBe('success')
    expect(router.ops).toEqual([
      'drain web-1',
      'enable web-1',
      'drain web-2',
      'enable web-2',
      'drain web-3',
      'enable web-3',
      'drain web-4',
      'enable web-4'
    ])
    expect(runner.calls.map(c => c.env?.PD_INSTANCE)).toEqual(['web-1', 'web-2', 'web-3', 'web-4'])
    expect(runner.calls[1].env).toMatchObject({
      PD_INSTANCE: 'web-2',
      PD_ADDRESS: '10.0.0.2:80',
      PD_HOST: '10.0.0.2',
      PD_PORT: '80',
      PD_URL: 'http://10.0.0.2:80',
      PD_VERSION: 'v2',
      PD_PREVIOUS_VERSION: 'v1',
      PD_ENVIRONMENT: 'production'
    })
    const state = await ctx.store.load('production')
    expect(state?.fleet?.snapshot.instances).toEqual(
      Object.fromEntries(
        ['web-1', 'web-2', 'web-3', 'web-4'].map(n => [n, { version: 'v2', inRotation: true }])
      )
    )
    expect(state?.live).toMatchObject({ version: 'v2', color: 'fleet', phase: 'live' })
  })

  test('an instance in rotation that turns unhealthy counts as unavailable: the next drain is refused, and so is undoing past the limit', async () => {
    let checks = 0
    // web-4 answers the pre-flight check and batch 1's capacity check, then fails.
    const { ctx, router } = setup({}, url => (url.includes('10.0.0.4') && ++checks > 2 ? 503 : 200))
    await concluded(rolling, ctx)
    expect(ctx.report.result).toBe('failure')
    expect(ctx.report.headline).toMatch(
      /batch 2\/4 failed \(refusing to start batch 2\/4: draining web-2 would leave 2 of 4 instances serving; max-unavailable allows no fewer than 3 \(in rotation but failing their health check: web-4\)/
    )
    expect(ctx.report.headline).toMatch(
      /putting web-1 back on their previous version failed too \(refusing to start undo 1\/1/
    )
    // Never below the limit: web-2 was never drained, and web-1 stays on v2 in rotation.
    expect(router.ops).toEqual(['drain web-1', 'enable web-1'])
    expect(ctx.report.outputs.fleet).toBe('1 × v2, 3 × v1')
  })

  test('leave-drained: the failed instance stays out of rotation on the new version, the rest untouched', async () => {
    const { ctx, router, runner } = setup({
      'on-failure': 'leave-drained',
      'health-deadline': '300ms'
    })
    const deployed = (name: string) => runner.calls.some(c => c.env?.PD_INSTANCE === name)
    ;(ctx.http as FakeHttp).statusFor = url =>
      url.includes('10.0.0.2') && deployed('web-2') ? 503 : 200
    await concluded(rolling, ctx)
    expect(ctx.report.result).toBe('failure')
    expect(ctx.report.headline).toMatch(/the failed batch was left out of rotation for inspection/)
    expect(router.ops).toEqual(['drain web-1', 'enable web-1', 'drain web-2'])
    const state = await ctx.store.load('production')
    expect(state?.fleet?.snapshot.instances).toMatchObject({
      'web-1': { version: 'v2', inRotation: true },
      'web-2': { version: 'v2', inRotation: false },
      'web-3': { version: 'v1', inRotation: true }
    })
    expect(state?.fleet?.record.phase).toBe('failed')
  })

  test('a later update takes an instance a failed update left drained first: it costs no capacity', async () => {
    const { ctx, router, runner, file } = setup({
      'on-failure': 'leave-drained',
      'health-deadline': '300ms'
    })
    let broken = true
    ;(ctx.http as FakeHttp).statusFor = url =>
      broken && url.includes('10.0.0.2') && runner.calls.some(c => c.env?.PD_INSTANCE === 'web-2')
        ? 503
        : 200
    await concluded(rolling, ctx)
    expect(ctx.report.result).toBe('failure')
    // Fixed in v3. In instance order, draining web-1 first would leave 2 of 4 serving (web-2 is
    // still out), below max-unavailable 1: web-2 goes first, then the others in order.
    broken = false
    router.ops.length = 0
    const next = fakeContext({ ...ctx.settings, version: 'v3' }, file, {
      router,
      runner,
      http: ctx.http,
      clock: ctx.clock
    })
    await concluded(rolling, next)
    expect(next.report.result).toBe('success')
    expect(router.ops).toEqual([
      'drain web-2',
      'enable web-2',
      'drain web-1',
      'enable web-1',
      'drain web-3',
      'enable web-3',
      'drain web-4',
      'enable web-4'
    ])
    expect(next.report.outputs.fleet).toBe('4 × v3')
  })

  test('running the same version again: a drained instance already on it is deployed again only if it does not answer', async () => {
    const { ctx, router, runner, file } = setup({
      'on-failure': 'leave-drained',
      'health-deadline': '300ms'
    })
    const deploys = (name: string) => runner.calls.filter(c => c.env?.PD_INSTANCE === name).length
    // web-2's first deploy of v2 comes up broken; a second deploy fixes it.
    ;(ctx.http as FakeHttp).statusFor = url =>
      url.includes('10.0.0.2') && deploys('web-2') === 1 ? 503 : 200
    await concluded(rolling, ctx)
    expect(ctx.report.result).toBe('failure')
    router.ops.length = 0
    const again = fakeContext(ctx.settings, file, {
      router,
      runner,
      http: ctx.http,
      clock: ctx.clock
    })
    await rolling(again)
    expect(again.report.result).toBe('success')
    expect(deploys('web-2')).toBe(2)
    expect(deploys('web-1')).toBe(1)
    expect(router.ops.slice(0, 2)).toEqual(['drain web-2', 'enable web-2'])
  })

  test('an instance that fails the pre-flight health check stops the update before anything is drained', async () => {
    const { ctx, router } = setup({}, url => (url.includes('10.0.0.2') ? 503 : 200))
    await expect(rolling(ctx)).rejects.toThrow(/web-2 \(10\.0\.0\.2:80\): status 503/)
    expect(router.ops).toEqual([])
    expect(await ctx.store.load('production')).toBeUndefined()
  })

  test('a batch that outlasts progress-deadline fails the update, and it is put back', async () => {
    const clock = new FakeClock()
    const { ctx, router } = setup(
      { 'progress-deadline': '5s' },
      undefined,
      clock,
      new SlowRunner(clock, 'v2', 6000)
    )
    await concluded(rolling, ctx)
    expect(ctx.report.result).toBe('failure')
    expect(ctx.report.headline).toMatch(
      /batch 1\/4 failed \(not finished within progress-deadline 5\.0 s\); web-1 was put back on its previous version/
    )
    expect(router.ops).toEqual(['drain web-1', 'drain web-1', 'enable web-1'])
    expect(ctx.report.outputs.fleet).toBe('4 × v1')
  })
})
