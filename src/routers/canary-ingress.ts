import { Color, COLORS } from '../config/settings.js'
import { KubeObject } from '../platform/kube-api.js'

export const CANARY = 'nginx.ingress.kubernetes.io/canary'
export const CANARY_WEIGHT = 'nginx.ingress.kubernetes.io/canary-weight'
export const CANARY_WEIGHT_TOTAL = 'nginx.ingress.kubernetes.io/canary-weight-total'
/** ingress-nginx's own "staff first": a header or cookie whose value always / never decides. */
export const CANARY_BY = {
  header: 'nginx.ingress.kubernetes.io/canary-by-header',
  cookie: 'nginx.ingress.kubernetes.io/canary-by-cookie'
} as const

interface IngressBackend {
  service?: { name?: string }
}

/** Every Service an Ingress sends requests to (its default backend and each path's). Pure. */
export function ingressServices(ingress: KubeObject): string[] {
  const spec = (ingress.spec ?? {}) as {
    defaultBackend?: IngressBackend
    rules?: { http?: { paths?: { backend?: IngressBackend }[] } }[]
  }
  const names = [
    spec.defaultBackend?.service?.name,
    ...(spec.rules ?? []).flatMap(rule =>
      (rule.http?.paths ?? []).map(p => p.backend?.service?.name)
    )
  ].filter((n): n is string => typeof n === 'string')
  return [...new Set(names)]
}

/** The one color an Ingress serves, or what is wrong. Pure. */
export function ingressColor(
  ingress: KubeObject,
  services: Record<Color, string>
): { color: Color } | { problem: string } {
  const names = ingressServices(ingress)
  const colors = COLORS.filter(c => names.includes(services[c]))
  const others = names.filter(n => !COLORS.some(c => services[c] === n))
  if (colors.length === 1 && others.length === 0) return { color: colors[0] }
  if (names.length === 0) return { problem: 'sends requests to no Service' }
  return {
    problem: `sends requests to ${names.join(', ')}; it must send them all to one color's Service (${services.blue} or ${services.green})`
  }
}

/** The canary Ingress's share in percent, from canary-weight over canary-weight-total. Pure. */
export function canaryShare(
  ingress: KubeObject
): { percent: number; weight: number; total: number } | string {
  const annotations = ingress.metadata.annotations ?? {}
  if (annotations[CANARY] !== 'true') return `has no ${CANARY}: "true" annotation`
  const total = Number(annotations[CANARY_WEIGHT_TOTAL] ?? '100')
  const weight = Number(annotations[CANARY_WEIGHT] ?? '0')
  if (!Number.isInteger(total) || total <= 0)
    return `has ${CANARY_WEIGHT_TOTAL} ${annotations[CANARY_WEIGHT_TOTAL]}, not a positive whole number`
  if (!Number.isInteger(weight) || weight < 0 || weight > total)
    return `has ${CANARY_WEIGHT} ${annotations[CANARY_WEIGHT]}, not a whole number from 0 to ${total}`
  return { percent: (weight * 100) / total, weight, total }
}
