import { Color, COLORS, KubernetesSettings } from '../config/settings.js'
import { BackendError } from '../errors.js'
import { KubeApi, KubeObject, KubeRef } from '../platform/kube-api.js'
import { Logger } from '../platform/logger.js'
import { ChangeTiming, Confirmation, confirmWithSample } from './confirmation.js'
import {
  annotationOps,
  guardedPatch,
  pointer,
  warnIfChangedElsewhere,
  wholeSplit
} from './kubernetes-objects.js'
import { TrafficProbe } from './traffic-probe.js'
import { soleTarget, TrafficRouter, Weights } from './traffic-router.js'

/**
 * Blue/green on Kubernetes by one Service whose selector picks a color (`color: blue`): a switch
 * is one JSON patch that first tests the selector still holds the color it was read with, so a
 * concurrent change fails the switch instead of being overwritten.
 */
export class KubernetesServiceRouter implements TrafficRouter {
  readonly type = 'kubernetes-service'
  /** Endpoints follow a selector change after the API accepted it. */
  readonly timing: ChangeTiming = 'settling'
  private readonly ref: KubeRef

  constructor(
    private readonly api: KubeApi,
    private readonly k8s: KubernetesSettings,
    private readonly probe: TrafficProbe | undefined,
    private readonly log: Logger
  ) {
    this.ref = {
      group: '',
      version: 'v1',
      resource: 'services',
      namespace: k8s.namespace,
      name: k8s.service
    }
  }

  async getWeights(): Promise<Weights> {
    const service = await this.api.get(this.ref)
    const weights = only(this.selected(service))
    warnIfChangedElsewhere(service, weights, `Service ${this.k8s.service}`, this.log)
    return weights
  }

  async setWeights(weights: Weights): Promise<void> {
    const split = wholeSplit(weights, COLORS)
    const target = soleTarget(split) as Color | undefined
    if (target === undefined)
      throw new BackendError(
        `a Service selector sends all traffic to one color; ${Object.entries(split)
          .map(([c, w]) => `${w}% ${c}`)
          .join(' / ')} needs router gateway-api or ingress-nginx. Nothing was changed.`
      )
    await this.probe?.ready()
    const service = await this.api.get(this.ref)
    const current = this.selected(service)
    if (
      current === target &&
      service.metadata.annotations?.['progressive-deploy/live-color'] === target
    )
      return
    const path = `/spec/selector/${pointer(this.k8s.colorLabel)}`
    await guardedPatch(
      this.api,
      this.ref,
      [
        { op: 'test', path, value: current },
        { op: 'replace', path, value: target },
        ...annotationOps(service, only(target))
      ],
      async () => {
        const now = await this.api.get(this.ref).catch(() => undefined)
        const holds = now
          ? `now holds ${this.k8s.colorLabel}=${String(now.spec?.selector && (now.spec.selector as Record<string, string>)[this.k8s.colorLabel])}`
          : 'cannot be read now'
        return `Service ${this.k8s.service} changed while this run switched it (read with ${this.k8s.colorLabel}=${current}; it ${holds}): nothing was overwritten. Something else changes this Service: run status, then switch again.`
      }
    )
  }

  async drain(): Promise<void> {
    throw new BackendError(
      'a Service selector switches colors; it has no instances to drain (rolling is not for Kubernetes routers).'
    )
  }

  async enable(): Promise<void> {
    throw new BackendError('a Service selector switches colors; it has no instances to enable.')
  }

  async inFlight(): Promise<number | undefined> {
    return undefined
  }

  /** The selector read back is what kube-proxy routes by; a probe sample, when set, agrees. */
  async verify(weights: Weights): Promise<Confirmation> {
    const held = only(this.selected(await this.api.get(this.ref)))
    const target = soleTarget(weights)
    if (target === undefined || held[target] !== 100)
      return {
        held: false,
        detail: `Service ${this.k8s.service} selects ${soleTarget(held)} instead of ${target ?? 'a split'}`
      }
    const says = `Service ${this.k8s.service} selects ${this.k8s.colorLabel}=${target} (read back)`
    return this.probe
      ? confirmWithSample(says, await this.probe.sample(target, this.timing))
      : { held: true, detail: says }
  }

  private selected(service: KubeObject): Color {
    const selector = (service.spec?.selector ?? {}) as Record<string, string>
    const value = selector[this.k8s.colorLabel]
    if (value === 'blue' || value === 'green') return value
    throw new BackendError(
      `Service ${this.k8s.service} in namespace ${this.k8s.namespace} has ${value === undefined ? `no ${this.k8s.colorLabel} in its selector` : `selector ${this.k8s.colorLabel}=${value}`}: add ${this.k8s.colorLabel}: blue (or green) to its selector, with the same label on the pods of ${this.k8s.names.blue} and ${this.k8s.names.green} (see the README's Kubernetes section).`
    )
  }
}

function only(color: Color): Weights {
  return { blue: color === 'blue' ? 100 : 0, green: color === 'green' ? 100 : 0 }
}
