import { BackendError } from '../errors.js'
import { Logger } from '../platform/logger.js'
import { ChangeTiming, Confirmation } from './confirmation.js'
import { TrafficRouter, Weights } from './traffic-router.js'

export interface NamedRouter {
  name: string
  router: TrafficRouter
}

/**
 * Several load balancers in front of the same colors, as one router. A change goes to each in
 * turn; when one fails, the ones already changed get their split back, so they never stay half
 * changed without saying so, and the error names every load balancer and where its traffic is.
 * A confirmation holds only when it holds on each.
 */
export class MultiRouter implements TrafficRouter {
  readonly type: string
  /** At once only when every load balancer changes at once. */
  readonly timing: ChangeTiming

  constructor(
    private readonly routers: readonly NamedRouter[],
    private readonly log: Logger
  ) {
    this.type = routers.map(r => r.router.type).join('+')
    this.timing = routers.every(r => r.router.timing === 'at-once') ? 'at-once' : 'settling'
  }

  /** The first load balancer's split; a warning names every one when they disagree. */
  async getWeights(): Promise<Weights> {
    const all = await Promise.all(this.routers.map(r => r.router.getWeights()))
    if (all.some(w => !same(w, all[0])))
      this.log.warn(
        `the load balancers disagree: ${this.routers.map((r, i) => `${r.name} ${describe(all[i])}`).join('; ')}`
      )
    return all[0]
  }

  async setWeights(weights: Weights, canary?: string): Promise<void> {
    await this.everywhere(
      r => r.setWeights(weights, canary),
      (r, before) => r.setWeights(before),
      `set ${describe(weights)}`
    )
  }

  async drain(targets: readonly string[]): Promise<void> {
    await this.everywhere(
      r => r.drain(targets),
      (r, before) => r.setWeights(before),
      `drain ${targets.join(', ')}`
    )
  }

  async enable(targets: readonly string[]): Promise<void> {
    await this.everywhere(
      r => r.enable(targets),
      (r, before) => r.setWeights(before),
      `enable ${targets.join(', ')}`
    )
  }

  /** Requests in flight summed over the load balancers, when every one can tell. */
  async inFlight(target: string): Promise<number | undefined> {
    const counts = await Promise.all(this.routers.map(r => r.router.inFlight(target)))
    return counts.some(c => c === undefined)
      ? undefined
      : counts.reduce<number>((sum, c) => sum + (c as number), 0)
  }

  async verify(weights: Weights): Promise<Confirmation> {
    const each = await Promise.all(this.routers.map(r => r.router.verify(weights)))
    const held = each.some(c => c.held === false)
      ? false
      : each.every(c => c.held === true)
        ? true
        : undefined
    return {
      held,
      detail: this.routers.map((r, i) => `${r.name}: ${each[i].detail}`).join('; ')
    }
  }

  /**
   * Applies `change` to each load balancer in turn. On the first failure the ones already
   * changed are put back to what they held before, and the error says, per load balancer, what
   * failed and where its traffic is now.
   */
  private async everywhere(
    change: (r: TrafficRouter) => Promise<void>,
    undo: (r: TrafficRouter, before: Weights) => Promise<void>,
    what: string
  ): Promise<void> {
    const before = await Promise.all(this.routers.map(r => r.router.getWeights()))
    for (let i = 0; i < this.routers.length; i++) {
      try {
        await change(this.routers[i].router)
      } catch (error) {
        const lines = [`${this.routers[i].name}: ${(error as Error).message}`]
        for (let j = i - 1; j >= 0; j--) {
          const { name, router } = this.routers[j]
          try {
            await undo(router, before[j])
            // "Put back" only once the load balancer shows it (an nginx reload takes effect when
            // the workers of the change are gone).
            const shown = await router.verify(before[j])
            lines.push(
              `${name}: put back to ${describe(before[j])}${shown.held === true ? '' : shown.held === false ? `, yet not shown: ${shown.detail}` : ` (not confirmed: ${shown.detail})`}`
            )
          } catch (undoError) {
            lines.push(
              `${name}: COULD NOT be put back to ${describe(before[j])} (${(undoError as Error).message}); it may hold the new split`
            )
          }
        }
        for (let j = i + 1; j < this.routers.length; j++)
          lines.push(`${this.routers[j].name}: not changed (${describe(before[j])})`)
        throw new BackendError(`could not ${what} on every load balancer:\n${lines.join('\n')}`)
      }
    }
  }
}

function same(a: Weights, b: Weights): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].every(k => Math.abs((a[k] ?? 0) - (b[k] ?? 0)) <= 0.5)
}

function describe(weights: Weights): string {
  return Object.entries(weights)
    .map(([t, w]) => `${Math.round(w)}% ${t}`)
    .join(' / ')
}
