import { Confirmation } from '../../src/routers/confirmation.js'
import { Argv, Settings } from '../../src/config/settings.js'
import { ParseEnvironment, parseSettings } from '../../src/config/parse-settings.js'
import { CommandContext } from '../../src/commands/context.js'
import { Outcome } from '../../src/report/outcome.js'
import { outputsOf } from '../../src/report/outcome-outputs.js'
import { Clock } from '../../src/platform/clock.js'
import { CommandResult, CommandRunner, RunOptions } from '../../src/platform/command-runner.js'
import { hostFiles } from '../../src/platform/host-files.js'
import { HttpClient, HttpResponse } from '../../src/platform/http-client.js'
import { MemoryLogger } from '../../src/platform/logger.js'
import { createProviders } from '../../src/metrics/factory.js'
import { noCommitStatuses } from '../../src/state/commit-status.js'
import { Report } from '../../src/report/report.js'
import { TrafficRouter, Weights } from '../../src/routers/traffic-router.js'
import { FileStateStore } from '../../src/state/file-store.js'

/**
 * A clock in virtual time: a sleep passes without waiting, and time jumps to the earliest
 * pending wake-up once the work already scheduled has run. Concurrent sleeps (a deploy and the
 * lease check beside it) so move time as they would for real: by the longest, not the sum.
 */
export class FakeClock implements Clock {
  t = 0
  private readonly timers: { at: number; wake: () => void }[] = []
  private scheduled = false
  now(): number {
    return this.t
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise(resolve => {
      if (signal?.aborted) return resolve()
      const timer = { at: this.t + ms, wake: resolve }
      this.timers.push(timer)
      signal?.addEventListener(
        'abort',
        () => {
          const at = this.timers.indexOf(timer)
          if (at !== -1) this.timers.splice(at, 1)
          resolve()
        },
        { once: true }
      )
      this.schedule()
    })
  }
  isoNow(): string {
    return new Date(Date.UTC(2026, 10, 27, 12, 0, 0) + this.t).toISOString()
  }
  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.timers.sort((a, b) => a.at - b.at)
      const next = this.timers.shift()
      if (!next) return
      this.t = Math.max(this.t, next.at)
      next.wake()
      if (this.timers.length > 0) this.schedule()
    })
  }
}

/** Holds weights in memory and records every change. */
export class FakeRouter implements TrafficRouter {
  readonly type = 'fake'
  readonly timing = 'at-once'
  readonly changes: Weights[] = []
  confirm: boolean | undefined = true
  constructor(public weights: Weights = { blue: 100, green: 0 }) {}
  async getWeights(): Promise<Weights> {
    return this.weights
  }
  async setWeights(weights: Weights): Promise<void> {
    this.changes.push(weights)
    this.weights = weights
  }
  async drain(): Promise<void> {}
  async enable(): Promise<void> {}
  async inFlight(): Promise<number | undefined> {
    return undefined
  }
  async verify(): Promise<Confirmation> {
    const detail =
      this.confirm === true
        ? 'fake: confirmed'
        : this.confirm === false
          ? 'fake: contradicted'
          : 'fake: unknown'
    return { held: this.confirm, detail }
  }
}

/** A load balancer over the fleet that records every drain and enable, in order. */
export class FleetRouter implements TrafficRouter {
  readonly type = 'fleet-fake'
  readonly timing = 'at-once'
  readonly ops: string[] = []
  readonly weights: Record<string, number>
  constructor(names: string[]) {
    this.weights = Object.fromEntries(names.map(n => [n, 25]))
  }
  async getWeights(): Promise<Weights> {
    return { ...this.weights }
  }
  async setWeights(): Promise<void> {
    throw new Error('rolling never sets a split')
  }
  async drain(targets: readonly string[]): Promise<void> {
    for (const target of targets) {
      this.ops.push(`drain ${target}`)
      this.weights[target] = 0
    }
  }
  async enable(targets: readonly string[]): Promise<void> {
    for (const target of targets) {
      this.ops.push(`enable ${target}`)
      this.weights[target] = 25
    }
  }
  async inFlight(): Promise<number | undefined> {
    return 0
  }
  async verify(): Promise<Confirmation> {
    return { held: true, detail: 'fake fleet: held' }
  }
}

/** Answers commands from a table of exit codes by program name; records every call. */
export class FakeRunner implements CommandRunner {
  readonly calls: { argv: Argv; env?: Record<string, string> }[] = []
  constructor(private readonly exitCodes: Record<string, number> = {}) {}
  async run(argv: Argv, options: RunOptions = {}): Promise<CommandResult> {
    this.calls.push({ argv, env: options.env })
    return { exitCode: this.exitCodes[argv[0]] ?? 0, stdout: '', stderr: '' }
  }
}

/** Answers every URL with a status decided per URL prefix. */
export class FakeHttp implements HttpClient {
  constructor(public statusFor: (url: string) => number = () => 200) {}
  async get(url: string): Promise<HttpResponse> {
    return { status: this.statusFor(url), headers: {}, body: 'ok' }
  }
  async post(url: string): Promise<HttpResponse> {
    return { status: this.statusFor(url), headers: {}, body: '{}' }
  }
}

export const BASE_INPUTS: Record<string, string> = {
  'blue-address': '127.0.0.1:9001',
  'green-address': '127.0.0.1:9002',
  'nginx-upstream-file': '/etc/nginx/upstream.conf',
  'deploy-command': '["./deploy.sh"]',
  version: 'v2',
  'health-interval': '100ms',
  'health-deadline': '1s'
}

/** A machine where every file exists and no GitHub variable is set (unless given). */
export function testMachine(
  env: NodeJS.ProcessEnv = {},
  fileExists: (path: string) => boolean = () => true
): ParseEnvironment {
  return {
    fileExists,
    env,
    readFile: () => undefined,
    cwd: () => '/work/repo',
    realPath: path => path
  }
}

export function testSettings(command: string, inputs: Record<string, string> = {}): Settings {
  const all = { ...BASE_INPUTS, ...inputs }
  return parseSettings(name => all[name], command, testMachine())
}

/** A command context over fakes and a real file store in `stateFile`. */
export function fakeContext(
  settings: Settings,
  stateFile: string,
  parts: Partial<CommandContext> = {}
): CommandContext & { log: MemoryLogger } {
  const clock = parts.clock ?? new FakeClock()
  const log = new MemoryLogger()
  const http = parts.http ?? new FakeHttp()
  const runner = parts.runner ?? new FakeRunner()
  return {
    settings,
    router: new FakeRouter(),
    store: new FileStateStore(stateFile, clock),
    runner,
    http,
    clock,
    report: new Report(settings.command, clock, log),
    statuses: noCommitStatuses,
    providers: createProviders({
      http,
      clock,
      runner,
      prometheusUrl: settings.canary.prometheusUrl,
      probeUrl: settings.router.probeUrl,
      files: hostFiles([], runner),
      nginxAccessLog: settings.canary.nginxAccessLog
    }),
    actor: 'tester',
    runId: '1',
    runUrl: 'https://github.com/o/r/actions/runs/1',
    process: '',
    ...parts,
    log
  }
}

/** Runs a command as run.ts does: its outcome becomes the report's result, headline and outputs. */
export async function concluded(
  command: (ctx: CommandContext) => Promise<Outcome>,
  ctx: CommandContext
): Promise<Outcome> {
  const outcome = await command(ctx)
  ctx.report.conclude(outcome.result, outcome.headline, outputsOf(outcome, ctx.settings))
  return outcome
}
