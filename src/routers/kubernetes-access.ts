import { Settings } from '../config/settings.js'
import { KubeRef } from '../platform/kube-api.js'

/** One permission a command needs: a verb on one object. */
export interface Access {
  verb: 'get' | 'patch'
  ref: KubeRef
}

/**
 * What the command needs from the Role on the Kubernetes objects of these settings: the traffic
 * object always, the Deployments only where the command deploys (a rollback, an abort or a
 * switch must not be refused for a right it would not use). Pure.
 */
export function requiredAccess(settings: Settings): Access[] {
  const k8s = settings.kubernetes
  if (!k8s) return []
  const at = (group: string, resource: string, name: string): KubeRef => ({
    group,
    version: 'v1',
    resource,
    namespace: k8s.namespace,
    name
  })
  const both = (ref: KubeRef): Access[] => [
    { verb: 'get', ref },
    { verb: 'patch', ref }
  ]
  const traffic: Access[] =
    settings.router.type === 'kubernetes-service'
      ? both(at('', 'services', k8s.service))
      : settings.router.type === 'gateway-api'
        ? both(at('gateway.networking.k8s.io', 'httproutes', k8s.route))
        : settings.router.type === 'ingress-nginx'
          ? [
              { verb: 'get', ref: at('networking.k8s.io', 'ingresses', k8s.ingress) },
              ...both(at('networking.k8s.io', 'ingresses', k8s.canaryIngress))
            ]
          : []
  // plan checks what a release would need.
  const deploys = ['release', 'deploy-green', 'plan'].includes(settings.command)
  const image =
    k8s.image && deploys
      ? [k8s.names.blue, k8s.names.green].flatMap(name => both(at('apps', 'deployments', name)))
      : []
  return [...traffic, ...image]
}

/** "patch services "recs"": one missing permission as the message says it. */
export function describeAccess(access: Access): string {
  const group = access.ref.group === '' ? 'core API group' : `API group ${access.ref.group}`
  return `${access.verb} ${access.ref.resource} "${access.ref.name}" (${group})`
}
