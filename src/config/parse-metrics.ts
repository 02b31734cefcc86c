import { quote, textProblem, wordProblem } from './text-rules.js'
import {
  HttpStatistic,
  MetricSpec,
  ProviderType,
  UnsureAction,
  usesWindow
} from '../metrics/metric-spec.js'
import { parseYamlOrJson } from './yaml.js'

const PROVIDERS: readonly ProviderType[] = [
  'http',
  'nginx-log',
  'haproxy',
  'prometheus',
  'command',
  'webhook'
]
/** What each real-traffic provider can measure against a threshold, and compare. */
const LOG_STATISTICS = ['error-rate', 'p50', 'p95', 'p99']
const HAPROXY_STATISTICS = ['error-rate', 'mean']
const HTTP_STATISTICS: readonly HttpStatistic[] = ['error-rate', 'p50', 'p95', 'p99']
const KEYS = [
  'name',
  'provider',
  'query',
  'target',
  'rate',
  'url',
  'paths',
  'path',
  'command',
  'max',
  'min',
  'failure-limit',
  'consecutive-error-limit',
  'on-no-data',
  'on-error',
  'compare',
  'alpha',
  'tolerance',
  'latency-threshold',
  'requests-query',
  'events-query',
  'version-label',
  'direction'
]

/**
 * With no metrics given, a canary is still gated. Where the router can report real traffic
 * (HAProxy's counters, or nginx with its access log), on real users' requests: the canary's 5xx
 * against the baseline's. Otherwise the probe: the canary's own error rate stays ≤ 1%.
 */
export function defaultMetrics(router: string, accessLog: boolean): string {
  if (router === 'haproxy')
    return '[{"name": "errors", "provider": "haproxy", "query": "error-rate", "compare": "baseline"}]'
  if (accessLog)
    return '[{"name": "errors", "provider": "nginx-log", "query": "error-rate", "compare": "baseline"}]'
  return DEFAULT_METRICS
}

/** The probe's default gate: the canary's own error rate stays ≤ 1%. */
export const DEFAULT_METRICS =
  '[{"name": "error-rate", "provider": "http", "query": "error-rate", "max": 0.01}]'

type Fail = (field: string, message: string) => void

/**
 * Parses the `metrics` input: a YAML or JSON list of gates. Every problem is reported with the
 * gate's position and key, e.g. `metrics[2].max`.
 */
export function parseMetrics(text: string, fail: Fail): MetricSpec[] {
  const parsed = parseYamlOrJson(text)
  if ('problem' in parsed) {
    fail('metrics', `not valid YAML or JSON: ${parsed.problem.split('\n')[0]}`)
    return []
  }
  const doc = parsed.value
  if (!Array.isArray(doc)) {
    fail(
      'metrics',
      'must be a list of gates, e.g. [{name: errors, provider: http, query: error-rate, max: 0.01}]'
    )
    return []
  }
  if (doc.length === 0)
    fail(
      'metrics',
      'the list is empty; give at least one gate, or leave metrics unset for the default error-rate gate'
    )
  const specs: MetricSpec[] = []
  doc.forEach((item: unknown, i) => {
    const at = `metrics[${i}]`
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      return fail(at, 'must be a mapping with at least name and provider')
    const spec = parseGate(item as Record<string, unknown>, at, fail)
    if (specs.some(s => s.name === spec.name))
      fail(`${at}.name`, `${quote(spec.name)} is used twice; gate names must be unique`)
    specs.push(spec)
  })
  return specs
}

/** A YAML value as a message shows it (cut, escaped). */
function shown(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return quote(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)))
}

