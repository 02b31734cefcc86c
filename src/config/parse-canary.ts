import { parseCanarySteps } from './canary-steps.js'
import { FieldReader } from './field-reader.js'
import { defaultMetrics, parseMetrics } from './parse-metrics.js'
import { CanarySettings, RequestKey } from './settings.js'
import { quote } from './text-rules.js'

/** The canary part of the settings: steps, gates, where the gates measure, the error budget. */
export function parseCanary(r: FieldReader): CanarySettings {
  const bakeMs = r.durationMs('bake-time')
  const sticky = requestKey(r, 'sticky')
  const match = requestKey(r, 'canary-match')
  const steps = parseCanarySteps(r.get('canary-steps'), bakeMs, match !== undefined)
  if (typeof steps === 'string') r.fail('canary-steps', `${steps}.`)
  const router = r.get('router')
  const nginxAccessLog = r.get('nginx-access-log')
  const metrics = parseMetrics(
    r.get('metrics') || defaultMetrics(router, nginxAccessLog !== ''),
    (field, message) => r.fail(field, message)
  )
  const prometheusUrl = r.httpUrl('prometheus-url')
  if (prometheusUrl === '' && metrics.some(m => m.provider === 'prometheus')) {
    r.fail(
      'prometheus-url',
      'missing: a prometheus gate needs the Prometheus base URL (e.g. http://prometheus:9090).'
    )
  }
  if (nginxAccessLog === '' && metrics.some(m => m.provider === 'nginx-log'))
    r.fail(
      'nginx-access-log',
      "missing: an nginx-log gate reads nginx's access log; give its path (with the README's JSON log_format)."
    )
  if (router !== 'haproxy' && metrics.some(m => m.provider === 'haproxy'))
    r.fail('router', "a haproxy gate reads HAProxy's counters: it needs router: haproxy.")
  const alpha = Number(r.get('alpha'))
  if (!/^\d*\.?\d+$/.test(r.get('alpha')) || !(alpha > 0 && alpha <= 0.5))
    r.fail(
      'alpha',
      `${quote(r.get('alpha'))} is not an error budget between 0 and 0.5 (e.g. 0.01).`
    )
  return {
    steps: typeof steps === 'string' ? [] : steps,
    metrics: shareBudget(metrics, alpha, (field, message) => r.fail(field, message)),
    analysisIntervalMs: r.durationMs('analysis-interval'),
    prometheusUrl,
    nginxAccessLog,
    alpha,
    abortCommand: r.argv('abort-command'),
    full: r.bool('full'),
    ...(sticky ? { sticky } : {}),
    ...(match ? { match } : {})
  }
}

/** `cookie:<name>` or `header:<name>`; undefined when not set. */
function requestKey(r: FieldReader, field: string): RequestKey | undefined {
  const value = r.get(field)
  if (value === '') return undefined
  const parsed = /^(cookie|header):([A-Za-z0-9_-]{1,64})$/.exec(value)
  if (!parsed) {
    r.fail(
      field,
      `${quote(value)} is not cookie:<name> or header:<name> (a name of letters, digits, _ and -), e.g. ${field === 'sticky' ? 'cookie:uid' : 'header:X-Canary'}.`
    )
    return undefined
  }
  return { kind: parsed[1] as RequestKey['kind'], name: parsed[2] }
}

/**
 * One error budget per rollout: each compare gate's e-process runs over every step, so its
 * false-abort chance is at most its alpha for the whole rollout; the budget is split among them
 * (gates that set their own alpha keep it), so over all gates and steps it is at most `alpha`.
 */
export function shareBudget<T extends { compare: string; alpha: number; name: string }>(
  gates: T[],
  budget: number,
  fail: (field: string, message: string) => void
): T[] {
  const compared = gates.filter(g => g.compare === 'baseline')
  const own = compared.filter(g => g.alpha > 0).reduce((sum, g) => sum + g.alpha, 0)
  const sharing = compared.filter(g => g.alpha === 0)
  if (own > budget + 1e-12 || (own >= budget && sharing.length > 0))
    fail(
      'alpha',
      `the compare gates' own alphas add up to ${Number(own.toPrecision(4))}, leaving nothing of the error budget ${budget}; raise alpha or lower theirs.`
    )
  const share = sharing.length > 0 ? (budget - own) / sharing.length : 0
  return gates.map(g => (g.compare === 'baseline' && g.alpha === 0 ? { ...g, alpha: share } : g))
}
