import { BackendError } from '../errors.js'
import { Logger } from '../platform/logger.js'
import { LuaAdmin } from '../platform/nginx-lua-admin.js'
import { ChangeTiming, Confirmation, confirmWithSample } from './confirmation.js'
import {
  CanaryRouting,
  parseSplit,
  renderSplit,
  SplitTarget,
  unusableAddresses
} from './lua-split.js'
import { TrafficProbe } from './traffic-probe.js'
import {
  describeSplit,
  soleTarget,
  toPercentages,
  TrafficRouter,
  Weights
} from './traffic-router.js'

/**
 * nginx with the Lua balancer (nginx-mode: lua): a change is one request to the admin endpoint,
 * which every worker reads from one shared dictionary. No reload, so no reset connection and no
 * old worker answering after the change; the endpoint's read-back is what the balancer uses.
 */
export class NginxLuaRouter implements TrafficRouter {
  readonly type = 'nginx (lua)'
  /** Every worker's balancer reads the shared dictionary on each new request. */
  readonly timing: ChangeTiming = 'at-once'
  constructor(
    private readonly targets: readonly SplitTarget[],
    private readonly admin: LuaAdmin,
    private readonly probe: TrafficProbe | undefined,
    private readonly log: Logger,
    /** sticky and canary-match of the canary settings; used on canary steps. */
    private readonly keys: Omit<CanaryRouting, 'canary'> = {}
  ) {}

  async getWeights(): Promise<Weights> {
    const { weights, unknown } = parseSplit(await this.admin.read(), this.targets)
    if (unknown.length > 0)
      this.log.warn(
        `nginx's Lua split also sends traffic to ${unknown.join(', ')}, which are not in this service's addresses; the next change replaces them.`
      )
    return weights
  }

  async setWeights(weights: Weights, canary?: string): Promise<void> {
    if (!Object.values(weights).some(w => w > 0))
      throw new BackendError(
        'refusing a split that leaves no server taking traffic; nothing was changed.'
      )
    const unusable = unusableAddresses(this.targets)
    if (unusable.length > 0)
      throw new BackendError(
        `nginx-mode lua needs IPv4 host:port addresses (the balancer does not resolve names): ${unusable.join(', ')}; nothing was changed.`
      )
    await this.probe?.ready()
    const split = renderSplit(
      this.targets,
      weights,
      canary !== undefined ? { canary, ...this.keys } : undefined
    )
    const { held, saved } = await this.admin.write(split)
    if (held !== split)
      throw new BackendError(
        `nginx's Lua admin endpoint holds "${held.trim()}" instead of "${split.trim()}"`
      )
    if (saved !== 'yes')
      this.log.warn(
        `nginx holds the new split but could not save it for a restart (${saved || 'no answer'}): make /var/lib/nginx writable by nginx's worker user.`
      )
  }

  async drain(names: readonly string[]): Promise<void> {
    const now = await this.getWeights()
    const next = Object.fromEntries(
      Object.entries(now).map(([name, w]) => [name, names.includes(name) ? 0 : w])
    )
    if (!Object.values(next).some(w => w > 0))
      throw new BackendError(
        `refusing to drain ${names.join(', ')}: no other server would take traffic.`
      )
    await this.setWeights(toPercentages(next))
  }

  async enable(names: readonly string[]): Promise<void> {
    const now = await this.getWeights()
    const serving = Object.entries(now).filter(([name, w]) => w > 0 && !names.includes(name))
    // Back with the share the others have: a fleet of equals stays equal.
    const share =
      serving.length > 0 ? serving.reduce((sum, [, w]) => sum + w, 0) / serving.length : 100
    const next = Object.fromEntries(
      Object.entries(now).map(([name, w]) => [name, names.includes(name) ? share : w])
    )
    await this.setWeights(toPercentages(next))
  }

  async inFlight(): Promise<number | undefined> {
    return undefined
  }

  /** The endpoint's read-back is the balancer's input; with one target, a probe sample agrees. */
  async verify(weights: Weights): Promise<Confirmation> {
    const held = await this.getWeights()
    const off = Object.entries(weights).find(([name, w]) => Math.abs((held[name] ?? 0) - w) > 0.5)
    if (off)
      return {
        held: false,
        detail: `nginx's Lua split holds ${describeSplit(held)} instead of ${describeSplit(weights)}`
      }
    const sole = soleTarget(weights)
    if (sole !== undefined && this.probe)
      return confirmWithSample(
        `nginx (lua) holds 100% ${sole}`,
        await this.probe.sample(sole, this.timing)
      )
    return { held: true, detail: `nginx (lua) holds ${describeSplit(weights)}` }
  }
}
