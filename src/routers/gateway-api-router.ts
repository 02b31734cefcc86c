import { COLORS, KubernetesSettings } from '../config/settings.js'
import { BackendError } from '../errors.js'
import { Clock } from '../platform/clock.js'
import { KubeApi, KubeObject, KubeRef } from '../platform/kube-api.js'
import { Logger } from '../platform/logger.js'
import { ChangeTiming, Confirmation, confirmWithSample } from './confirmation.js'
import { ColorRule, findColorRule, routeAcceptance, ruleWeights } from './http-route.js'
import {
  annotationOps,
  guardedPatch,
  PatchOp,
  warnIfChangedElsewhere,
  wholeSplit
} from './kubernetes-objects.js'
import { TrafficProbe } from './traffic-probe.js'
import {
  describeSplit,
  soleTarget,
  toPercentages,
  TrafficRouter,
  Weights
} from './traffic-router.js'

/** How often the route's status is read while its controller catches up. */
const STATUS_POLL_MS = 250

/**
 * Canary and blue/green by an HTTPRoute rule with two backendRefs (each color's Service): a
 * change is one JSON patch of the two weights, guarded by `test` ops on the names and weights it
 * read, so the route's other rules and fields stay as they are and a concurrent change fails it.
 */
export class GatewayApiRouter implements TrafficRouter {
  readonly type = 'gateway-api'
  /** The Gateway's controller carries a change out after the API accepted it. */
  readonly timing: ChangeTiming = 'settling'
  private readonly ref: KubeRef

  constructor(
    private readonly api: KubeApi,
    private readonly k8s: KubernetesSettings,
    private readonly probe: TrafficProbe | undefined,
    private readonly clock: Clock,
    private readonly confirmTimeoutMs: number,
    private readonly log: Logger
  ) {
    this.ref = {
      group: 'gateway.networking.k8s.io',
      version: 'v1',
      resource: 'httproutes',
      namespace: k8s.namespace,
      name: k8s.route
    }
  }

  async getWeights(): Promise<Weights> {
    const route = await this.api.get(this.ref)
    const weights = toPercentages(ruleWeights(route, this.rule(route)))
    warnIfChangedElsewhere(route, weights, `HTTPRoute ${this.k8s.route}`, this.log)
    return weights
  }

  async setWeights(weights: Weights): Promise<void> {
    const split = wholeSplit(weights, COLORS)
    await this.probe?.ready()
    const route = await this.api.get(this.ref)
    const rule = this.rule(route)
    const before = ruleWeights(route, rule)
    const refs = (route.spec?.rules as { backendRefs: { weight?: number }[] }[])[rule.index]
      .backendRefs
    const ops: PatchOp[] = COLORS.flatMap(color => {
      const at = `/spec/rules/${rule.index}/backendRefs/${rule.refs[color]}`
      const guard: PatchOp[] = [{ op: 'test', path: `${at}/name`, value: this.k8s.names[color] }]
      if (refs[rule.refs[color]].weight !== undefined)
        guard.push({ op: 'test', path: `${at}/weight`, value: before[color] })
      return [...guard, { op: 'add', path: `${at}/weight`, value: split[color] }]
    })
    await guardedPatch(this.api, this.ref, [...ops, ...annotationOps(route, split)], async () => {
      const now = await this.api.get(this.ref).catch(() => undefined)
      const rule = now && findColorRule(now, this.k8s.names, this.k8s.routeRule)
      const holds =
        now && typeof rule === 'object'
          ? `now holds ${describeSplit(toPercentages(ruleWeights(now, rule)))}`
          : 'no longer has the rule'
      return `HTTPRoute ${this.k8s.route} changed while this run set its weights (read with ${describeSplit(toPercentages(before))}; it ${holds}): nothing was overwritten. Something else changes this route: run status, then try again.`
    })
  }

  async drain(): Promise<void> {
    throw new BackendError(
      "an HTTPRoute moves traffic between the colors' Services; it has no instances to drain."
    )
  }

  async enable(): Promise<void> {
    throw new BackendError(
      "an HTTPRoute moves traffic between the colors' Services; it has no instances to enable."
    )
  }

  async inFlight(): Promise<number | undefined> {
    return undefined
  }

  /**
   * The weights read back, then the route's status: where a Gateway controller writes it, wait
   * (within confirm-timeout) until it has accepted the new generation; a rejection contradicts.
   */
  async verify(weights: Weights): Promise<Confirmation> {
    const deadline = this.clock.now() + this.confirmTimeoutMs
    for (;;) {
      const route = await this.api.get(this.ref)
      const held = toPercentages(ruleWeights(route, this.rule(route)))
      const off = COLORS.some(c => Math.abs((held[c] ?? 0) - (weights[c] ?? 0)) > 0.5)
      if (off)
        return {
          held: false,
          detail: `HTTPRoute ${this.k8s.route} holds ${describeSplit(held)} instead of ${describeSplit(weights)}`
        }
      const acceptance = routeAcceptance(route)
      const says = `HTTPRoute ${this.k8s.route} holds ${describeSplit(held)} (read back); ${acceptance.detail}`
      if (acceptance.state === 'rejected') return { held: false, detail: says }
      if (acceptance.state === 'pending') {
        if (this.clock.now() >= deadline)
          return { held: undefined, detail: `${says} within confirm-timeout` }
        await this.clock.sleep(STATUS_POLL_MS)
        continue
      }
      const sole = soleTarget(weights)
      return sole !== undefined && this.probe
        ? confirmWithSample(says, await this.probe.sample(sole, this.timing))
        : { held: true, detail: says }
    }
  }

  private rule(route: KubeObject): ColorRule {
    const rule = findColorRule(route, this.k8s.names, this.k8s.routeRule)
    if (typeof rule === 'string')
      throw new BackendError(
        `HTTPRoute ${this.k8s.route} in namespace ${this.k8s.namespace}: ${rule} (see the README's Kubernetes section).`
      )
    return rule
  }
}
