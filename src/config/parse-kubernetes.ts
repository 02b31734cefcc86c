import { FieldReader } from './field-reader.js'
import { parseKubeconfig } from './parse-kubeconfig.js'
import {
  Color,
  KUBERNETES_ROUTERS,
  KubernetesRouterType,
  KubernetesSettings,
  RouterSettings,
  Settings
} from './settings.js'
import { quote } from './text-rules.js'

/** A DNS-1035 label: what Kubernetes accepts as a Service, namespace or container name. */
const LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/
/** A DNS-1123 subdomain: Deployment, HTTPRoute and Ingress names. */
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/
/** A label key: an optional DNS prefix and "/", then 1 to 63 letters, digits, - _ . */
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/
/** An image reference with {version} where the version goes: registry/path[:tag][@digest]. */
const IMAGE = /^[a-z0-9][a-z0-9._\-/:]*(\{version\}[a-z0-9._\-/:@]*)?$/i
/** Gateway API allows at most 16 rules per HTTPRoute. */
const MAX_RULE = 15

export function isKubernetesRouter(type: string): type is KubernetesRouterType {
  return (KUBERNETES_ROUTERS as readonly string[]).includes(type)
}

/**
 * The Kubernetes part of the settings, when a Kubernetes router or kubernetes-image is used;
 * undefined otherwise. The kubeconfig is read now, so a bad one stops the run before anything.
 */
