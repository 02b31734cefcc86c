import { Argv, RouterSettings } from '../config/settings.js'
import { BackendError, ConfigurationError } from '../errors.js'
import { CommandRunner } from '../platform/command-runner.js'
import { HostFiles, prefixed } from '../platform/host-files.js'
import { Logger } from '../platform/logger.js'
import { Clock } from '../platform/clock.js'
import { ChangeTiming, Confirmation, confirmWithSample } from './confirmation.js'
import { parseUpstream, UpstreamTarget } from './nginx-upstream.js'
import { rewriteUpstream } from './nginx-upstream-edit.js'
import { acceptingWorkers, loadedAtMs, pidFileOf, WorkerRead } from './nginx-workers.js'
import { TrafficProbe } from './traffic-probe.js'
import { soleTarget, toPercentages, TrafficRouter, Weights } from './traffic-router.js'

/**
 * nginx has no runtime API in its open-source build, so every change is: write the upstream
 * include atomically, `nginx -t` the whole config, graceful reload. Any failure puts the previous
 * file back, so the running nginx (which never loaded the new file) and the file agree again.
 * A change is shown by nginx itself: after the reload, only workers started by it accept
 * connections (see nginx-workers.ts); a probe sample then agrees or contradicts.
 */
export class NginxRouter implements TrafficRouter {
  readonly type = 'nginx'
  /** After a reload, old workers keep answering for a while. */
  readonly timing: ChangeTiming = 'settling'
  /** The split before the last change: how hard a switch must be confirmed depends on it. */
  private before: Weights = {}
  /** Where nginx keeps its pid file; found at the first change (null: it cannot be told). */
  private pidFile: string | null | undefined
  /** The workers that accepted connections before the last reload, until verify() sees them go. */
  private workersBefore: WorkerRead | undefined

  constructor(
    private readonly settings: RouterSettings,
    private readonly targets: readonly UpstreamTarget[],
    private readonly files: HostFiles,
    private readonly runner: CommandRunner,
    private readonly probe: TrafficProbe | undefined,
    private readonly clock: Clock,
    /** How long a reload may take to show in nginx's workers. */
    private readonly reloadTimeoutMs: number,
    private readonly log: Logger
  ) {}

  async getWeights(): Promise<Weights> {
    const fromFile = await this.fileWeights()
    return (await this.servedUnlikeFile(fromFile)) ?? fromFile
  }

  /** The split the include file holds (what nginx runs once it has loaded the file). */
  private async fileWeights(): Promise<Weights> {
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

  /**
   * The file is what nginx runs only if nginx loaded it after it was written. A change cut short
   * (a link that dropped before the reload) leaves a file nginx never loaded: then what answers
   * is the truth, by a probe sample; without a probe the split cannot be told, and that is said.
   * undefined: the file is what runs (or nothing shows otherwise).
   */
  private async servedUnlikeFile(fromFile: Weights): Promise<Weights | undefined> {
    const file = this.settings.upstreamFile
    const pidFile = await this.knownPidFile()
    if (!pidFile) return undefined
    const workers = await acceptingWorkers(this.files, pidFile)
    if ('unreadable' in workers) return undefined
    const [loaded, written] = await Promise.all([
      loadedAtMs(this.files, workers.pids),
      this.files.modifiedMs(file).catch(() => undefined)
    ])
    // The kernel gives the boot time in whole seconds, so `loaded` may be early by up to 1 s:
    // only a file written more than that after it counts (a change cut within a second of the
    // previous reload is not seen here).
    if (loaded === undefined || written === undefined || written <= loaded + 1000) return undefined
    const when = `${file} was changed ${Math.round((written - loaded) / 1000)} s after nginx last loaded it (a change cut short, or an edit by hand)`
    if (!this.probe)
      throw new BackendError(
        `${when}: it says ${describe(fromFile)}, but nginx runs what it loaded before, and without probe-url that cannot be told. Check the file and reload nginx, or set probe-url.`
      )
    const served = toPercentages(await this.probe.spread())
    this.log.warn(
      `${when}: it says ${describe(fromFile)}, but nginx serves ${describe(served)} (probe answers); the next change rewrites and reloads it.`
    )
    return served
  }

  /** The pid file, found once from the tested configuration (and build) of nginx. */
  private async knownPidFile(): Promise<string | null> {
    if (this.pidFile === undefined) {
      const dumped = await this.nginx(['-T'], 'nginx -t rejected the configuration').catch(
        () => undefined
      )
      if (dumped === undefined) return null
      await this.workers(dumped)
    }
    return this.pidFile ?? null
  }

  async setWeights(weights: Weights): Promise<void> {
    this.assertServable(weights)
    await this.probe?.ready()
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
      rewriteUpstream(previous, this.settings.upstreamName, this.targets, weights)
    )
    let reloadSent = false
    try {
      // -T tests like -t and prints the configuration, which names the pid file.
      const dumped = await this.nginx(['-T'], 'nginx -t rejected the new configuration')
      const workersBefore = await this.workers(dumped)
      reloadSent = true
      await this.nginx(['-s', 'reload'], 'nginx reload failed')
      this.workersBefore = workersBefore
    } catch (error) {
      // nginx answered "no" (its own exit code): nothing was reloaded. No answer at all (ssh
      // exits 255 when the link drops) may mean nginx acted on it: reload the restored file too.
      const exitCode = (error as { exitCode?: number }).exitCode
      const unknown = reloadSent && (exitCode === undefined || exitCode === 255)
      throw await this.putBack(file, previous, unknown, (error as Error).message)
    }
  }

