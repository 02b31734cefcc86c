// The benchmark results as the README shows them: pure functions of bench/results/*.json, so
// the README's figures are generated from one bench run, never typed (scripts/bench-readme.ts
// writes them; __tests__/docs.test.ts fails when the README and the results drift apart).

/* eslint-disable @typescript-eslint/no-explicit-any -- result files are read as they are */
type Result = Record<string, any>

const kind = (k: string) => (k === 'fresh' ? 'fresh' : 'keep-alive')
const pct = (n: number, d: number) => (d === 0 ? '0%' : `${((n / d) * 100).toFixed(2)}%`)
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? 0 : s[Math.floor((s.length - 1) / 2)]
}

export function runLine(results: Record<string, Result>): string {
  const any = Object.values(results)[0]
  const ids = new Set(Object.values(results).map(r => r.runId))
  const m = any.machine
  return `One run (\`${[...ids].join(', ')}\`), ${any.date.slice(0, 10)}, on ${m.cpus} cores (${m.model}), ${m.memoryGiB} GiB, Node ${m.node}.`
}

export function blueGreenTable(r: Result): string[] {
  return [
    '| measure | value |',
    '| --- | --- |',
    `| switches + rollbacks under load | ${r.zeroDrop.switches} over ${r.zeroDrop.fresh.seconds} s |`,
    ...(['fresh', 'keepAlive'] as const).map(k => {
      const c = r.zeroDrop[k]
      return `| ${kind(k)} client | ${c.requests} requests, ${c.non2xx} non-2xx, ${c.connectionErrors} connection errors (${pct(c.connectionErrors, c.requests)}) |`
    }),
    `| switch latency (command start → all new requests on target) | median ${r.switchLatencyMs.median} ms, p95 ${r.switchLatencyMs.p95} ms (n=${r.switchLatencyMs.runs}) |`,
    `| rollback latency | median ${r.rollbackLatencyMs.median} ms, p95 ${r.rollbackLatencyMs.p95} ms (n=${r.rollbackLatencyMs.runs}) |`,
    `| cold start node dist/index.js (status) vs node -e 0 | ${r.coldStartMs.action} ms vs ${r.coldStartMs.nodeBaseline} ms (×${r.coldStartMs.ratio}) |`,
    `| peak RSS of the action during a switch | ${r.peakRssMb.actionSwitch} MB |`,
    `| bundle sizes | ${Object.entries(r.bundleKb)
      .map(([f, kb]) => `${f} ${kb} KB`)
      .join(', ')} |`
  ]
}

export function canaryTable(r: Result): string[] {
  const lines = [
    '| router | client | requests | non-2xx | conn errors | split error per step (points) | failed verdict → last answer from the canary, any client (median / p95; runs) |',
    '| --- | --- | --- | --- | --- | --- | --- |'
  ]
  for (const router of ['nginx', 'haproxy']) {
    const x = r[router]
    const split = x.fullCanary.splits.map((s: any) => `${s.target}%: ${s.errorPoints}`).join(', ')
    const a = x.abortToStableMs
    const abort = `${a.median} / ${a.p95} ms (${a.runs} runs${a.noCanaryAnswer ? `, ${a.noCanaryAnswer} without a canary answer after the verdict` : ''}${a.notAborted?.length ? `, ${a.notAborted.length} more not aborted by the gate` : ''})`
    for (const k of ['fresh', 'keepAlive'] as const) {
      const c = x.fullCanary[k]
      lines.push(
        `| ${router} | ${kind(k)} | ${c.requests} | ${c.non2xx} | ${c.connectionErrors} | ${k === 'fresh' ? split : ''} | ${k === 'fresh' ? abort : ''} |`
      )
    }
  }
  lines.push(
    '',
    `Peak RSS of the action process through a full canary with the http probe at 500 req/s: ${r.nginx.memory.peakRssMb} MB (${r.nginx.memory.probeRequests} probe requests).`,
    '',
    'The abort step (100% back to stable, confirmed by the router and a probe sample) under load, ms per run:',
    '',
    '| router | from 5% | from 20% | from 50% |',
    '| --- | --- | --- | --- |',
    ...['nginx', 'haproxy'].map(
      router =>
        `| ${router} | ${['5%', '20%', '50%'].map(w => r[router].abortConfirmMs[w].join(', ')).join(' | ')} |`
    ),
    ...gateKindTable(r)
  )
  return lines
}

