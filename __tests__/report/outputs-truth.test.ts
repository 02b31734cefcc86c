import { describe, expect, test } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CommandContext } from '../../src/commands/context.js'
import { MeasureWindow, MetricProvider } from '../../src/metrics/metric-provider.js'
import { Measurement } from '../../src/metrics/metric-spec.js'
import { Argv } from '../../src/config/settings.js'
import { CommandResult, RunOptions } from '../../src/platform/command-runner.js'
import { Clock } from '../../src/platform/clock.js'
import { execute } from '../../src/run.js'
import { RolloutState } from '../../src/state/types.js'
import {
  FakeClock,
  FakeHttp,
  FakeRouter,
  FakeRunner,
  FleetRouter,
  fakeContext,
  testSettings
} from '../support/fakes.js'

/**
 * Outputs are the truth after every ending. Each command runs as run.ts runs it (execute: the
 * command, then the router read back), and its outputs are compared with what the router and
 * the records hold afterwards, read here independently of the code that wrote the outputs.
 */

type Outputs = Partial<Record<string, string>>

/** What a workflow's next step should be told, from the router and the records alone. */
function colorTruth(weights: Record<string, number>, state: RolloutState | undefined) {
  const active = (weights.green ?? 0) > (weights.blue ?? 0) ? 'green' : 'blue'
  return {
    'active-color': active,
    'idle-color': active === 'blue' ? 'green' : 'blue',
    version: state?.colors[active]?.version ?? ''
  }
}

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'pd-outputs-'))

/** A gate the test scripts: fails at and above `failAt` percent. */
class Gate implements MetricProvider {
  readonly type = 'command' as const
  constructor(
    private readonly clock: Clock,
    public failAt = 101
  ) {}
  async measure(_: unknown, window: MeasureWindow, signal: AbortSignal): Promise<Measurement> {
    await this.clock.sleep(window.windowMs, signal)
    return window.weight >= this.failAt
      ? { phase: 'ok', passed: false, message: `errors at ${window.weight}%` }
      : { phase: 'ok', passed: true, message: 'fine' }
  }
}

function colorLab(strategy: 'blue-green' | 'canary', steps = '10, 50, 100') {
  const file = path.join(dir(), 'state.json')
  const clock = new FakeClock()
  const router = new FakeRouter({ blue: 100, green: 0 })
  const gate = new Gate(clock)
  const http = new FakeHttp()
  const run = async (command: string, inputs: Record<string, string> = {}) => {
    const ctx: CommandContext = fakeContext(
      testSettings(command, {
        strategy,
        'canary-steps': steps,
        'bake-time': '10s',
        'analysis-interval': '10s',
        metrics: '[{name: checks, provider: command, command: [./check.sh]}]',
        ...inputs
      }),
      file,
      { router, clock, http, providers: () => gate }
    )
    await execute(ctx)
    const state = await ctx.store.load('production')
    return {
      outputs: ctx.report.outputs as Outputs,
      state,
      truth: colorTruth(router.weights, state)
    }
  }
  return { run, router, gate, http }
}

describe('blue/green: outputs after every ending', () => {
  test('release, a release failing its health check, a switch the router contradicts, rollback', async () => {
    const lab = colorLab('blue-green')
    const first = await lab.run('release', { version: 'v1' })
    expect(first.outputs).toMatchObject({ ...first.truth, result: 'success', version: 'v1' })

    const second = await lab.run('release', { version: 'v2' })
    expect(second.outputs).toMatchObject({
      ...second.truth,
      version: 'v2',
      'previous-color': first.truth['active-color'],
      'previous-version': 'v1'
    })

    // v3 never gets healthy: traffic stays where it was, and the outputs say so.
    lab.http.statusFor = () => 500
    const broken = await lab.run('release', { version: 'v3', 'health-deadline': '300ms' })
    lab.http.statusFor = () => 200
    expect(broken.outputs).toMatchObject({
      ...broken.truth,
      result: 'failure',
      version: 'v2',
      'previous-version': 'v2',
      'deployed-color': first.truth['active-color']
    })

    const back = await lab.run('rollback')
    expect(back.outputs).toMatchObject({
      ...back.truth,
      result: 'success',
      version: 'v1',
      'previous-color': second.truth['active-color'],
      'previous-version': 'v2'
    })

    // The router does not take the switch: the outputs follow the router, not the request.
    lab.router.setWeights = async () => {}
    const refused = await lab.run('switch', {
      'switch-to': back.truth['idle-color'],
      force: 'true'
    })
    expect(refused.outputs).toMatchObject({ ...refused.truth, result: 'failure', version: 'v1' })

    const status = await lab.run('status')
    expect(status.outputs).toMatchObject({ ...status.truth, version: 'v1', result: 'no-op' })
  })
})