export function parseKubernetes(
  r: FieldReader,
  strategy: Settings['strategy'],
  routers: readonly RouterSettings[],
  multipleAddresses: boolean
): KubernetesSettings | undefined {
  const router = routers[0].type
  const onKubernetes = isKubernetesRouter(router)
  const image = r.get('kubernetes-image')
  if (!onKubernetes && image === '') return undefined
  if (routers.length > 1 && routers.some(x => isKubernetesRouter(x.type)))
    r.fail('routers', 'Kubernetes routers are one object each; give one router, not routers.')
  if (onKubernetes && strategy === 'rolling')
    r.fail(
      'strategy',
      `rolling replaces instances behind a load balancer; on Kubernetes a Deployment rolls its own pods. Use blue-green or canary with router ${router}.`
    )
  if (router === 'kubernetes-service' && strategy === 'canary')
    r.fail(
      'router',
      'kubernetes-service switches a Service selector, which cannot split traffic; a canary needs router gateway-api or ingress-nginx.'
    )
  if (onKubernetes && multipleAddresses)
    r.fail(
      'blue-addresses',
      "on Kubernetes each color is one Service: give blue-address and green-address (a URL of each color's Service the runner reaches), not pools."
    )

  const connection = parseKubeconfig(r.get('kubeconfig'), r.get('kubernetes-context'), r.machine)
  if (typeof connection === 'string')
    r.fail(
      r.given('kubernetes-context') && connection.startsWith('context ')
        ? 'kubernetes-context'
        : 'kubeconfig',
      connection
    )
  const namespace =
    r.get('kubernetes-namespace') ||
    (typeof connection === 'string' ? '' : connection.namespace) ||
    'default'
  if (!LABEL.test(namespace))
    r.fail(
      'kubernetes-namespace',
      `${quote(namespace)} is not a namespace name (lowercase letters, digits and -).`
    )

  const app = r.get('kubernetes-app')
  // Names left empty without kubernetes-app: one problem, on kubernetes-app, listing them.
  const unnamed: string[] = []
  const named = (field: string, fallback: string, rule: RegExp): string => {
    const value = r.get(field) || (app !== '' ? `${app}${fallback}` : '')
    if (value === '') unnamed.push(field)
    else if (!rule.test(value))
      r.fail(
        field,
        `${quote(value)} is not a Kubernetes name (lowercase letters, digits and -, at most 63).`
      )
    return value
  }
  if (app !== '' && !LABEL.test(app))
    r.fail(
      'kubernetes-app',
      `${quote(app)} is not a Kubernetes name (lowercase letters, digits and -, at most 63).`
    )
  const names: Record<Color, string> = {
    blue: named('kubernetes-blue-name', '-blue', LABEL),
    green: named('kubernetes-green-name', '-green', LABEL)
  }
  if (names.blue !== '' && names.blue === names.green)
    r.fail(
      'kubernetes-green-name',
      `blue and green are both ${quote(names.blue)}; each color needs its own Deployment and Service.`
    )

  const colorLabel = r.get('kubernetes-color-label')
  if (!LABEL_KEY.test(colorLabel))
    r.fail(
      'kubernetes-color-label',
      `${quote(colorLabel)} is not a label key (e.g. color or app.example.com/color).`
    )
  const ingress =
    router === 'ingress-nginx'
      ? named('kubernetes-ingress', '', SUBDOMAIN)
      : r.get('kubernetes-ingress')
  const canaryDefault = `${ingress || app}-canary`
  const settings: KubernetesSettings = {
    connection:
      typeof connection === 'string' ? { server: '', context: '', insecure: false } : connection,
    namespace,
    names,
    service:
      router === 'kubernetes-service'
        ? named('kubernetes-service', '', LABEL)
        : r.get('kubernetes-service'),
    colorLabel,
    route:
      router === 'gateway-api'
        ? named('kubernetes-route', '', SUBDOMAIN)
        : r.get('kubernetes-route'),
    ingress,
    canaryIngress:
      router === 'ingress-nginx'
        ? r.get('kubernetes-canary-ingress') || canaryDefault
        : r.get('kubernetes-canary-ingress'),
    container: r.get('kubernetes-container'),
    progressDeadlineMs: r.durationMs('progress-deadline')
  }
  if (router === 'ingress-nginx') {
    if (!SUBDOMAIN.test(settings.canaryIngress))
      r.fail(
        'kubernetes-canary-ingress',
        `${quote(settings.canaryIngress)} is not a Kubernetes name.`
      )
    else if (settings.canaryIngress === ingress)
      r.fail(
        'kubernetes-canary-ingress',
        'must be another Ingress than kubernetes-ingress (the canary Ingress sits beside the main one).'
      )
  }
  if (unnamed.length > 0)
    r.fail(
      'kubernetes-app',
      `missing: name the app (its objects default from it: <app>-blue, <app>-green, …), or set ${unnamed.join(', ')}.`
    )
  const rule = r.get('kubernetes-route-rule')
  if (rule !== '') {
    if (!/^\d{1,2}$/.test(rule) || Number(rule) > MAX_RULE)
      r.fail(
        'kubernetes-route-rule',
        `${quote(rule)} is not a rule index (0 to ${MAX_RULE}); leave it empty to use the rule that names both colors' Services.`
      )
    else settings.routeRule = Number(rule)
  }
  if (settings.container !== '' && !LABEL.test(settings.container))
    r.fail('kubernetes-container', `${quote(settings.container)} is not a container name.`)
  if (image !== '') {
    if (!IMAGE.test(image) || image.length > 512)
      r.fail(
        'kubernetes-image',
        `${quote(image)} is not an image reference (e.g. ghcr.io/org/app or ghcr.io/org/app:{version}).`
      )
    else settings.image = image
  }
  return settings
}

/** The image a version deploys: {version} replaced; else the version as the tag (or digest). Pure. */
export function imageFor(template: string, version: string): string {
  if (template.includes('{version}')) return template.replaceAll('{version}', version)
  return version.startsWith('sha256:') ? `${template}@${version}` : `${template}:${version}`
}

/** An image a Kubernetes API server accepts, checked after the version went in. */
export function imageProblem(image: string): string | undefined {
  return /^[a-z0-9][a-z0-9._\-/:@]*$/i.test(image) && image.length <= 512
    ? undefined
    : `${quote(image)} is not an image reference; the version must be a tag (letters, digits, . _ -) or a sha256: digest.`
}