/** Each gate kind against the path-only failure and the slow tail. */
function gateKindTable(r: Result): string[] {
  const setup = r.nginx.gateKinds.setup
  const cell = (c: any) =>
    c === undefined
      ? '–'
      : c.measurable === false
        ? 'cannot see it'
        : `${c.aborted}/${c.runs} aborted${c.aborted ? ` at ${c.abortedAtStep.join(', ')}%, median ${c.medianSecondsToAbort} s` : ''}; ${c.medianCanaryRequests} requests reached the canary`
  const rows: string[] = []
  for (const router of ['nginx', 'haproxy'])
    for (const kind of Object.keys(r[router].gateKinds.pathOnly))
      rows.push(
        `| ${kind} (${router}) | ${cell(r[router].gateKinds.pathOnly[kind])} | ${cell(r[router].gateKinds.slowTail[kind])} |`
      )
  return [
    '',
    `Gates against bad canaries on real traffic (${setup.rate} req/s, half of it /recommend; steps ${setup.steps}, bake ${setup.bake}, windows ${setup.windows}; compare gates, median of runs):`,
    '',
    '| gate | 5% of /recommend fails (health fine) | +500 ms on 3% of requests |',
    '| --- | --- | --- |',
    ...rows
  ]
}

export function analysisTable(r: Result): string[] {
  const fmt = (c: any) =>
    c.medianSeconds === null
      ? 'never'
      : `${c.medianSeconds} / ${c.p95Seconds} s (${Math.round(c.abortedWithinHour * 100)}%)`
  const share = (x: number) => `${(x * 100).toFixed(1)}%`
  return [
    `Simulated traffic with fixed seeds, ${r.runs} runs per cell: ${r.setup.rate} req/s, canary share ${r.setup.canaryShare * 100}%, baseline ${r.setup.baselineErrorRate * 100}% errors, α ${r.setup.alpha}; times are seconds from the start of the canary to the abort (${r.seconds} s of computing).`,
    '',
    '| method | abort at 1.5%: median / p95 (share aborted in 1 h) | at 2% | at 3% | false aborts at 1%: 10 min | 1 h | latency ×1.3: median / p95 | false aborts, same latency, 1 h |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.healthy.map(
      (h: any, i: number) =>
        `| ${h.method} | ${fmt(r.worse['1.5%'][i])} | ${fmt(r.worse['2%'][i])} | ${fmt(r.worse['3%'][i])} | ${share(h.abortedWithin10Min)} | ${share(h.abortedWithinHour)} | ${r.latency.slower[i] ? fmt(r.latency.slower[i]) : '–'} | ${r.latency.same[i] ? share(r.latency.same[i].abortedWithinHour) : '–'} |`
    ),
    ...rolloutTable(r.rollouts)
  ]
}

/** Whole rollouts: false aborts per rollout against the budget, and how fast bad canaries stop. */
function rolloutTable(x: any): string[] {
  const pct = (v: number) => `${(v * 100).toFixed(2)}%`
  const bad = (c: any) =>
    c.medianSecondsToAbort === null
      ? 'never'
      : `${c.medianSecondsToAbort} / ${c.p95SecondsToAbort} s; at ${Object.entries(c.abortsByStep)
          .map(([step, n]) => `${step} ${n}`)
          .join(', ')}; ${c.medianCanaryRequestsBeforeAbort} canary requests (median)`
  const s = x.setup
  return [
    '',
    `Whole rollouts (steps ${s.steps.join(', ')}, ${s.bakeSeconds} s each, ${s.rate} req/s; an errors gate and a "slower than L" gate sharing α ${s.alpha}; evidence carried across steps): ${s.healthyRuns} healthy rollouts and ${s.badRuns} bad ones per window length.`,
    '',
    '| windows | healthy: false aborts per rollout (95% interval) | 3% vs 1% errors: median / p95 to abort; where; canary requests | +500 ms on 3%: same |',
    '| --- | --- | --- | --- |',
    ...Object.entries(x)
      .filter(([key]) => key !== 'setup')
      .map(
        ([key, c]: [string, any]) =>
          `| ${key} | ${c.healthy.aborted} of ${c.healthy.runs}: ${pct(c.healthy.abortRate)} (${pct(c.healthy.abortRate95[0])}–${pct(c.healthy.abortRate95[1])}) | ${bad(c.errors3pct)} | ${bad(c.slowTail)} |`
      )
  ]
}

