// npm run bench: sticky canaries and business gates. (1) On real nginx (Lua mode) and real
// HAProxy set up as the README says, 10,000 users with a cookie go through 0 → 1 → 5 → 20 → 50 →
// 100: the share of users and of unkeyed requests on the canary per step, and how many users ever
// went back from canary to stable (target 0). (2) A canary whose click-through is 10% and 20%
// lower than the baseline's, at 200 requests/s of sticky users, judged by a business gate
// (higher-is-better, counts answered by a webhook): the time from the step's start to the abort.
// Writes bench/results/sticky.json. Measures; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { startSampleService } from '../demo/sample-service.js'
import { parseSettings } from '../src/config/parse-settings.js'
import { systemClock } from '../src/platform/clock.js'
import { ExecCommandRunner } from '../src/platform/command-runner.js'
import { NodeHttpClient } from '../src/platform/http-client.js'
import { MemoryLogger } from '../src/platform/logger.js'
import { createRouter } from '../src/routers/factory.js'
import { runInProcess } from '../__tests__/support/canary-lab.js'
import { ClickAnalytics } from '../__tests__/support/click-analytics.js'
import { colorsThrough, Front, haproxyFront, luaFront } from '../__tests__/support/sticky-fronts.js'
import { benchRun, writeResult } from './run-id.js'
import { round } from './stats.js'
import { loadYamlParser } from '../src/config/yaml.js'

// These call the settings parsers directly (run() loads the YAML parser on demand).
await loadYamlParser()

const USERS = 10_000
const STEPS = [0, 1, 5, 20, 50, 100]
const RATE = 200
const BASE_CTR = 0.3

const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-bench-sticky-'))
const services = [
  await startSampleService({ port: 0, version: 'v1', color: 'blue' }),
  await startSampleService({ port: 0, version: 'v2', color: 'green' })
]
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 })

const colors = (url: string, requests: Record<string, string>[]) =>
  colorsThrough(url, agent, requests)

const users = Array.from({ length: USERS }, (_, i) => ({ cookie: `uid=user-${i}` }))
const share = (answers: string[]) =>
  round((answers.filter(c => c === 'green').length * 100) / answers.length, 2)

async function splitAccuracy(front: Front, name: string) {
  const settings = parseSettings(key => front.inputs[key], 'canary-step')
  const router = createRouter(settings, {
    runner: new ExecCommandRunner(),
    http: new NodeHttpClient(),
    clock: systemClock,
    log: new MemoryLogger()
  })
  const history: string[][] = users.map(() => [])
  const steps = []
  for (const weight of STEPS) {
    await router.setWeights({ blue: 100 - weight, green: weight }, 'green')
    const answers = await colors(front.url, users)
    answers.forEach((color, i) => history[i].push(color))
    const unkeyed = await colors(
      front.url,
      Array.from({ length: USERS }, () => ({}))
    )
    steps.push({ weight, byUsers: share(answers), byRequests: share(unkeyed) })
  }
  await router.setWeights({ blue: 100, green: 0 })
  const flips = history.filter(seq =>
    seq.some((c, i) => i > 0 && c === 'blue' && seq[i - 1] === 'green')
  ).length
  console.log(`sticky: ${name} split measured`)
  return { router: name, users: USERS, steps, usersBackToStable: flips }
}

/** Sticky users at RATE requests/s; each clicks with its version's click-through. */
function traffic(url: string, ctr: Record<string, number>, analytics: ClickAnalytics) {
  const timer = setInterval(() => {
    for (let i = 0; i < RATE / 20; i++) {
      const user = users[Math.floor(Math.random() * USERS)]
      colors(url, [user])
        .then(([color]) => {
          const version = color === 'green' ? 'v2' : 'v1'
          analytics.count(version, Math.random() < (ctr[version] ?? 0))
        })
        .catch(() => {})
    }
  }, 50)
  return () => clearInterval(timer)
}

async function timeToAbort(front: Front, drop: number) {
  const analytics = new ClickAnalytics()
  const server = http.createServer((request, response) => void analytics.answer(request, response))
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gate`
  await runInProcess('switch', {
    ...front.inputs,
    environment: `abort-${drop}`,
    'switch-to': 'blue',
    force: 'true'
  })
  analytics.startFromNow()
  const stop = traffic(front.url, { v1: BASE_CTR, v2: BASE_CTR * (1 - drop) }, analytics)
  try {
    const run = await runInProcess('release', {
      ...front.inputs,
      environment: `abort-${drop}`,
      version: 'v2',
      'canary-steps': '50@10m, 100',
      'analysis-interval': '5s',
      metrics: JSON.stringify([
        {
          name: 'click-through',
          provider: 'webhook',
          url,
          compare: 'baseline',
          direction: 'higher-is-better'
        }
      ])
    })
    const step = run.report.canarySteps[0]
    console.log(
      `sticky: ${drop * 100}% lower click-through → ${run.report.result} after ${Math.round((step?.durationMs ?? 0) / 1000)} s`
    )
    return {
      clickThroughDrop: `${drop * 100}%`,
      result: run.report.result,
      secondsToAbort: step && step.outcome === 'fail' ? round(step.durationMs / 1000, 1) : null,
      verdict: step?.reason ?? run.report.headline
    }
  } finally {
    stop()
    server.close()
  }
}

const split = []
let aborts: object[] = []
for (const [name, start] of [
  ['nginx-mode lua', luaFront],
  ['haproxy', haproxyFront]
] as const) {
  const front = await start(dir, services)
  try {
    split.push(await splitAccuracy(front, name))
    if (name === 'nginx-mode lua')
      aborts = [await timeToAbort(front, 0.1), await timeToAbort(front, 0.2)]
  } finally {
    await front.stop()
  }
}

writeResult('sticky', {
  ...benchRun(),
  setup: `10,000 users (cookie uid) through 0 → 1 → 5 → 20 → 50 → 100 on each router; per step 10,000 keyed and 10,000 unkeyed requests. Aborts: ${RATE} req/s of sticky users through nginx (Lua mode), base click-through ${BASE_CTR * 100}%, canary at 50%, webhook business gate (higher-is-better, α 0.01), analysis-interval 5 s`,
  split,
  aborts
})
agent.destroy()
await Promise.all(services.map(s => s.close()))
rmSync(dir, { recursive: true, force: true })
