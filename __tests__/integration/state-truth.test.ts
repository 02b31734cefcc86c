import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { JobResult, runActionJob, startActionJob } from '../support/action-env.js'
import { FakeGitHub, SeenRequest } from '../support/fake-github.js'
import { answeredBy, Lab, startLab } from '../support/lab.js'
import { invariantProblems } from '../support/state-invariants.js'

/**
 * The record never lies: through `node dist/index.js`, with state in the local GitHub API (every
 * request checked against GitHub's OpenAPI description) and real nginx, under API faults, runs
 * started together, a forced takeover, a commit-status outage, previews and a killed canary.
 */

const TOKEN = 'ghs_state_truth_token_0042'
const sha = (n: number) => n.toString(16).padStart(40, '0')
let lab: Lab
let github: FakeGitHub
let dir: string
let deployLog: string

beforeAll(async () => {
  lab = await startLab('truth')
  github = new FakeGitHub(TOKEN)
  await github.start()
  dir = mkdtempSync(path.join(os.tmpdir(), 'pd-truth-'))
  deployLog = path.join(dir, 'deploys.log')
})
afterAll(async () => {
  await Promise.all([lab?.stop(), github?.stop()])
  rmSync(dir, { recursive: true, force: true })
})
afterEach(() => {
  github.rules.length = 0
  github.down = false
  // No request of any test may use an endpoint, parameter or field GitHub does not have.
  expect(github.problems).toEqual([])
})

/** A deploy command that logs what it deployed (and, slow, that it finished). */
const deploy = (slowMs = 0) =>
  JSON.stringify([
    process.execPath,
    '-e',
    `const log = m => require('fs').appendFileSync(process.env.DEPLOY_LOG, m + '\\n');
     log('start ' + process.env.PD_VERSION + ' ' + process.env.PD_COLOR);
     setTimeout(() => log('done ' + process.env.PD_VERSION), ${slowMs})`
  ])
const deploys = () =>
  existsSync(deployLog) ? readFileSync(deployLog, 'utf8').split('\n').filter(Boolean) : []

function job(
  runId: number,
  environment: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {}
) {
  return {
    apiUrl: github.url,
    sha: sha(runId),
    runId,
    inputs: {
      ...lab.inputs,
      environment,
      'github-token': TOKEN,
      'deploy-command': deploy(),
      'confirm-timeout': '5s',
      ...inputs
    },
    env: { DEPLOY_LOG: deployLog, PROGRESSIVE_DEPLOY_LEASE_CHECK_MS: '300', ...env }
  }
}
const run = (runId: number, environment: string, inputs: Record<string, string>, env = {}) =>
  runActionJob(job(runId, environment, inputs, env))

/** The color that takes no traffic now: where the next release goes. */
const idleColor = async () => ((await answeredBy(lab.nginx.url)) === 'blue' ? 'green' : 'blue')

const isLiveStatus = (r: SeenRequest) =>
  r.method === 'POST' &&
  /\/statuses$/.test(r.path) &&
  String(r.body.description).startsWith('live:')

