import { describe, expect, test } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deployGreen } from '../../src/commands/blue-green/deploy-green.js'
import { verify } from '../../src/commands/blue-green/verify.js'
import { abort } from '../../src/commands/canary/abort.js'
import { canaryStep } from '../../src/commands/canary/canary-step.js'
import { promote } from '../../src/commands/canary/promote.js'
import { CommandContext } from '../../src/commands/context.js'
import { MeasureWindow, MetricProvider } from '../../src/metrics/metric-provider.js'
import { Measurement, MetricSpec } from '../../src/metrics/metric-spec.js'
import { Clock } from '../../src/platform/clock.js'
import { FakeClock, FakeRouter, concluded, fakeContext, testSettings } from '../support/fakes.js'

/**
 * The canary commands over fakes: a router in memory, a fake clock (a 10 s bake takes no time),
 * and a gate whose reading per window the test decides.
 */

/** A gate that reads `value(window)` once per analysis window, on the fake clock. */
class ScriptedGate implements MetricProvider {
  readonly type = 'command' as const
  readonly windows: MeasureWindow[] = []
  constructor(
    private readonly clock: Clock,
    private readonly value: (window: MeasureWindow) => Measurement
  ) {}
  async measure(
    _spec: MetricSpec,
    window: MeasureWindow,
    signal: AbortSignal
  ): Promise<Measurement> {
    await this.clock.sleep(window.windowMs, signal)
    this.windows.push(window)
    return this.value(window)
  }
}

const passed: Measurement = { phase: 'ok', passed: true, message: 'fine' }
const errorsAt =
  (weight: number) =>
  (w: MeasureWindow): Measurement =>
    w.weight >= weight
      ? { phase: 'ok', passed: false, message: `5% errors at ${w.weight}%` }
      : passed

function canaryContext(
  steps: string,
  gate: (w: MeasureWindow) => Measurement,
  extra: Record<string, string> = {}
) {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pd-canary-cmd-')), 'state.json')
  const clock = new FakeClock()
  const router = new FakeRouter({ blue: 100, green: 0 })
  const provider = new ScriptedGate(clock, gate)
  const make = (command: string): CommandContext & { log: { lines: string[] } } =>
    fakeContext(
      testSettings(command, {
        strategy: 'canary',
        'canary-steps': steps,
        'bake-time': '20s',
        'analysis-interval': '10s',
        metrics: '[{name: checks, provider: command, command: [./check.sh]}]',
        ...extra
      }),
      file,
      { router, clock, providers: () => provider }
    )
  return { make, router, provider }
}

async function deployed(make: (command: string) => CommandContext): Promise<void> {
  await deployGreen(make('deploy-green'))
  await verify(make('verify'))
}

describe('canary commands (fakes)', () => {
  test('a healthy canary goes 10 → 50 → 100, each step judged on its own windows, and becomes live', async () => {
    const { make, router, provider } = canaryContext('10, 50, 100', () => passed)
    await deployed(make)
    const ctx = make('canary-step')
    const outcome = await concluded(canaryStep, ctx)

    expect(outcome.result).toBe('success')
    expect(router.changes).toEqual([
      { green: 10, blue: 90 },
      { green: 50, blue: 50 },
      { green: 100, blue: 0 },
      { green: 100, blue: 0 }
    ])
    // Two 10 s windows per 20 s bake, at each step's weight.
    expect(provider.windows.map(w => w.weight)).toEqual([10, 10, 50, 50, 100, 100])
    const state = await ctx.store.load('production')
    expect(state?.live).toMatchObject({ version: 'v2', color: 'green', phase: 'live' })
    expect(ctx.report.outputs).toMatchObject({
      'active-color': 'green',
      'canary-weight': '100',
      phase: 'live'
    })
  })

  test('a gate failing at 50% aborts: all traffic back on blue, the release failed, the job failed', async () => {
    const { make, router } = canaryContext('10, 50, 100', errorsAt(50))
    await deployed(make)
    const ctx = make('canary-step')
    const outcome = await concluded(canaryStep, ctx)

    expect(outcome.result).toBe('failure')
    expect(outcome.headline).toMatch(
      /canary v2 aborted; all traffic is back on blue\. gate failed at 50%/
    )
    expect(router.weights).toEqual({ green: 0, blue: 100 })
    expect((await ctx.store.load('production'))?.colors.green?.phase).toBe('failed')
    expect(ctx.report.outputs).toMatchObject({
      'active-color': 'blue',
      'canary-weight': '0',
      phase: 'failed'
    })
  })

  test('a pause step stops the job (success, paused at 10%); promote goes on from there to live', async () => {
    const { make, router } = canaryContext('10, pause, 50, 100', () => passed)
    await deployed(make)
    const first = await concluded(canaryStep, make('canary-step'))
    expect(first.result).toBe('success')
    expect(first.headline).toMatch(/paused at 10% \(step 2\/4\); promote to continue/)
    expect(router.weights).toEqual({ green: 10, blue: 90 })

    const ctx = make('promote')
    const second = await concluded(promote, ctx)
    expect(second.result).toBe('success')
    expect(router.weights).toEqual({ green: 100, blue: 0 })
    expect((await ctx.store.load('production'))?.live?.version).toBe('v2')
  })

  test('gates that cannot decide pause the canary at its weight; promote accepts the step', async () => {
    const { make, router } = canaryContext('10, 50, 100', w =>
      w.weight === 10 ? { phase: 'no-data', message: 'no traffic' } : passed
    )
    await deployed(make)
    const first = await concluded(canaryStep, make('canary-step'))
    expect(first.headline).toMatch(/paused at 10%: the gates could not decide/)
    expect(router.weights).toEqual({ green: 10, blue: 90 })
    await concluded(promote, make('promote'))
    expect(router.changes.slice(-3)).toEqual([
      { green: 50, blue: 50 },
      { green: 100, blue: 0 },
      { green: 100, blue: 0 }
    ])
  })

  test('abort asked for by a person: stable takes everything, the job succeeds', async () => {
    const { make, router } = canaryContext('10, pause, 100', () => passed)
    await deployed(make)
    await concluded(canaryStep, make('canary-step'))
    const ctx = make('abort')
    const outcome = await concluded(abort, ctx)
    expect(outcome.result).toBe('success')
    expect(router.weights).toEqual({ green: 0, blue: 100 })
    expect(outcome.headline).toMatch(/aborted by tester/)
  })
})
