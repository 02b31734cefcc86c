import { MetricSpec, usesWindow } from '../../metrics/metric-spec.js'

/** Where the gates read from, as configured (for plan's rows). */
export interface GateSources {
  prometheusUrl: string
  nginxAccessLog: string
}

/**
 * One gate in full, for `plan`: what it reads (source, paths, rate), how it judges (threshold,
 * or the comparison with its alpha and tolerance) and what it does when unsure. Pure.
 */
export function describeGate(m: MetricSpec, sources: GateSources): string {
  return [source(m, sources), judgement(m), unsure(m)].join('; ')
}

function source(m: MetricSpec, s: GateSources): string {
  switch (m.provider) {
    case 'http': {
      const where =
        m.paths.length > 0 ? m.paths.map(p => `${p.path} ×${p.weight}`).join(', ') : m.url || '/'
      const whom =
        m.compare === 'baseline'
          ? 'the canary and the stable version, each'
          : m.target === 'load-balancer'
            ? 'through the load balancer'
            : 'the canary'
      return `http probe: GET ${where} on ${whom} at ${m.rate} req/s; ${m.query}`
    }
    case 'nginx-log':
      return `nginx access log ${s.nginxAccessLog || '(nginx-access-log)'}: ${m.query} of real requests${m.path ? ` under ${m.path}` : ''}, per color`
    case 'haproxy':
      return `HAProxy counters (show stat): ${m.query} of real requests, per server`
    case 'prometheus':
      return m.compare === 'baseline'
        ? `prometheus ${s.prometheusUrl}: requests ${m.requestsQuery}, events ${m.eventsQuery} by ${m.versionLabel} (${usesWindow(m.requestsQuery) ? 'increase over each window, extrapolated by Prometheus' : 'counters, differenced between the window ends'})`
        : `prometheus ${s.prometheusUrl}: ${m.query}`
    case 'command':
      return `command ${m.command?.join(' ')}${m.compare === 'baseline' ? " (prints both sides' trials and events per window)" : ''}`
    case 'webhook':
      return `webhook ${m.url}${m.compare === 'baseline' ? " (answers both sides' trials and events per window)" : ''}`
  }
}

function judgement(m: MetricSpec): string {
  if (m.compare === 'baseline') {
    const slow =
      m.query === 'latency'
        ? `, slow = slower than ${m.latencyThresholdMs !== undefined ? `${m.latencyThresholdMs} ms` : m.provider === 'nginx-log' ? "the baseline's p99.9 over its answers so far (p99 below 1000 answers)" : "the baseline's p99 before each step"}`
        : ''
    const tolerance =
      m.toleranceRelative > 0 ? `, tolerance ${m.toleranceRelative * 100}% worse` : ''
    const direction =
      m.direction === 'higher-is-better'
        ? ', higher is better (events per request: the canary fails when its rate is lower)'
        : ''
    return `canary against the baseline: sequential test, α ${Number(m.alpha.toPrecision(2))} for the whole rollout (evidence carries across steps)${tolerance}${direction}${slow}`
  }
  const bounds = [m.max !== undefined ? `≤ ${m.max}` : '', m.min !== undefined ? `≥ ${m.min}` : '']
    .filter(Boolean)
    .join(' and ')
  return bounds ? `threshold ${bounds}` : 'passes on exit 0 / a pass answer'
}

function unsure(m: MetricSpec): string {
  return `failures allowed ${m.failureLimit}; no data → ${m.onNoData}; errors → ${m.onError}`
}