export function rollingTable(r: Result): string[] {
  const lines = [
    `Rolling update of ${r.instances} instances, batches of ${r.settings['batch-size']}, max-unavailable ${r.settings['max-unavailable']}, min-ready ${r.settings['min-ready']}, under load (fresh and keep-alive clients, half of the requests POSTs); instances in rotation sampled from the router itself (HAProxy's server states; for nginx, the backends that got requests from it):`,
    '',
    '| router | total time | per batch (median) | client | requests | non-2xx | conn errors | min in rotation (samples) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |'
  ]
  for (const router of ['nginx', 'haproxy']) {
    const x = r[router]
    for (const k of ['fresh', 'keepAlive'] as const) {
      const c = x[k]
      lines.push(
        `| ${router} | ${(x.totalMs / 1000).toFixed(1)} s | ${(median(x.batchMs) / 1000).toFixed(2)} s | ${kind(k)} | ${c.requests} | ${c.non2xx} | ${c.connectionErrors} | ${x.minInRotation} of ${r.instances} (${x.rotationSamples}) |`
      )
    }
  }
  const api = r.githubApiRequests
  lines.push(
    '',
    `GitHub API requests with state in GitHub deployments, ${r.instances} instances: first update ${api.firstUpdate}, next update ${api.steadyUpdate}, status ${api.status}.`
  )
  return lines
}

export function githubApiTable(r: Result): string[] {
  const row = (what: string, c: any) =>
    `| ${what} | ${c.requests} | ${Object.entries(c.byRoute)
      .map(([route, n]) => `${route} ${n}`)
      .join(', ')} |`
  const lines = [
    '| command | requests | by endpoint |',
    '| --- | --- | --- |',
    row('release, first into an environment', r.release.first),
    row('release, second', r.release.second),
    row('release, steady state', r.release.steadyState),
    row('rollback (switch back)', r.rollback),
    row('status', r.status)
  ]
  for (const [size, h] of Object.entries<any>(r.history)) {
    lines.push(
      row(`release after ${size} earlier deployments (failed attempts and previews)`, h.release)
    )
    lines.push(row(`status after ${size} earlier deployments`, h.status))
  }
  lines.push('', ...Object.entries<string>(r.added).map(([what, how]) => `- ${what}: ${how}.`))
  return lines
}

