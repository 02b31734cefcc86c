import { afterAll, beforeAll, expect, test } from '@jest/globals'
import http from 'node:http'
import { AddressInfo } from 'node:net'
import path from 'node:path'
import { Counter, Registry } from 'prom-client'
import { CanaryLab, runInProcess, startCanaryLab } from '../support/canary-lab.js'
import { ClickAnalytics } from '../support/click-analytics.js'
import { PrometheusLab, startPrometheus } from '../support/prometheus.js'

/**
 * A business gate on real traffic: simulated users get recommendations through nginx and click
 * some of them, at a rate that depends on the version that answered; the front end's analytics
 * count recommendations shown and clicks per version, Prometheus scrapes them, and a
 * higher-is-better compare gate judges the canary's click-through against the baseline's.
 */

let lab: CanaryLab
let prometheus: PrometheusLab
let analytics: http.Server
const registry = new Registry()
const shown = new Counter({
  name: 'recommendations_shown_total',
  help: 'recommendations shown',
  labelNames: ['version'],
  registers: [registry]
})
const clicks = new Counter({
  name: 'recommendation_clicks_total',
  help: 'recommendations clicked',
  labelNames: ['version'],
  registers: [registry]
})

beforeAll(async () => {
  lab = await startCanaryLab('business-gate', 'nginx')
  await lab.startCanary({})
  analytics = http.createServer(async (request, response) => {
    // The analytics system's own gate API, or its Prometheus page.
    if (await clickAnalytics.answer(request, response)) return
    response.setHeader('content-type', registry.contentType)
    response.end(await registry.metrics())
  })
  await new Promise<void>(resolve => analytics.listen(0, '127.0.0.1', resolve))
  prometheus = await startPrometheus(path.join(lab.dir, 'prometheus'), [
    `127.0.0.1:${(analytics.address() as AddressInfo).port}`
  ])
}, 30_000)
afterAll(async () => {
  await prometheus?.stop()
  await new Promise(r => analytics?.close(r))
  await lab?.stop()
})

/** Recommendations shown and clicks per version, as the analytics system's gate API reports them. */
const clickAnalytics = new ClickAnalytics()

/** Users through nginx until stopped; each clicks with the rate of the version that answered. */
function users(clickRate: Record<string, number>) {
  let running = true
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })
  const loops = Array.from({ length: 8 }, async () => {
    while (running) {
      const version = await new Promise<string>(resolve =>
        http
          .get(lab.url, { agent }, response => {
            response.resume()
            response.on('end', () => resolve(String(response.headers['x-version'])))
          })
          .on('error', () => resolve('error'))
      )
      if (version === 'error') continue
      shown.inc({ version })
      const clicked = Math.random() < (clickRate[version] ?? 0)
      if (clicked) clicks.inc({ version })
      clickAnalytics.count(version, clicked)
    }
  })
  return async () => {
    running = false
    await Promise.all(loops)
    agent.destroy()
  }
}

const gate = JSON.stringify([
  {
    name: 'click-through',
    provider: 'prometheus',
    compare: 'baseline',
    direction: 'higher-is-better',
    // A false abort of the equal canary would fail this test: 1 in 1000 runs, not 1 in 100.
    alpha: 0.001,
    'requests-query': 'sum by (version) (recommendations_shown_total)',
    'events-query': 'sum by (version) (recommendation_clicks_total)'
  }
])

async function release(environment: string, clickRate: Record<string, number>, metrics = gate) {
  // Each release starts from the same place: all traffic on blue (v1, the lab's stable
  // service), the canary v2 on green, and counts reported from now on.
  const back = await runInProcess('switch', {
    ...lab.inputs,
    environment,
    'switch-to': 'blue',
    force: 'true'
  })
  if (back.report.outputs['active-color'] !== 'blue') throw new Error(back.report.headline)
  clickAnalytics.startFromNow()
  const stop = users(clickRate)
  try {
    return await runInProcess('release', {
      ...lab.inputs,
      environment,
      version: 'v2',
      'canary-steps': '50, 100',
      'bake-time': '8s',
      'analysis-interval': '1s',
      'prometheus-url': prometheus.url,
      metrics
    })
  } finally {
    await stop()
  }
}

test('a canary whose click-through is 20% lower is aborted by the business gate, in its own words', async () => {
  const run = await release('ctr-lower', { v1: 0.3, v2: 0.24 })
  expect(run.report.result).toBe('failure')
  expect(run.report.headline).toMatch(
    /canary v2 aborted; all traffic is back on blue\. gate failed at 50%: click-through: canary \d+\/\d+ click-through \(2\d\.\d\d%\) vs baseline \d+\/\d+ click-through \(\d\d\.\d\d%\).* → the canary's click-through is lower than the baseline's: abort/
  )
}, 90_000)

test('an equal one passes every step', async () => {
  const run = await release('ctr-equal', { v1: 0.3, v2: 0.3 })
  expect(run.error).toBeUndefined()
  expect(run.report.result).toBe('success')
  expect(run.report.canarySteps.map(s => `${s.weight} ${s.outcome}`)).toEqual([
    '50 pass',
    '100 pass'
  ])
}, 90_000)

/** The same judgement from the analytics system's own API: a webhook, or a command asking it. */
function reportedGate(provider: 'webhook' | 'command'): string {
  const url = `http://127.0.0.1:${(analytics.address() as AddressInfo).port}/gate`
  return JSON.stringify([
    {
      name: 'click-through',
      provider,
      compare: 'baseline',
      direction: 'higher-is-better',
      alpha: 0.001,
      ...(provider === 'webhook'
        ? { url }
        : {
            command: [
              process.execPath,
              '-e',
              `fetch('${url}?canary=' + process.env.PD_CANARY_VERSION + '&stable=' + process.env.PD_STABLE_VERSION).then(r => r.text()).then(t => console.log(t))`
            ]
          })
    }
  ])
}

test('counts answered by a webhook: a canary with 20% lower click-through is aborted', async () => {
  const run = await release('ctr-webhook', { v1: 0.3, v2: 0.24 }, reportedGate('webhook'))
  expect(run.report.result).toBe('failure')
  expect(run.report.headline).toMatch(
    /gate failed at 50%: click-through: canary \d+\/\d+ click-through .*the canary's click-through is lower than the baseline's: abort/
  )
}, 90_000)

test('counts printed by a command: an equal canary passes every step', async () => {
  const run = await release('ctr-command', { v1: 0.3, v2: 0.3 }, reportedGate('command'))
  expect(run.error).toBeUndefined()
  expect(run.report.result).toBe('success')
  expect(run.report.canarySteps.map(s => `${s.weight} ${s.outcome}`)).toEqual([
    '50 pass',
    '100 pass'
  ])
}, 90_000)
