import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { runActionJob } from '../support/action-env.js'
import { FakeGitHub } from '../support/fake-github.js'
import { answeredBy, Lab, startLab } from '../support/lab.js'

const TOKEN = 'ghs_integration_token_should_never_show_0001'
const SHA = 'c0ffee'.padEnd(40, '0')
const ENV = 'test'
let lab: Lab
let github: FakeGitHub
/** Everything any run printed or wrote, to check the token never leaks. */
const seen: string[] = []

beforeAll(async () => {
  lab = await startLab('github')
  github = new FakeGitHub(TOKEN)
  await github.start()
})
afterAll(async () => {
  await Promise.all([lab?.stop(), github?.stop()])
})
// Every request and answer matched GitHub's OpenAPI description: no unknown endpoint,
// parameter or field.
afterEach(() => {
  expect(github.problems).toEqual([])
})

const noop = JSON.stringify([process.execPath, '-e', '0'])
const fail = JSON.stringify([process.execPath, '-e', 'process.exit(1)'])

/** `node dist/index.js` as a job of workflow run `runId` with state in GitHub deployments. */
async function job(runId: number, inputs: Record<string, string>) {
  const result = await runActionJob({
    apiUrl: github.url,
    sha: SHA,
    runId,
    inputs: {
      ...lab.inputs,
      'github-token': TOKEN,
      'deploy-command': noop,
      'service-url': 'https://recs.example.com',
      ...inputs
    }
  })
  seen.push(result.stdout, result.stderr, result.summary, JSON.stringify(result.outputs))
  return result
}

const commitStatuses = (context: string) =>
  github.commitStatuses.filter(s => s.context === context).map(s => [s.state, s.description])
const lastStatus = (index: number) => github.history(ENV)[index].statuses.at(-1)

