import { ChangeTiming, Confirmation } from './confirmation.js'

/** Share of traffic per target (a color, later an instance), in percent; they sum to 100. */
export type Weights = Readonly<Record<string, number>>

/** Moves traffic. One file per backend, registered in routers/factory.ts. */
export interface TrafficRouter {
  readonly type: string
  /** How a change reaches new connections, for the probe's sample (see ChangeTiming). */
  readonly timing: ChangeTiming
  /** The split as the backend holds it now. */
  getWeights(): Promise<Weights>
  /**
   * Applies a split; when it fails, the old split is left in place and the error says why.
   * `canary` names the canary of a canary step: routers that keep users sticky or let matched
   * requests in (nginx-mode lua) route those by it; without it, every request follows the split.
   */
  setWeights(weights: Weights, canary?: string): Promise<void>
  /** Takes targets out of rotation / puts them back, as one change (a rolling batch). */
  drain(targets: readonly string[]): Promise<void>
  enable(targets: readonly string[]): Promise<void>
  /** Requests a target is still serving (a drained instance finishing its work); undefined where the backend cannot tell. */
  inFlight(target: string): Promise<number | undefined>
  /** Shows whether the router holds the split and routes new requests by it (see Confirmation). */
  verify(weights: Weights): Promise<Confirmation>
}

/** The one target that takes all traffic, or undefined for a split or an empty table. */
export function soleTarget(weights: Weights): string | undefined {
  const serving = Object.entries(weights).filter(([, weight]) => weight > 0)
  return serving.length === 1 ? serving[0][0] : undefined
}

/** Turns any non-negative weights into percentages that sum to 100. */
export function toPercentages(raw: Readonly<Record<string, number>>): Weights {
  const total = Object.values(raw).reduce((sum, w) => sum + w, 0)
  const result: Record<string, number> = {}
  for (const [name, weight] of Object.entries(raw))
    result[name] = total === 0 ? 0 : (weight * 100) / total
  return result
}

/** "95% blue / 5% green": a split as messages say it. */
export function describeSplit(weights: Weights): string {
  return Object.entries(weights)
    .map(([t, w]) => `${Math.round(w)}% ${t}`)
    .join(' / ')
}