describe('canary: outputs after every ending', () => {
  test('promoted, aborted by a gate, paused, aborted by a person, status after each', async () => {
    const lab = colorLab('canary')
    await lab.run('release', { version: 'v1', 'canary-steps': '100' })

    const promoted = await lab.run('release', { version: 'v2' })
    expect(promoted.outputs).toMatchObject({
      ...promoted.truth,
      result: 'success',
      version: 'v2',
      'canary-weight': '100',
      phase: 'live',
      'previous-version': 'v1',
      'previous-color': promoted.truth['idle-color']
    })

    // Aborted in its first step: the version that served all along serves; previous-* name the
    // canary traffic was taken from, so a notification can say "v3 aborted, back on v2".
    lab.gate.failAt = 10
    const aborted = await lab.run('release', { version: 'v3' })
    expect(aborted.outputs).toMatchObject({
      ...aborted.truth,
      result: 'failure',
      version: 'v2',
      'canary-weight': '0',
      phase: 'failed',
      'previous-color': aborted.truth['idle-color'],
      'previous-version': 'v3'
    })
    const afterAbort = await lab.run('status')
    expect(afterAbort.outputs).toMatchObject({
      ...afterAbort.truth,
      version: 'v2',
      'canary-weight': '0',
      phase: 'failed'
    })

    lab.gate.failAt = 101
    const paused = await lab.run('release', { version: 'v4', 'canary-steps': '10, pause, 100' })
    expect(paused.outputs).toMatchObject({
      ...paused.truth,
      result: 'success',
      version: 'v2',
      'canary-weight': '10',
      phase: 'paused'
    })
    const duringPause = await lab.run('status', { 'canary-steps': '10, pause, 100' })
    expect(duringPause.outputs).toMatchObject({
      ...duringPause.truth,
      version: 'v2',
      'canary-weight': '10',
      phase: 'paused'
    })
    const byPerson = await lab.run('abort', { 'canary-steps': '10, pause, 100' })
    expect(byPerson.outputs).toMatchObject({
      ...byPerson.truth,
      version: 'v2',
      'canary-weight': '0',
      phase: 'failed',
      'previous-version': 'v4'
    })
  })
})

describe('rolling: outputs after every ending', () => {
  /** Fails the deploy of one instance to one version, as a bad release on one host would. */
  class FailingDeploy extends FakeRunner {
    fail?: { instance: string; version: string }
    async run(argv: Argv, options: RunOptions = {}): Promise<CommandResult> {
      const result = await super.run(argv, options)
      const env = options.env ?? {}
      return env.PD_INSTANCE === this.fail?.instance && env.PD_VERSION === this.fail?.version
        ? { ...result, exitCode: 1 }
        : result
    }
  }
  test('updated, failed and put back, stopped half-way, status', async () => {
    const file = path.join(dir(), 'state.json')
    const router = new FleetRouter(['web-1', 'web-2', 'web-3', 'web-4'])
    const runner = new FailingDeploy()
    const run = async (command: string, inputs: Record<string, string>) => {
      const ctx = fakeContext(
        testSettings(command, {
          strategy: 'rolling',
          instances: ['web-1', 'web-2', 'web-3', 'web-4']
            .map((n, i) => `${n}=10.0.0.${i + 1}:80`)
            .join('\n'),
          'max-unavailable': '1',
          'min-ready': '1s',
          ...inputs
        }),
        file,
        { router, runner }
      )
      await execute(ctx)
      return ctx.report.outputs as Outputs
    }
    expect(await run('rolling', { version: 'v1' })).toMatchObject({
      result: 'success',
      version: 'v1',
      fleet: '4 × v1'
    })
    expect(await run('rolling', { version: 'v2' })).toMatchObject({
      result: 'success',
      version: 'v2',
      'previous-version': 'v1',
      fleet: '4 × v2'
    })
    // web-2's deploy of v3 fails: web-1 and web-2 go back to v2, and v2 is what runs.
    runner.fail = { instance: 'web-2', version: 'v3' }
    expect(await run('rolling', { version: 'v3' })).toMatchObject({
      result: 'failure',
      version: 'v2',
      'previous-version': 'v2',
      fleet: '4 × v2'
    })
    runner.fail = undefined
    // Stopped after one batch: the fleet runs two versions, so no single one is named.
    expect(await run('rolling', { version: 'v4', 'max-batches': '1' })).toMatchObject({
      result: 'success',
      version: '',
      'previous-version': 'v2',
      fleet: '1 × v4, 3 × v2'
    })
    expect(await run('status', { version: 'v4' })).toMatchObject({
      version: '',
      fleet: '1 × v4, 3 × v2'
    })
  })
})
