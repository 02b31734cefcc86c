// Part of npm run bench (bench/canary.ts): each kind of gate against the two bad canaries the
// probe of `/` alone misses or finds late, on real routers under 200 req/s of real load (half
// the requests ask /recommend). Measures; asserts nothing.
import path from 'node:path'
import { startLoad } from '../demo/load-generator.js'
import { SampleServiceOptions } from '../demo/sample-service.js'
import { CanaryLab, runInProcess } from '../__tests__/support/canary-lab.js'
import { PrometheusLab, startPrometheus } from '../__tests__/support/prometheus.js'
import { median, round } from './stats.js'

const RUNS = 3
const RATE = 200
const PATHS = ['/', '/recommend?city=rome']

const SCENARIOS: Record<string, Partial<SampleServiceOptions>> = {
  // 5% of /recommend fails; / and /healthz are fine.
  pathOnly: { failPath: '/recommend', failRate: 0.05 },
  // +500 ms on 3% of all requests.
  slowTail: { slowShare: 0.03, slowMs: 500 }
}

type Gate = Record<string, unknown>

/** The gate of each kind for each scenario; undefined where the kind cannot see it. */
function gateFor(kind: string, scenario: string): Gate | undefined {
  const slow = scenario === 'slowTail'
  switch (kind) {
    case 'probe':
      return {
        name: 'probe',
        provider: 'http',
        compare: 'baseline',
        query: slow ? 'latency' : 'error-rate',
        paths: { '/': 1, '/recommend?city=rome': 1 },
        rate: 50
      }
    case 'nginx-log':
      return {
        name: 'real',
        provider: 'nginx-log',
        compare: 'baseline',
        query: slow ? 'latency' : 'error-rate'
      }
    case 'haproxy':
      // HAProxy keeps an average answer time, no distribution: it cannot count a slow tail.
      return slow ? undefined : { name: 'real', provider: 'haproxy', compare: 'baseline' }
    case 'prometheus':
      return {
        name: 'prom',
        provider: 'prometheus',
        compare: 'baseline',
        'requests-query': 'sum by (version) (http_requests_total)',
        'events-query': slow
          ? 'sum by (version) (http_request_duration_seconds_count) - sum by (version) (http_request_duration_seconds_bucket{le="0.25"})'
          : 'sum by (version) (http_requests_total{status="500"})'
      }
  }
  return undefined
}

interface Run {
  aborted: boolean
  /** Step start (the canary's first request) → the failed verdict. */
  secondsToAbort?: number
  abortedAt?: number
  /** Answers the load's clients got from the canary. */
  canaryRequests: number
}

async function once(
  lab: CanaryLab,
  kind: string,
  scenario: string,
  gate: Gate,
  i: number,
  prometheus?: PrometheusLab
): Promise<Run> {
  await lab.startCanary(SCENARIOS[scenario])
  const loads = (['fresh', 'keep-alive'] as const).map(clientKind =>
    startLoad({
      url: lab.url,
      kind: clientKind,
      concurrency: 4,
      ratePerSecond: RATE / 2,
      paths: PATHS,
      maxDurationMs: 5 * 60_000
    })
  )
  const environment = `bench-${kind}-${scenario}-${i}`
  let report
  try {
    ;({ report } = await runInProcess('release', {
      ...lab.inputs,
      environment,
      version: 'v2',
      'canary-steps': '5, 20, 50, 100',
      'bake-time': '20s',
      'analysis-interval': '2s',
      ...(lab.nginx ? { 'nginx-access-log': lab.nginx.accessLog } : {}),
      ...(prometheus ? { 'prometheus-url': prometheus.url } : {}),
      metrics: JSON.stringify([gate])
    }))
  } finally {
    await Promise.all(loads.map(l => l.stop()))
  }
  const stats = await Promise.all(loads.map(l => l.stop()))
  const canaryRequests = stats.reduce(
    (sum, s) => sum + (s.byVersion.v2 ?? 0) + (s.failedByVersion.v2 ?? 0),
    0
  )
  const failed = report.canarySteps.find(s => s.outcome === 'fail')
  // Whatever happened, blue takes all traffic before the next run.
  if (report.outputs.phase === 'paused') await runInProcess('abort', { ...lab.inputs, environment })
  else if (!failed)
    await runInProcess('switch', { ...lab.inputs, environment, 'switch-to': 'blue', force: 'true' })
  if (!failed) return { aborted: false, canaryRequests }
  const first = report.canarySteps[0]
  return {
    aborted: true,
    secondsToAbort: round((failed.startedAt + failed.durationMs - first.startedAt) / 1000),
    abortedAt: failed.weight,
    canaryRequests
  }
}

/** Every gate kind the router offers, against both bad canaries. */
export async function gateKinds(lab: CanaryLab): Promise<Record<string, unknown>> {
  const kinds = lab.router === 'nginx' ? ['probe', 'nginx-log', 'prometheus'] : ['haproxy']
  const prometheus = kinds.includes('prometheus')
    ? await startPrometheus(path.join(lab.dir, 'bench-prometheus'), [
        lab.addresses.blue,
        lab.addresses.green
      ])
    : undefined
  const result: Record<string, Record<string, unknown>> = {}
  try {
    for (const scenario of Object.keys(SCENARIOS)) {
      result[scenario] = {}
      for (const kind of kinds) {
        const gate = gateFor(kind, scenario)
        if (!gate) {
          result[scenario][kind] = { measurable: false }
          continue
        }
        console.log(`bench: ${kind} gate, ${scenario} on ${lab.router} ...`)
        const runs: Run[] = []
        for (let i = 0; i < RUNS; i++)
          runs.push(await once(lab, kind, scenario, gate, i, prometheus))
        const aborted = runs.filter(r => r.aborted)
        result[scenario][kind] = {
          runs: RUNS,
          aborted: aborted.length,
          abortedAtStep: aborted.map(r => r.abortedAt),
          medianSecondsToAbort: aborted.length
            ? median(aborted.map(r => r.secondsToAbort as number))
            : null,
          medianCanaryRequests: median(runs.map(r => r.canaryRequests))
        }
      }
    }
  } finally {
    await prometheus?.stop()
  }
  return {
    setup: { rate: RATE, paths: PATHS, steps: '5, 20, 50, 100', bake: '20s', windows: '2s' },
    ...result
  }
}