describe('state in GitHub deployments, through node dist/index.js', () => {
  test('a full blue/green release leaves one deployment with a status per step, and a commit status', async () => {
    const result = await job(1001, { version: 'v2' })
    expect(result.stdout).not.toMatch(/::error::/)
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      'active-color': 'green',
      version: 'v2',
      result: 'success'
    })

    const [release] = github.history(ENV)
    expect(release.deployment).toMatchObject({
      task: 'progressive-deploy',
      environment: ENV,
      ref: SHA,
      production_environment: false,
      transient_environment: false,
      payload: { version: 'v2', color: 'green', runId: '1001', actor: 'octocat' }
    })
    expect(release.statuses.map(s => [s.state, String(s.description).split(':')[0]])).toEqual([
      ['in_progress', 'deploying'],
      ['in_progress', 'deployed'],
      ['in_progress', 'verified'],
      ['success', 'live']
    ])
    expect(
      release.statuses.every(
        s =>
          s.log_url === 'https://github.com/octo-org/recommendations/actions/runs/1001' &&
          s.environment_url === 'https://recs.example.com'
      )
    ).toBe(true)
    expect(commitStatuses(`progressive-deploy/${ENV}`)).toEqual([
      ['pending', 'blue/green: deploying v2 to green'],
      ['success', expect.stringMatching(/^v2 on green takes all traffic/)]
    ])
    expect(result.summary).toContain(
      `[deployments of ${ENV}](https://github.com/octo-org/recommendations/deployments/${ENV})`
    )
    expect(github.problems).toEqual([])
  })

  test('a later job, in another run, reads the state the first wrote', async () => {
    const result = await job(1002, { command: 'status' })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ 'active-color': 'green', version: 'v2' })
    expect(result.summary).toMatch(/\| \d+ \| v2 \| green \| live \| \[octocat\]/)
  })

  test('a second rollout while one is in progress is refused, naming the run that holds it', async () => {
    const first = await job(1003, { command: 'deploy-green', version: 'v3' })
    expect(first.code).toBe(0)
    github.runs.set(1003, 'in_progress')
    const upstream = readFileSync(lab.nginx.upstreamFile, 'utf8')

    const second = await job(1004, { command: 'deploy-green', version: 'v4' })
    expect(second.code).toBe(1)
    expect(second.stdout).toMatch(
      /::error::force: environment "test" has a rollout in progress: v3 on blue \(deployed\).*actions\/runs\/1003/
    )
    expect(readFileSync(lab.nginx.upstreamFile, 'utf8')).toBe(upstream)
    expect(github.history(ENV).length).toBe(2)
  })

  test('a failed verify leaves a failure status, a failing check on the commit, and traffic where it was', async () => {
    const result = await job(1003, { command: 'verify', 'smoke-command': fail })
    expect(result.code).toBe(1)
    expect(lastStatus(1)).toMatchObject({
      state: 'failure',
      description: 'failed: smoke test exited 1 on blue (v3)'
    })
    expect(commitStatuses(`progressive-deploy/verify (${ENV})`)).toEqual([
      ['failure', 'smoke test exited 1 on blue (v3); traffic stays on green.']
    ])
    expect(commitStatuses(`progressive-deploy/${ENV}`).at(-1)).toEqual([
      'failure',
      'smoke test exited 1 on blue (v3)'
    ])
    for (let i = 0; i < 5; i++) expect(await answeredBy(lab.nginx.url)).toBe('green')
  })

  test('the payload holds the plan: steps and the release it replaces', () => {
    const v3 = github.history(ENV)[1].deployment.payload
    expect(v3).toMatchObject({
      strategy: 'blue-green',
      steps: ['deploy-green', 'verify', 'switch'],
      replaces: { version: 'v2', color: 'green' }
    })
  })

  test('rollback after a bad release restores the previous version through nginx and records who, why, from and to', async () => {
    expect((await job(1005, { version: 'v3.1' })).code).toBe(0)
    expect(await answeredBy(lab.nginx.url)).toBe('blue')

    const result = await job(1006, { command: 'rollback', reason: 'p95 doubled' })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      'active-color': 'green',
      version: 'v2',
      'previous-version': 'v3.1'
    })
    for (let i = 0; i < 5; i++) expect(await answeredBy(lab.nginx.url)).toBe('green')

    const history = github.history(ENV)
    const rollback = history.at(-1)!
    expect(rollback.deployment.payload).toMatchObject({
      kind: 'rollback',
      version: 'v2',
      color: 'green',
      actor: 'octocat',
      runId: '1006',
      rollback: { from: { version: 'v3.1', color: 'blue' }, reason: 'p95 doubled' }
    })
    expect(rollback.statuses.at(-1)).toMatchObject({
      state: 'success',
      description: expect.stringMatching(
        /^live: rolled back to v2 on green by octocat: p95 doubled/
      )
    })
    const bad = history.find(h => (h.deployment.payload as { version: string }).version === 'v3.1')!
    expect(bad.statuses.at(-1)).toMatchObject({
      state: 'failure',
      description: 'rolled back: rolled back by octocat: p95 doubled'
    })
    expect(github.problems).toEqual([])
  })

  test('plan on an invalid configuration posts a failing check with the first problem', async () => {
    const result = await job(1007, {
      command: 'plan',
      'blue-address': 'not-an-address',
      'probe-url': 'nope'
    })
    expect(result.code).toBe(1)
    expect(commitStatuses('progressive-deploy/plan')).toEqual([
      ['failure', 'blue-address: "not-an-address" is not host:port (e.g. 10.0.0.5:8080).']
    ])
    expect(result.summary).toMatch(/\| \*\*probe-url\*\* \| "nope" is not an http\(s\) URL\. \|/)

    const valid = await job(1008, { command: 'plan', 'smoke-command': noop })
    expect(valid.code).toBe(0)
    expect(commitStatuses('progressive-deploy/plan').at(-1)).toEqual([
      'success',
      'plan ok: blue/green into test, gates: health, smoke, traffic confirmation'
    ])
    expect(valid.summary).toMatch(
      /\| \*\*gate: health\*\* \| GET http:\/\/&lt;color address>\/healthz → 200/
    )
  })

  test('500, 502 and rate-limit answers are retried and the rollout ends correctly', async () => {
    github.faults.push({ status: 500 }, { status: 502 }, { status: 403, resetInSeconds: 1 })
    const result = await job(1009, { version: 'v5' })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/server error 500; retrying/)
    expect(result.stdout).toMatch(/rate limited \(403\)/)
    expect(github.history(ENV).at(-1)?.statuses.at(-1)).toMatchObject({ state: 'success' })
    expect(await answeredBy(lab.nginx.url)).toBe('blue')
  }, 30_000)

  test('an API that stays down fails the step with a clear message and leaves traffic where it was', async () => {
    github.down = true
    try {
      const result = await job(1010, { version: 'v6' })
      expect(result.code).toBe(1)
      expect(result.stdout).toMatch(
        /::error::GitHub API GET \/repos\/\{owner\}\/\{repo\}\/deployments failed: server error 503 after 5 attempts/
      )
    } finally {
      github.down = false
    }
    for (let i = 0; i < 5; i++) expect(await answeredBy(lab.nginx.url)).toBe('blue')
  }, 30_000)

  test('the token is masked for the runner and appears in no log line, summary or output', () => {
    expect(seen.length).toBeGreaterThan(20)
    // ::add-mask:: is the instruction that makes the runner hide the value; it is never displayed.
    expect(seen.some(text => text.includes(`::add-mask::${TOKEN}`))).toBe(true)
    for (const text of seen) expect(text.replace(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN)
  })
})
