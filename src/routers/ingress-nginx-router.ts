import { Color, COLORS, KubernetesSettings, RequestKey } from '../config/settings.js'
import { BackendError } from '../errors.js'
import { KubeApi, KubeObject, KubeRef } from '../platform/kube-api.js'
import { Logger } from '../platform/logger.js'
import { CANARY_BY, canaryShare, CANARY_WEIGHT, ingressColor } from './canary-ingress.js'
import { ChangeTiming, Confirmation, confirmWithSample } from './confirmation.js'
import {
  annotationOps,
  guardedPatch,
  PatchOp,
  pointer,
  warnIfChangedElsewhere,
  wholeSplit
} from './kubernetes-objects.js'
import { TrafficProbe } from './traffic-probe.js'
import { describeSplit, soleTarget, TrafficRouter, Weights } from './traffic-router.js'

/**
 * Canary with ingress-nginx: the main Ingress sends to one color's Service, the canary Ingress
 * beside it (`canary: "true"`) to the other's, and its canary-weight is the other color's share.
 * A change is one JSON patch of that annotation, guarded by a `test` of the value it read. The
 * main Ingress is only read.
 */
export class IngressNginxRouter implements TrafficRouter {
  readonly type = 'ingress-nginx'
  /** The controller carries a change out after the API accepted it. */
  readonly timing: ChangeTiming = 'settling'
  private readonly main: KubeRef
  private readonly canary: KubeRef

  constructor(
    private readonly api: KubeApi,
    private readonly k8s: KubernetesSettings,
    private readonly probe: TrafficProbe | undefined,
    private readonly log: Logger,
    /** canary-match: set on the canary Ingress during a canary step, cleared otherwise. */
    private readonly match?: RequestKey
  ) {
    const ref = (name: string): KubeRef => ({
      group: 'networking.k8s.io',
      version: 'v1',
      resource: 'ingresses',
      namespace: k8s.namespace,
      name
    })
    this.main = ref(k8s.ingress)
    this.canary = ref(k8s.canaryIngress)
  }

  async getWeights(): Promise<Weights> {
    const { weights, canary } = await this.read()
    warnIfChangedElsewhere(canary, weights, `Ingress ${this.k8s.canaryIngress}`, this.log)
    return weights
  }

  async setWeights(weights: Weights, canary?: string): Promise<void> {
    const split = wholeSplit(weights, COLORS)
    await this.probe?.ready()
    const { canary: ingress, canaryColor, share } = await this.read()
    const weight = (split[canaryColor] * share.total) / 100
    if (!Number.isInteger(weight))
      throw new BackendError(
        `${split[canaryColor]}% is not a whole canary-weight of canary-weight-total ${share.total}; use steps that divide it. Nothing was changed.`
      )
    const path = `/metadata/annotations/${pointer(CANARY_WEIGHT)}`
    const guard: PatchOp[] =
      ingress.metadata.annotations?.[CANARY_WEIGHT] !== undefined
        ? [{ op: 'test', path, value: ingress.metadata.annotations[CANARY_WEIGHT] }]
        : []
    await guardedPatch(
      this.api,
      this.canary,
      [
        ...guard,
        { op: 'add', path, value: String(weight) },
        ...this.matchOps(ingress, canaryColor, canary),
        ...annotationOps(ingress, split)
      ],
      async () =>
        `Ingress ${this.k8s.canaryIngress} changed while this run set its canary-weight (read as ${share.weight}): nothing was overwritten. Something else changes it: run status, then try again.`
    )
  }

  /**
   * canary-match as ingress-nginx's canary-by-header / canary-by-cookie (its values always and
   * never mean what ours do), on during a canary step whose canary the canary Ingress serves.
   */
  private matchOps(ingress: KubeObject, canaryColor: Color, canary: string | undefined): PatchOp[] {
    if (!this.match) return []
    const key = CANARY_BY[this.match.kind]
    const path = `/metadata/annotations/${pointer(key)}`
    const present = ingress.metadata.annotations?.[key] !== undefined
    if (canary !== undefined && canary !== canaryColor)
      this.log.warn(
        `canary-match cannot send requests to ${canary}: Ingress ${this.k8s.canaryIngress} serves ${canaryColor}; the canary step goes on by weight only.`
      )
    if (canary === canaryColor) return [{ op: 'add', path, value: this.match.name }]
    return present ? [{ op: 'remove', path }] : []
  }

  async drain(): Promise<void> {
    throw new BackendError(
      'the canary Ingress moves traffic between two colors; it has no instances to drain.'
    )
  }

  async enable(): Promise<void> {
    throw new BackendError(
      'the canary Ingress moves traffic between two colors; it has no instances to enable.'
    )
  }

  async inFlight(): Promise<number | undefined> {
    return undefined
  }

  /** Both Ingresses read back (ingress-nginx reads the same objects); a probe sample agrees. */
  async verify(weights: Weights): Promise<Confirmation> {
    const { weights: held, canary } = await this.read()
    if (COLORS.some(c => Math.abs((held[c] ?? 0) - (weights[c] ?? 0)) > 0.5))
      return {
        held: false,
        detail: `the Ingresses hold ${describeSplit(held)} instead of ${describeSplit(weights)}`
      }
    // ingress-nginx publishes the address it serves an Ingress on once it has loaded it.
    const published = (
      canary.status?.loadBalancer as { ingress?: { ip?: string; hostname?: string }[] } | undefined
    )?.ingress?.[0]
    const where = published
      ? `; served by ingress-nginx at ${published.ip ?? published.hostname}`
      : ''
    const says = `Ingress ${this.k8s.canaryIngress} holds ${describeSplit(held)} (read back)${where}`
    const sole = soleTarget(weights)
    return sole !== undefined && this.probe
      ? confirmWithSample(says, await this.probe.sample(sole, this.timing))
      : { held: true, detail: says }
  }

  private async read(): Promise<{
    weights: Weights
    canary: KubeObject
    canaryColor: Color
    share: { percent: number; weight: number; total: number }
  }> {
    const [main, canary] = await Promise.all([this.api.get(this.main), this.api.get(this.canary)])
    const mainSide = ingressColor(main, this.k8s.names)
    if ('problem' in mainSide) throw this.problem(this.k8s.ingress, mainSide.problem)
    const canarySide = ingressColor(canary, this.k8s.names)
    if ('problem' in canarySide) throw this.problem(this.k8s.canaryIngress, canarySide.problem)
    const [mainColor, canaryColor] = [mainSide.color, canarySide.color]
    if (canaryColor === mainColor)
      throw this.problem(
        this.k8s.canaryIngress,
        `sends requests to ${this.k8s.names[mainColor]}, as ${this.k8s.ingress} does; point it at the other color's Service (${this.k8s.names[mainColor === 'blue' ? 'green' : 'blue']})`
      )
    const share = canaryShare(canary)
    if (typeof share === 'string') throw this.problem(this.k8s.canaryIngress, share)
    return {
      weights: Object.fromEntries(
        COLORS.map(c => [c, c === canaryColor ? share.percent : 100 - share.percent])
      ),
      canary,
      canaryColor,
      share
    }
  }

  private problem(name: string, what: string): BackendError {
    return new BackendError(
      `Ingress ${name} in namespace ${this.k8s.namespace} ${what} (see the README's Kubernetes section).`
    )
  }
}