/** Switch latency and errors per client kind with the load balancer near, far, and doubled. */
export function fleetTable(r: Result): string[] {
  const rows: [string, string][] = [
    ['one local nginx', 'localNginx'],
    ['one nginx on another host, over ssh (deploy user, sudo)', 'remoteNginx'],
    [
      'two load balancers on that host as one (nginx over ssh + HAProxy runtime API over TCP), pools of 3 per color',
      'twoLoadBalancers'
    ]
  ]
  const lines = [
    '| setup | switch: command start → all new requests on target, every front (median / p95) | client | requests | non-2xx | conn errors |',
    '| --- | --- | --- | --- | --- | --- |'
  ]
  for (const [label, key] of rows) {
    const x = r[key]
    for (const k of ['fresh', 'keepAlive'] as const) {
      const c = x[k]
      lines.push(
        `| ${k === 'fresh' ? label : ''} | ${k === 'fresh' ? `${x.toAllOnTargetMs.median} / ${x.toAllOnTargetMs.p95} ms (${x.switches} switches)` : ''} | ${kind(k)} | ${c.requests} | ${c.non2xx} | ${c.connectionErrors} (${pct(c.connectionErrors, c.requests)}) |`
      )
    }
  }
  const rolling = r.remoteRolling
  if (rolling) {
    lines.push(
      '',
      '| rolling update over ssh | total | client | requests | non-2xx | conn errors |'
    )
    lines.push('| --- | --- | --- | --- | --- | --- |')
    for (const k of ['fresh', 'keepAlive'] as const) {
      const c = rolling[k]
      const label = `${rolling.instances} instances on ${rolling.hosts} app hosts, batches of ${rolling.settings['batch-size']}, min-ready ${rolling.settings['min-ready']}${rolling.allOnNewVersion ? '' : ' (not all updated)'}`
      lines.push(
        `| ${k === 'fresh' ? label : ''} | ${k === 'fresh' ? `${(rolling.totalMs / 1000).toFixed(1)} s` : ''} | ${kind(k)} | ${c.requests} | ${c.non2xx} | ${c.connectionErrors} (${pct(c.connectionErrors, c.requests)}) |`
      )
    }
  }
  return lines
}

/** A switch beside kamal-proxy: time to all new requests, errors, and where our time goes. */
export function switchPeersTable(r: Result): string[] {
  const lines = [
    '| system | command ms, median / p95 | command start → all new requests on the target, median / p95 | fresh conn errors | keep-alive conn errors |',
    '| --- | --- | --- | --- | --- |'
  ]
  for (const s of r.systems)
    lines.push(
      `| ${s.name} | ${s.commandMs.median} / ${s.commandMs.p95} | ${s.allNewMs.median} / ${s.allNewMs.p95} | ${s.fresh.connectionErrors} of ${s.fresh.requests} | ${s.keepAlive.connectionErrors} of ${s.keepAlive.requests} |`
    )
  const ours = r.systems.filter((s: Result) => s.breakdownMs)
  if (ours.length > 0) {
    lines.push(
      '',
      '| where a progressive-deploy switch goes (median ms) | process start + bundle | settings | before the swap (state, lease, record) | the swap | swap done, since start | confirmation by requests | after (records, summary) |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |'
    )
    for (const s of ours) {
      const b = s.breakdownMs
      lines.push(
        `| ${s.name} | ${b.startAndLoad} | ${b.settings} | ${b.beforeSwap} | ${b.swap} | ${b.swapDoneAt} | ${b.confirm} | ${b.afterCommand} |`
      )
    }
  }
  return lines
}

export function kubernetesTable(r: Result): string[] {
  const cell = (m: Result | undefined) =>
    m ? `${m.medianMs} ms / ${m.p95Ms} ms, ${m.requests} requests` : '—'
  return [
    '| router | switch: median / p95, API requests | canary step | abort |',
    '| --- | --- | --- | --- |',
    ...r.routers.map(
      (x: Result) =>
        `| ${x.router} | ${cell(x.switch)} | ${cell(x.canaryStep)} | ${cell(x.abort)} |`
    )
  ]
}

export function stickyTables(r: Result): string[] {
  const weights: number[] = r.split[0].steps.map((s: Result) => s.weight)
  return [
    `| router | ${weights.map(w => `${w}%: users / requests`).join(' | ')} | users ever back to stable |`,
    `| --- | ${weights.map(() => '---').join(' | ')} | --- |`,
    ...r.split.map(
      (x: Result) =>
        `| ${x.router} | ${x.steps.map((s: Result) => `${s.byUsers} / ${s.byRequests}`).join(' | ')} | ${x.usersBackToStable} of ${x.users} |`
    ),
    '',
    '| click-through of the canary | result | time from the step start to the abort |',
    '| --- | --- | --- |',
    ...r.aborts.map(
      (a: Result) =>
        `| ${a.clickThroughDrop} lower | ${a.result} | ${a.secondsToAbort === null ? '—' : `${a.secondsToAbort} s`} |`
    )
  ]
}
