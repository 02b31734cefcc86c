import { Argv, RouterSettings } from '../config/settings.js'
import { BackendError, ConfigurationError } from '../errors.js'
import { CommandRunner } from '../platform/command-runner.js'
import { HostFiles, prefixed } from '../platform/host-files.js'
import { Logger } from '../platform/logger.js'
import { parseUpstream, renderUpstream, UpstreamTarget } from './nginx-upstream.js'
import { TrafficProbe } from './traffic-probe.js'
import { soleTarget, toPercentages, TrafficRouter, Weights } from './traffic-router.js'

/**
 * nginx has no runtime API in its open-source build, so every change is: write the upstream
 * include atomically, `nginx -t` the whole config, graceful reload. Any failure puts the previous
 * file back, so the running nginx (which never loaded the new file) and the file agree again.
 */
export class NginxRouter implements TrafficRouter {
  readonly type = 'nginx'
  /** The split before the last change: how hard a switch must be confirmed depends on it. */
  private before: Weights = {}

  constructor(
    private readonly settings: RouterSettings,
    private readonly targets: readonly UpstreamTarget[],
    private readonly files: HostFiles,
    private readonly runner: CommandRunner,
    private readonly probe: TrafficProbe | undefined,
    private readonly log: Logger
  ) {}

  async getWeights(): Promise<Weights> {
    const text = await this.files.read(this.settings.upstreamFile)
    if (text === undefined) {
      throw ConfigurationError.single(
        'nginx-upstream-file',
        `${this.settings.upstreamFile} does not exist. Create it with an upstream block for the live color and include it from your nginx config.`
      )
    }
    const parsed = parseUpstream(text, this.settings.upstreamName, this.targets)
    if (!parsed.found) {
      throw ConfigurationError.single(
        'nginx-upstream-name',
        `${this.settings.upstreamFile} has no "upstream ${this.settings.upstreamName} { ... }" block; set nginx-upstream-name to the upstream it defines.`
      )
    }
    if (parsed.unknown.length > 0) {
      this.log.warn(
        `${this.settings.upstreamFile} lists ${parsed.unknown.join(', ')}, which matches none of ${this.targets.map(t => t.name).join(', ')}; it is dropped at the next change.`
      )
    }
    return toPercentages(parsed.weights)
  }

  async setWeights(weights: Weights): Promise<void> {
    this.assertServable(weights)
    const file = this.settings.upstreamFile
    const previous = await this.files.read(file)
    if (previous === undefined) {
      throw ConfigurationError.single(
        'nginx-upstream-file',
        `${file} does not exist; nothing was changed.`
      )
    }
    this.before = toPercentages(
      parseUpstream(previous, this.settings.upstreamName, this.targets).weights
    )
    await this.files.writeAtomic(
      file,
      renderUpstream(this.settings.upstreamName, this.targets, weights)
    )
    try {
      await this.nginx(['-t'], 'nginx -t rejected the new configuration')
      await this.nginx(['-s', 'reload'], 'nginx reload failed')
    } catch (error) {
      await this.files.writeAtomic(file, previous)
      throw new BackendError(
        `${(error as Error).message}\n${file} was restored; traffic stays where it was.`
      )
    }
  }

  /** One file change and one reload for the whole batch. */
  async drain(targets: readonly string[]): Promise<void> {
    const weights = { ...(await this.getWeights()) }
    for (const target of targets) weights[target] = 0
    await this.setWeights(weights)
  }

  /** Back in rotation with the same weight as its peers (a fleet shares traffic evenly). */
  async enable(targets: readonly string[]): Promise<void> {
    const weights = { ...(await this.getWeights()) }
    const share = Math.max(0, ...Object.values(weights)) || 100
    for (const target of targets) if ((weights[target] ?? 0) === 0) weights[target] = share
    await this.setWeights(toPercentages(weights))
  }

  /** Open-source nginx does not report requests per upstream server. */
  async inFlight(): Promise<number | undefined> {
    return undefined
  }

  /** All traffic on one target: confirmed by real requests. A split: nginx holds the file it loaded. */
  async verify(weights: Weights): Promise<boolean | undefined> {
    const sole = soleTarget(weights)
    if (sole !== undefined)
      return this.probe ? this.probe.confirmSole(sole, (this.before[sole] ?? 0) / 100) : undefined
    const held = await this.getWeights()
    return Object.entries(weights).every(([target, w]) => Math.abs((held[target] ?? 0) - w) <= 0.5)
  }

  private assertServable(weights: Weights): void {
    for (const [name, weight] of Object.entries(weights)) {
      if (!this.targets.some(t => t.name === name))
        throw new Error(`bug: weight for unknown target ${name}`)
      if (!(weight >= 0 && weight <= 100))
        throw new Error(`bug: weight ${weight} for ${name} is outside 0..100`)
    }
    if (!Object.values(weights).some(w => w > 0)) {
      throw new BackendError(
        'refusing a split that leaves no server taking traffic; nothing was changed.'
      )
    }
  }

  private async nginx(args: string[], what: string): Promise<void> {
    const argv = prefixed(this.settings.commandPrefix, [
      this.settings.binary,
      ...this.locationArgs(),
      ...args
    ])
    const result = await this.runner.run(argv)
    if (result.exitCode !== 0) {
      const said = (result.stderr + result.stdout).trim()
      throw new BackendError(`${what} (exit ${result.exitCode}):\n${said}`)
    }
  }

  private locationArgs(): Argv {
    const args: string[] = []
    if (this.settings.configFile !== '') args.push('-c', this.settings.configFile)
    if (this.settings.prefixDir !== '') args.push('-p', this.settings.prefixDir)
    return args
  }
}
