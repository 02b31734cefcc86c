import { Instance } from '../config/settings.js'
import { ChangeTiming, Confirmation, confirmWithSample } from './confirmation.js'
import { colorShares, memberWeights } from './pool-weights.js'
import { TrafficProbe } from './traffic-probe.js'
import { soleTarget, toPercentages, TrafficRouter, Weights } from './traffic-router.js'

/**
 * Colors that are pools of instances, on a router that knows instances: every change moves a
 * whole color (all its instances in the one change the router makes), and every read adds the
 * instances back up to colors. The router below confirms its own state; with all traffic on one
 * color, a probe sample that knows every instance of it agrees or contradicts.
 */
export class PooledRouter implements TrafficRouter {
  readonly type: string
  readonly timing: ChangeTiming

  constructor(
    private readonly inner: TrafficRouter,
    private readonly pools: Readonly<Record<string, readonly Instance[]>>,
    private readonly probe: TrafficProbe | undefined,
    /** Largest weight the router takes (HAProxy: 256). */
    private readonly cap = Infinity
  ) {
    this.type = inner.type
    this.timing = inner.timing
  }

  async getWeights(): Promise<Weights> {
    return toPercentages(colorShares(await this.inner.getWeights(), this.pools))
  }

  async setWeights(weights: Weights): Promise<void> {
    await this.probe?.ready()
    await this.inner.setWeights(memberWeights(weights, this.pools, this.cap))
  }

  async drain(colors: readonly string[]): Promise<void> {
    await this.inner.drain(this.membersOf(colors))
  }

  async enable(colors: readonly string[]): Promise<void> {
    await this.inner.enable(this.membersOf(colors))
  }

  /** A color's requests in flight: the sum over its instances, when the router can tell. */
  async inFlight(color: string): Promise<number | undefined> {
    const counts = await Promise.all(this.membersOf([color]).map(m => this.inner.inFlight(m)))
    return counts.some(c => c === undefined)
      ? undefined
      : counts.reduce<number>((sum, c) => sum + (c as number), 0)
  }

  async verify(weights: Weights): Promise<Confirmation> {
    const members = toPercentages(memberWeights(weights, this.pools, this.cap))
    const state = await this.inner.verify(members)
    const sole = soleTarget(weights)
    if (state.held === false || sole === undefined || !this.probe) return state
    const count = this.pools[sole]?.length ?? 0
    return confirmWithSample(
      `${state.detail} (${count} instances of ${sole})`,
      await this.probe.sample(sole, this.timing)
    )
  }

  private membersOf(colors: readonly string[]): string[] {
    return colors.flatMap(color => (this.pools[color] ?? []).map(m => m.name))
  }
}
