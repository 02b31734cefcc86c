// npm run bench: switches where the load balancer is not this process's neighbour. One local
// nginx; one nginx on another host (a network namespace) reached over ssh as a deploy user with
// sudo; and two load balancers on that host as one `routers` list (nginx over ssh, HAProxy over
// its TCP runtime API) in front of pools of 3 per color; then a rolling update of 6 instances on
// 3 app hosts through that nginx over ssh. Writes bench/results/fleet.json.
// Measures; asserts nothing.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { LoadStats, startLoad } from '../demo/load-generator.js'
import { runInProcess } from '../__tests__/support/canary-lab.js'
import { startLab } from '../__tests__/support/lab.js'
import { timeToAllNew } from './all-new.js'
import { startRemoteLab } from '../__tests__/support/netns-lab.js'
import { remoteRollingUnderLoad } from '../__tests__/support/remote-rolling.js'
import { benchRun } from './run-id.js'
import { median, quantile, round } from './stats.js'
import { fleetTable } from './tables.js'

const ROOT = path.resolve(import.meta.dirname, '..')
const SWITCHES = 10
const ROLLING = { version: 'v2', 'batch-size': '2', 'max-unavailable': '2', 'min-ready': '1s' }

/**
 * `SWITCHES` switches back and forth under load from 4 fresh and 4 keep-alive clients on each
 * front; each timed from the command's start to the first request after which every answer, on
 * every front, came from the target.
 */
async function switches(fronts: readonly string[], inputs: Record<string, string>) {
  const loads = fronts.flatMap(url =>
    (['fresh', 'keep-alive'] as const).map(kind =>
      startLoad({ url, kind, concurrency: 4, pauseMs: 2 })
    )
  )
  const ms: number[] = []
  let stats: LoadStats[] = []
  try {
    for (let i = 0; i < SWITCHES; i++) {
      const target = i % 2 === 0 ? 'green' : 'blue'
      const measured = await timeToAllNew(fronts, target, async () => {
        const run = await runInProcess('switch', { ...inputs, 'switch-to': target, force: 'true' })
        if (run.report.result !== 'success')
          throw new Error(`switch to ${target} failed: ${run.report.headline}`)
      })
      ms.push(measured.allNewMs)
    }
  } finally {
    stats = await Promise.all(loads.map(l => l.stop()))
  }
  const sum = (kind: number) =>
    stats
      .filter((_, i) => i % 2 === kind)
      .reduce(
        (t, s) => ({
          requests: t.requests + s.requests,
          non2xx: t.non2xx + s.non2xx,
          connectionErrors: t.connectionErrors + s.connectionErrors
        }),
        { requests: 0, non2xx: 0, connectionErrors: 0 }
      )
  return {
    switches: SWITCHES,
    toAllOnTargetMs: { median: round(median(ms)), p95: round(quantile(ms, 0.95)) },
    fresh: sum(0),
    keepAlive: sum(1)
  }
}

const results: Record<string, unknown> = { ...benchRun() }

console.log('bench: fleet, one local nginx ...')
const local = await startLab('bench-fleet')
try {
  results.localNginx = await switches([local.nginx.url], local.inputs)
} finally {
  await local.stop()
}

const remote = await startRemoteLab('bench')
try {
  const common = {
    'state-file': path.join(remote.dir, 'state.json'),
    'health-interval': '100ms',
    'health-deadline': '5s'
  }
  const nginxOverSsh = {
    'nginx-upstream-file': remote.nginx.upstreamFile,
    'nginx-config': remote.nginx.configFile,
    'nginx-prefix': remote.nginx.prefix,
    'nginx-binary': '/usr/sbin/nginx',
    'router-command-prefix': JSON.stringify(remote.prefix),
    'probe-url': remote.url
  }
  console.log('bench: fleet, one nginx over ssh ...')
  results.remoteNginx = await switches([remote.url], {
    ...common,
    ...nginxOverSsh,
    environment: 'bench-remote',
    'blue-address': remote.addresses.blue,
    'green-address': remote.addresses.green
  })
  console.log(
    'bench: fleet, two load balancers (nginx over ssh + HAProxy over TCP), pools of 3 ...'
  )
  results.twoLoadBalancers = await switches([remote.url, remote.haproxy.url], {
    ...common,
    environment: 'bench-two',
    'blue-addresses': remote.pools.blue.join('\n'),
    'green-addresses': remote.pools.green.join('\n'),
    routers: JSON.stringify([
      { name: 'nginx-lb', ...nginxOverSsh },
      {
        name: 'haproxy-lb',
        router: 'haproxy',
        'haproxy-socket': remote.haproxy.socket,
        'haproxy-backend': 'be',
        'probe-url': remote.haproxy.url
      }
    ])
  })
  console.log('bench: fleet, rolling update of 6 instances on 3 app hosts, nginx over ssh ...')
  const rolling = await remoteRollingUnderLoad(remote, {
    environment: 'bench-rolling',
    'state-file': path.join(remote.dir, 'rolling-state.json'),
    ...ROLLING
  })
  if (rolling.error || rolling.report.result !== 'success')
    throw new Error(`rolling update failed: ${rolling.error?.message ?? rolling.report.headline}`)
  const client = (s: LoadStats) => ({
    requests: s.requests,
    non2xx: s.non2xx,
    connectionErrors: s.connectionErrors
  })
  results.remoteRolling = {
    instances: remote.fleet.instances.length,
    hosts: new Set(remote.fleet.instances.map(i => i.address.split(':')[0])).size,
    settings: ROLLING,
    totalMs: round(rolling.durationMs),
    allOnNewVersion: Object.values(rolling.versions).every(v => v === ROLLING.version),
    fresh: client(rolling.fresh),
    keepAlive: client(rolling.keepAlive)
  }
} finally {
  await remote.stop()
}

writeFileSync(path.join(ROOT, 'bench/results/fleet.json'), `${JSON.stringify(results, null, 2)}\n`)
console.log(fleetTable(results).join('\n'))