function parseGate(m: Record<string, unknown>, at: string, fail: Fail): MetricSpec {
  for (const key of Object.keys(m)) {
    if (key === 'tolerance-absolute')
      fail(
        `${at}.${key}`,
        'was removed: its null used an estimate of the baseline rate, which could abort healthy canaries; use tolerance (relative, e.g. 0.2 = abort only when more than 20% worse)'
      )
    else if (!KEYS.includes(key)) fail(`${at}.${key}`, `unknown key; use ${KEYS.join(', ')}`)
  }
  const name = typeof m.name === 'string' ? m.name : ''
  if (!/^[\w.-]{1,64}$/.test(name))
    fail(`${at}.name`, 'missing or not a simple name (letters, digits, . _ -)')
  const provider = m.provider as ProviderType
  if (!PROVIDERS.includes(provider))
    fail(`${at}.provider`, `${shown(m.provider)} is not a provider; use ${PROVIDERS.join(', ')}`)
  const number = (
    key: string,
    fallback: number | undefined,
    check: (n: number) => boolean,
    what: string
  ): number | undefined => {
    if (m[key] === undefined) return fallback
    // Only a number, or a string that spells one: Number('') and Number([]) are 0, and a
    // threshold left empty must not become "max: 0", a gate no canary can pass.
    const value = m[key]
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(value)
          ? Number(value)
          : NaN
    if (!Number.isFinite(n) || !check(n)) {
      fail(
        `${at}.${key}`,
        value === null || value === ''
          ? `is empty; give ${what}, or remove the key`
          : `${shown(value)} is not ${what}`
      )
      return fallback
    }
    return n
  }
  const choice = <T extends string>(key: string, options: readonly T[], fallback: T): T => {
    if (m[key] === undefined) return fallback
    if (!options.includes(m[key] as T))
      fail(`${at}.${key}`, `${shown(m[key])} is not one of ${options.join(', ')}`)
    return m[key] as T
  }
  // Queries may span lines (YAML block scalars); everything else is one line of printable text.
  const MULTILINE_KEYS = ['query', 'requests-query', 'events-query']
  const text = (key: string): string => {
    const value = m[key]
    if (value === undefined || value === null) return ''
    if (typeof value === 'object') {
      fail(`${at}.${key}`, `${shown(value)} is not text`)
      return ''
    }
    const problem = textProblem(String(value), {
      multiline: MULTILINE_KEYS.includes(key),
      maxLength: 4096
    })
    if (problem) fail(`${at}.${key}`, problem)
    return problem ? '' : String(value)
  }
  const compare = choice('compare', ['none', 'baseline'] as const, 'none')
  // Business rates (clicks per recommendation shown): fewer events is worse.
  const direction = choice(
    'direction',
    ['lower-is-better', 'higher-is-better'] as const,
    'lower-is-better'
  )
  if (
    direction === 'higher-is-better' &&
    (compare !== 'baseline' || !['prometheus', 'command', 'webhook'].includes(provider))
  )
    fail(
      `${at}.direction`,
      "higher-is-better judges counts against the baseline: use it with compare: baseline and provider prometheus (requests-query: the trials, e.g. recommendations shown; events-query: the successes, e.g. clicks), command or webhook (they report each side's trials and events as JSON)"
    )
  const max = number('max', undefined, () => true, 'a number')
  const min = number('min', undefined, () => true, 'a number')
  const query = text('query')
  const url = text('url')
  const path = text('path')
  if (path !== '' && provider !== 'nginx-log')
    fail(
      `${at}.path`,
      'path filters the access log: it works with provider: nginx-log (the http probe takes url)'
    )
  if (path !== '' && !/^\/[^\s?#]*$/.test(path))
    fail(
      `${at}.path`,
      `${quote(path)} is not a path (it starts with / and holds no spaces, ? or #)`
    )
  const target = choice('target', ['canary', 'load-balancer'] as const, 'canary')
  let command: string[] | undefined

  if (compare === 'baseline') {
    if (!['http', 'prometheus', 'nginx-log', 'haproxy', 'command', 'webhook'].includes(provider))
      fail(
        `${at}.compare`,
        'compare: baseline works with the http, nginx-log, haproxy, prometheus, command and webhook providers'
      )
    if (provider === 'nginx-log' && !['error-rate', 'latency', ''].includes(query))
      fail(`${at}.query`, `${quote(query)} cannot be compared; use error-rate or latency`)
    if (provider === 'haproxy' && !['error-rate', ''].includes(query))
      fail(
        `${at}.query`,
        `${quote(query)} cannot be compared from HAProxy's counters (they keep an average, no answer times); use error-rate, or provider: nginx-log for latency`
      )
    if (provider === 'http' && !['error-rate', 'latency', ''].includes(query))
      fail(`${at}.query`, `${quote(query)} cannot be compared; use error-rate or latency`)
    if (provider === 'http' && target !== 'canary')
      fail(
        `${at}.target`,
        'compare: baseline probes the canary and the stable version directly; remove target'
      )
    if (
      provider === 'prometheus' &&
      (text('requests-query') === '' || text('events-query') === '')
    ) {
      fail(
        `${at}.requests-query`,
        "compare: baseline with prometheus needs requests-query and events-query, each summed by version: counters, e.g. sum by (version) (http_requests_total), differenced between the window's ends (exact), or increase(...[{{window}}])"
      )
    }
    if (
      provider === 'prometheus' &&
      usesWindow(text('requests-query')) !== usesWindow(text('events-query'))
    )
      fail(
        `${at}.events-query`,
        "requests-query and events-query must both be counters (no {{window}}: differenced between the window's ends) or both use {{window}}; mixed, the two counts cover different spans"
      )
  } else {
    if (provider === 'http') {
      if (!HTTP_STATISTICS.includes((query || 'error-rate') as HttpStatistic))
        fail(
          `${at}.query`,
          `${quote(query)} is not an http statistic; use ${HTTP_STATISTICS.join(', ')}`
        )
      if (max === undefined && min === undefined)
        fail(`${at}.max`, 'an http gate needs a threshold: max (or min)')
    }
    for (const [real, statistics] of [
      ['nginx-log', LOG_STATISTICS],
      ['haproxy', HAPROXY_STATISTICS]
    ] as const) {
      if (provider !== real) continue
      if (!(statistics as readonly string[]).includes(query || 'error-rate'))
        fail(
          `${at}.query`,
          `${quote(query)} is not a ${real} statistic; use ${statistics.join(', ')}${real === 'haproxy' ? ' (HAProxy keeps no percentiles: use nginx-log or prometheus for them)' : ''}`
        )
      if (max === undefined && min === undefined)
        fail(`${at}.max`, `a ${real} gate needs a threshold: max (or min)`)
    }
    if (provider === 'prometheus') {
      if (query === '') fail(`${at}.query`, 'a prometheus gate needs a PromQL query')
      if (max === undefined && min === undefined)
        fail(`${at}.max`, 'a prometheus gate needs a threshold: max (or min)')
    }
  }
  if (provider === 'command') {
    const list = m.command
    if (!Array.isArray(list) || list.length === 0 || !list.every(a => typeof a === 'string'))
      fail(
        `${at}.command`,
        'a command gate needs command: a list of strings, e.g. [./check.sh, --fast]'
      )
    else {
      command = list as string[]
      const problem = command.map(w => wordProblem(w)).find(p => p !== undefined)
      if (problem) fail(`${at}.command`, problem)
    }
  }
  if (provider === 'webhook' && !/^https?:\/\/[^\s]+$/.test(url))
    fail(`${at}.url`, `a webhook gate needs an http(s) url, not ${quote(url)}`)
  if (provider === 'http' && url !== '' && !/^(https?:\/\/|\/)[^\s]*$/.test(url))
    fail(
      `${at}.url`,
      `${quote(url)} is neither a path on the canary (/recommend) nor an http(s) URL`
    )
  const paths = probePaths(m.paths, `${at}.paths`, fail)
  if (paths.length > 0 && provider !== 'http')
    fail(
      `${at}.paths`,
      'paths spreads the http probe over several paths; it works with provider: http'
    )
  if (paths.length > 0 && url !== '') fail(`${at}.paths`, 'give url or paths, not both')
  const versionLabel = text('version-label')
  if (versionLabel !== '' && !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(versionLabel))
    fail(`${at}.version-label`, `${quote(versionLabel)} is not a Prometheus label name`)
  if (max !== undefined && min !== undefined && min > max)
    fail(`${at}.min`, `min ${min} is above max ${max}; no value could pass`)
  const whole = (n: number) => Number.isInteger(n) && n >= 0
  return {
    name,
    provider,
    query: ['http', 'nginx-log', 'haproxy'].includes(provider) ? query || 'error-rate' : query,
    target,
    rate: number(
      'rate',
      20,
      n => n > 0 && n <= 1000,
      'a request rate between 0 and 1000 per second'
    ) as number,
    url,
    paths,
    path,
    command,
    max,
    min,
    failureLimit: number('failure-limit', 0, whole, 'a whole number ≥ 0') as number,
    consecutiveErrorLimit: number(
      'consecutive-error-limit',
      2,
      whole,
      'a whole number ≥ 0'
    ) as number,
    onNoData: choice<UnsureAction>('on-no-data', ['pause', 'abort', 'pass'], 'pause'),
    onError: choice<'pause' | 'abort'>('on-error', ['pause', 'abort'], 'pause'),
    compare,
    // Unset: a share of the rollout's error budget (parse-canary.ts resolves it).
    alpha: number(
      'alpha',
      0,
      n => n > 0 && n <= 0.5,
      'a level between 0 and 0.5 (e.g. 0.01)'
    ) as number,
    toleranceRelative: number(
      'tolerance',
      0,
      n => n >= 0,
      'a relative tolerance ≥ 0 (0.2 = 20% worse)'
    ) as number,
    toleranceAbsolute: 0,
    latencyThresholdMs: number('latency-threshold', undefined, n => n > 0, 'a latency in ms'),
    requestsQuery: text('requests-query'),
    eventsQuery: text('events-query'),
    versionLabel: versionLabel || 'version',
    direction
  }
}

/**
 * The probe's paths: a list (equal weights) or a map of path → weight, e.g.
 * {"/": 3, "/recommend?city=rome": 1}. Pure apart from reporting problems.
 */
function probePaths(value: unknown, at: string, fail: Fail): { path: string; weight: number }[] {
  if (value === undefined || value === null) return []
  const entries: [unknown, unknown][] = Array.isArray(value)
    ? value.map(p => [p, 1])
    : typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>)
      : []
  if (entries.length === 0 || entries.length > 20) {
    fail(
      at,
      'give 1 to 20 paths: a list (["/", "/recommend"]) or path: weight ({"/": 3, "/recommend": 1})'
    )
    return []
  }
  const paths: { path: string; weight: number }[] = []
  for (const [path, weight] of entries) {
    if (
      typeof path !== 'string' ||
      !/^\/[^\s#]{0,512}$/.test(path) ||
      textProblem(path, { maxLength: 512 }) !== undefined
    ) {
      fail(at, `${shown(path)} is not a path (it starts with / and holds no spaces or #)`)
      continue
    }
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1 || weight > 1000) {
      fail(`${at}.${quote(path)}`, `${shown(weight)} is not a weight (a whole number 1 to 1000)`)
      continue
    }
    paths.push({ path, weight })
  }
  return paths
}