/** Everything a run may print: no token, and a clear line on failure. */
function printed(result: JobResult): string {
  const text = `${result.stdout}\n${result.stderr}`
  expect(text.replace(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN)
  return text
}

describe('the record never lies (dist/index.js, local GitHub API, real nginx)', () => {
  test('API down from the live status on: the run names what serves; the next run reconciles', async () => {
    const env = 'api-live'
    expect((await run(2001, env, { version: 'v1' })).code).toBe(0)
    const target = await idleColor()
    github.rules.push({
      status: 500,
      when: r => {
        if (isLiveStatus(r)) github.down = true
        return isLiveStatus(r)
      }
    })
    const failing = await run(2002, env, { version: 'v2' })
    expect(failing.code).toBe(1)
    expect(failing.outputs).toMatchObject({
      'active-color': target,
      version: 'v2',
      result: 'failure'
    })
    expect(printed(failing)).toMatch(
      new RegExp(
        `::error::v2 on ${target} takes all traffic; recording it failed: .*The next run records it\\.`
      )
    )
    for (let i = 0; i < 5; i++) expect(await answeredBy(lab.nginx.url)).toBe(target)
    github.down = false
    github.rules.length = 0

    const next = await run(2003, env, { version: 'v3' })
    expect(next.code).toBe(0)
    expect(next.summary).toMatch(new RegExp(`reconcile v2 on ${target} .*→ live`))
    const [v1, v2, v3] = github.history(env)
    expect(v1.statuses.at(-1)).toMatchObject({ state: 'inactive' })
    expect(v2.statuses.map(s => s.state)).toContain('success')
    expect(v2.statuses.at(-1)).toMatchObject({ state: 'inactive' })
    expect(v3.statuses.at(-1)).toMatchObject({ state: 'success' })
    expect(invariantProblems(github, env)).toEqual([])
  }, 60_000)

  test('API fails just after the router change, having recorded it: the run says so; the next run settles two lives', async () => {
    const env = 'api-applied'
    expect((await run(2101, env, { version: 'v1' })).code).toBe(0)
    const target = await idleColor()
    const before = github.history(env).length
    github.rules.push({
      status: 502,
      afterApplying: true,
      when: r => {
        if (isLiveStatus(r)) github.down = true
        return isLiveStatus(r)
      }
    })
    const failing = await run(2102, env, { version: 'v2' })
    expect(failing.code).toBe(1)
    expect(failing.outputs).toMatchObject({ 'active-color': target, version: 'v2' })
    expect(printed(failing)).toMatch(
      new RegExp(`::error::v2 on ${target} takes all traffic; recording it failed`)
    )
    expect(github.history(env)[before].statuses.at(-1)).toMatchObject({ state: 'success' })
    github.down = false
    github.rules.length = 0
    // GitHub did apply it: v2 is live, v1 too. The next run leaves one.
    const status = await run(2103, env, { command: 'status' })
    expect(status.code).toBe(0)
    expect((await run(2104, env, { version: 'v3' })).code).toBe(0)
    expect(invariantProblems(github, env)).toEqual([])
  }, 60_000)

  test('GitHub answers 5xx after applying a write: the retried POSTs leave no duplicate deployment or status', async () => {
    const env = 'applied-writes'
    const once = (matches: (r: SeenRequest) => boolean) =>
      github.rules.push({ status: 502, afterApplying: true, times: 1, when: matches })
    once(r => r.method === 'POST' && /\/deployments$/.test(r.path))
    once(r => r.method === 'POST' && String(r.body.description).startsWith('deployed:'))
    once(r => r.method === 'POST' && String(r.body.description).startsWith('live:'))
    const result = await run(2201, env, { version: 'v1' })
    expect(result.code).toBe(0)
    const history = github.history(env)
    expect(history).toHaveLength(1)
    const phases = history[0].statuses.map(s => String(s.description).split(':')[0])
    expect(phases).toEqual(['deploying', 'deployed', 'verified', 'live'])
    expect(invariantProblems(github, env)).toEqual([])
  }, 60_000)

  test('two runs started in the same tick, 20 times: exactly one proceeds; the other changes nothing', async () => {
    const env = 'race'
    const upstream = () => readFileSync(lab.nginx.upstreamFile, 'utf8')
    let lastWinner = 0
    let raced = 0
    for (let i = 0; i < 20; i++) {
      const runs = [3000 + 2 * i, 3001 + 2 * i]
      for (const id of runs) github.runs.set(id, 'in_progress')
      const startedDeploys = deploys().length
      const router = upstream()
      const results = await Promise.all(
        runs.map(id => run(id, env, { command: 'deploy-green', version: `r${id}` }))
      )
      const winners = results.filter(r => r.code === 0)
      expect(winners).toHaveLength(1)
      const loser = results.find(r => r.code !== 0) as JobResult
      expect(printed(loser)).toMatch(
        /another run claimed the environment in the same moment|has a rollout in progress/
      )
      if (/in the same moment/.test(printed(loser))) raced++
      const deployed = deploys().slice(startedDeploys)
      expect(deployed.filter(l => l.startsWith('start'))).toHaveLength(1)
      expect(upstream()).toBe(router)
      // The winner verifies (at rest): the next pair supersedes it.
      const winnerRun = runs[results.indexOf(winners[0])]
      lastWinner = winnerRun
      expect((await run(winnerRun, env, { command: 'verify' })).code).toBe(0)
    }
    // Both ways of losing happen: seeing the winner's claim when checking, and claiming too.
    expect(raced).toBeGreaterThan(0)
    // Every claim ended but the last winner's: losers failed naming the winner, earlier
    // winners superseded while they waited.
    const history = github.history(env)
    const open = history.filter(h => h.statuses.at(-1)?.state === 'in_progress')
    expect(open.map(h => (h.deployment.payload as { version: string }).version)).toEqual([
      `r${lastWinner}`
    ])
    for (const h of history.filter(h => !open.includes(h)))
      expect(['failure', 'inactive']).toContain(h.statuses.at(-1)?.state)
  }, 120_000)

  test('force while the holder still deploys: the holder is stopped, never moves traffic, and stays failed', async () => {
    const env = 'forced'
    expect((await run(4000, env, { version: 'v1' })).code).toBe(0)
    const serving = await answeredBy(lab.nginx.url)
    const target = await idleColor()
    github.runs.set(4001, 'in_progress')
    const holder = startActionJob(
      job(4001, env, { version: 'slow', 'deploy-command': deploy(4000) })
    )
    // Wait for the holder's deploy to start, then force a release past it.
    for (let i = 0; i < 100 && !deploys().includes(`start slow ${target}`); i++)
      await new Promise(r => setTimeout(r, 50))
    const forced = await run(4002, env, { version: 'v5', force: 'true' })
    expect(forced.code).toBe(0)
    const held = await holder.done
    expect(held.code).toBe(1)
    expect(printed(held)).toMatch(
      /no longer holds the lease: it is failed \(taken over by octocat \(force\)\).*stopped/
    )
    // Its deploy command was stopped: it never finished writing, after losing or at all.
    expect(deploys()).not.toContain('done slow')
    // The forced release took the idle color and all traffic; the holder moved none.
    expect(await answeredBy(lab.nginx.url)).toBe(target)
    expect(serving).not.toBe(target)
    const slow = github
      .history(env)
      .find(h => (h.deployment.payload as { version: string }).version === 'slow')!
    const states = slow.statuses.map(s => s.state)
    expect(states.at(-1)).toBe('failure')
    expect(states.slice(states.indexOf('failure'))).toEqual(['failure'])
    expect(invariantProblems(github, env)).toEqual([])
  }, 60_000)

  test('commit statuses down: the release stops before deploying and closes the deployment it opened', async () => {
    const env = 'no-commit-status'
    const started = deploys().length
    github.rules.push({
      status: 500,
      when: r => r.method === 'POST' && r.path.includes('/statuses/')
    })
    const result = await run(5000, env, { version: 'v1' })
    expect(result.code).toBe(1)
    expect(deploys().length).toBe(started)
    const [only] = github.history(env)
    expect(only.statuses.at(-1)).toMatchObject({ state: 'failure' })
    expect(only.statuses.at(-1)?.description).toMatch(
      /not started: its commit status could not be posted/
    )
  }, 60_000)

  test('a PR preview pushed twice without actions: read: the second proceeds, the first is superseded and its check resolved', async () => {
    const env = 'preview'
    github.rules.push({
      status: 403,
      forbidden: true,
      when: r => r.path.includes('/actions/runs/')
    })
    for (const runId of [6001, 6002]) {
      const deployed = await run(runId, env, { command: 'deploy-green', version: `pr-${runId}` })
      expect(deployed.code).toBe(0)
      expect((await run(runId, env, { command: 'verify' })).code).toBe(0)
    }
    const [first, second] = github.history(env)
    expect(first.statuses.at(-1)).toMatchObject({
      state: 'inactive',
      description: 'superseded: superseded by pr-6002 (octocat) before it took traffic'
    })
    expect(second.statuses.at(-1)).toMatchObject({ state: 'in_progress' })
    const checks = github.commitStatuses.filter(
      s => s.sha === sha(6001) && s.context === `progressive-deploy/${env}`
    )
    expect(checks.at(-1)).toMatchObject({ state: 'success' })
  }, 60_000)

  test('kill -9 at a 20% canary: status names the recovery; rollback puts all traffic back, confirmed', async () => {
    const env = 'killed-canary'
    expect((await run(7000, env, { version: 'v1' })).code).toBe(0)
    const stable = await answeredBy(lab.nginx.url)
    github.runs.set(7001, 'in_progress')
    const canary = startActionJob(
      job(7001, env, {
        strategy: 'canary',
        version: 'v2',
        'canary-steps': '20, 100',
        'bake-time': '5m',
        'analysis-interval': '1s'
      })
    )
    const atTwenty = () =>
      github
        .history(env)
        .at(-1)
        ?.statuses.some(s => String(s.description).startsWith('canary 20%'))
    for (let i = 0; i < 200 && !atTwenty(); i++) await new Promise(r => setTimeout(r, 50))
    expect(atTwenty()).toBe(true)
    // The record says 20% as the step starts; the kill must come once nginx runs it (a kill
    // before the reload leaves a file nginx never loaded, and status then rightly says the
    // canary took no traffic).
    let canaryAnswered = false
    for (let i = 0; i < 400 && !canaryAnswered; i++)
      canaryAnswered = (await answeredBy(lab.nginx.url)) !== stable
    expect(canaryAnswered).toBe(true)
    process.kill(-canary.pid, 'SIGKILL')
    await canary.done
    github.runs.set(7001, 'completed')

    const status = await run(7002, env, { command: 'status', strategy: 'canary' })
    expect(status.summary).toMatch(
      /its run \(.*7001\) is gone and 20% of traffic stays on \w+\. Run rollback/
    )
    const rolled = await run(7003, env, { command: 'rollback', reason: 'killed' })
    expect(rolled.code).toBe(0)
    expect(rolled.outputs).toMatchObject({ 'active-color': stable, 'canary-weight': '0' })
    for (let i = 0; i < 20; i++) expect(await answeredBy(lab.nginx.url)).toBe(stable)
    expect(invariantProblems(github, env)).toEqual([])
  }, 60_000)
})