  /**
   * After a failed change: the previous file back, and, when a reload was sent (a cut link can
   * lose its answer after nginx acted on it), a reload of that file too. The error says what is
   * true now, including that the change may be half done when putting it back failed.
   */
  private async putBack(
    file: string,
    previous: string,
    mayHaveReloaded: boolean,
    failure: string
  ): Promise<BackendError> {
    try {
      await this.files.writeAtomic(file, previous)
    } catch (error) {
      return new BackendError(
        `${failure}\n${file} could not be put back (${(error as Error).message}): it may hold the new split${mayHaveReloaded ? ', and nginx may already run it' : ', which nginx loads at its next reload'}. Check the load balancer before the next change.`
      )
    }
    if (!mayHaveReloaded)
      return new BackendError(`${failure}\n${file} was restored; traffic stays where it was.`)
    try {
      await this.nginx(['-s', 'reload'], 'nginx reload of the restored file failed')
    } catch (error) {
      return new BackendError(
        `${failure}\n${file} was restored, but nginx could not be reloaded with it (${(error as Error).message}); nginx may hold the new split until its next reload.`
      )
    }
    return new BackendError(
      `${failure}\n${file} was restored and nginx reloaded with it; traffic is where it was.`
    )
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

  /**
   * nginx's workers show the reload took (or did not); the file shows the split; with all traffic
   * on one target, a probe sample agrees or contradicts. Where the workers cannot be read,
   * statistics alone (TrafficProbe.confirmSole).
   */
  async verify(weights: Weights): Promise<Confirmation> {
    const reload = await this.awaitReload()
    if (reload.state === 'old') return { held: false, detail: reload.detail }
    // After a reload nginx was seen to take, the file is what runs: no loaded-since check (it
    // costs several remote commands per confirmation, once per canary window).
    const held = reload.state === 'new' ? await this.fileWeights() : await this.getWeights()
    if (Object.entries(weights).some(([target, w]) => Math.abs((held[target] ?? 0) - w) > 0.5))
      return {
        held: false,
        detail: `${this.settings.upstreamFile} holds ${describe(held)}, not ${describe(weights)}`
      }
    const loaded = reload.state === 'new' ? 'nginx reloaded with' : 'nginx holds'
    const sole = soleTarget(weights)
    if (sole === undefined) return { held: true, detail: `${loaded} ${describe(weights)}` }
    if (this.probe && reload.state === 'unknown') {
      const alone = await this.probe.confirmSole(sole, (this.before[sole] ?? 0) / 100)
      return { ...alone, detail: `${alone.detail} (${reload.detail}: the probe decided alone)` }
    }
    if (this.probe)
      return confirmWithSample(`${loaded} 100% ${sole}`, await this.probe.sample(sole, this.timing))
    if (reload.state === 'new') return { held: true, detail: `${loaded} 100% ${sole}` }
    return {
      held: undefined,
      detail: `set; not confirmed (no probe-url${reload.state === 'unknown' ? `, and ${reload.detail}` : ''})`
    }
  }

  /** Waits until no worker from before the last reload accepts connections. */
  private async awaitReload(): Promise<{
    state: 'new' | 'old' | 'unknown' | 'none'
    detail: string
  }> {
    const before = this.workersBefore
    this.workersBefore = undefined
    if (before === undefined) return { state: 'none', detail: '' }
    if ('unreadable' in before || this.pidFile == null)
      return {
        state: 'unknown',
        detail: `nginx's workers cannot be read (${'unreadable' in before ? before.unreadable : 'no pid file'})`
      }
    const started = this.clock.now()
    let now: WorkerRead = before
    while (this.clock.now() - started < this.reloadTimeoutMs) {
      now = await acceptingWorkers(this.files, this.pidFile)
      if ('unreadable' in now)
        return { state: 'unknown', detail: `nginx's workers cannot be read (${now.unreadable})` }
      if (now.pids.length > 0 && !now.pids.some(pid => before.pids.includes(pid)))
        return { state: 'new', detail: '' }
      await this.clock.sleep(20)
    }
    const old = 'pids' in now ? now.pids.filter(pid => before.pids.includes(pid)) : []
    return {
      state: 'old',
      detail: `nginx workers from before the reload (pid ${old.join(', ')}) still accept connections ${this.reloadTimeoutMs} ms after it; nginx may have rejected the new configuration (see its error log)`
    }
  }

  /** The workers accepting connections now; finds the pid file the first time. */
  private async workers(dumpedConfig: string): Promise<WorkerRead> {
    if (this.pidFile === undefined) {
      // How nginx was built (nginx -V) only matters without an absolute pid directive.
      const fromConfig = pidFileOf(dumpedConfig, '', this.settings.prefixDir)
      const built = fromConfig
        ? ''
        : await this.runner
            .run(prefixed(this.settings.commandPrefix, [this.settings.binary, '-V']))
            .then(r => r.stderr + r.stdout)
            .catch(() => '')
      this.pidFile = fromConfig ?? pidFileOf(dumpedConfig, built, this.settings.prefixDir) ?? null
    }
    if (this.pidFile === null) return { unreadable: 'no pid file found in nginx -T or nginx -V' }
    return acceptingWorkers(this.files, this.pidFile)
  }

  private assertServable(weights: Weights): void {
    for (const [name, weight] of Object.entries(weights)) {
      if (!this.targets.some(t => t.name === name))
        throw new Error(`bug: weight for unknown target ${name}`)
      // Percentages, or whole-number weights of a pool's instances (see pool-weights.ts).
      if (!(weight >= 0 && Number.isFinite(weight)))
        throw new Error(`bug: weight ${weight} for ${name} is not a weight`)
    }
    if (!Object.values(weights).some(w => w > 0)) {
      throw new BackendError(
        'refusing a split that leaves no server taking traffic; nothing was changed.'
      )
    }
  }

  /** Runs nginx with the configured location; its standard output when it succeeds. */
  private async nginx(args: string[], what: string): Promise<string> {
    const argv = prefixed(this.settings.commandPrefix, [
      this.settings.binary,
      ...this.locationArgs(),
      ...args
    ])
    const result = await this.runner.run(argv)
    if (result.exitCode !== 0) {
      const said = (result.stderr + result.stdout).trim()
      throw Object.assign(new BackendError(`${what} (exit ${result.exitCode}):\n${said}`), {
        exitCode: result.exitCode
      })
    }
    return result.stdout
  }

  private locationArgs(): Argv {
    const args: string[] = []
    if (this.settings.configFile !== '') args.push('-c', this.settings.configFile)
    if (this.settings.prefixDir !== '') args.push('-p', this.settings.prefixDir)
    return args
  }
}

function describe(weights: Weights): string {
  return Object.entries(weights)
    .map(([t, w]) => `${Math.round(w)}% ${t}`)
    .join(' / ')
}
