import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { ConfigurationError, LeaseLost } from '../../src/errors.js'
import { OctokitGitHubApi } from '../../src/platform/github-api.js'
import { MemoryLogger } from '../../src/platform/logger.js'
import { GitHubDeploymentsStore } from '../../src/state/github-deployments-store.js'
import { RolloutPlan } from '../../src/state/types.js'
import { FakeGitHub } from '../support/fake-github.js'
import { FakeClock } from '../support/fakes.js'
import { claimLease } from '../../src/state/claim.js'

const TOKEN = 'ghs_test_token_0123456789'
const SHA = 'a'.repeat(40)
let github: FakeGitHub

beforeAll(async () => {
  github = new FakeGitHub(TOKEN)
  await github.start()
})
afterAll(async () => {
  await github.stop()
})
// Every request and answer matched GitHub's OpenAPI description: no unknown endpoint,
// parameter or field.
afterEach(() => {
  expect(github.problems).toEqual([])
})
let environment = ''
let counter = 0
beforeEach(() => {
  environment = `env-${++counter}`
  github.problems.length = 0
})

const api = () =>
  new OctokitGitHubApi(
    {
      token: TOKEN,
      apiUrl: github.url,
      owner: 'octo-org',
      repo: 'recommendations'
    },
    new FakeClock(),
    new MemoryLogger(),
    { attempts: 3, baseDelayMs: 1, maxWaitMs: 5000 }
  )
const store = (client = api()) =>
  new GitHubDeploymentsStore(
    client,
    {
      sha: SHA,
      environmentUrl: 'https://recs.example.com',
      logUrl: 'https://github.com/octo-org/recommendations/actions/runs/100',
      transientEnvironment: false
    },
    new MemoryLogger()
  )
const plan = (
  version: string,
  color: 'blue' | 'green',
  extra: Partial<RolloutPlan> = {}
): Omit<RolloutPlan, 'seenUpTo'> => ({
  environment,
  kind: 'release',
  version,
  color,
  actor: 'octocat',
  runId: '100',
  runUrl: 'https://github.com/octo-org/recommendations/actions/runs/100',
  sha: '',
  description: `blue/green: deploying ${version} to ${color}`,
  force: false,
  strategy: 'blue-green',
  steps: ['deploy-green', 'verify', 'switch'],
  ...extra
})

/** A release that went live and superseded the one before. */
async function liveRelease(
  s: GitHubDeploymentsStore,
  version: string,
  color: 'blue' | 'green',
  runId: string
) {
  const state = await s.load(environment)
  const record = await claimLease(s, plan(version, color, { runId }))
  await s.transition(record, { phase: 'deployed', description: 'healthy' })
  await s.transition(record, { phase: 'live', description: `${version} takes all traffic` })
  if (state?.live)
    await s.transition(state.live, { phase: 'superseded', description: `superseded by ${version}` })
}

describe('GitHubDeploymentsStore against the local GitHub API', () => {
  test('writes one deployment per release and a status per transition; a new process reads it all back', async () => {
    await liveRelease(store(), 'v1', 'green', '100')
    await liveRelease(store(), 'v2', 'blue', '101')

    const [first, second] = github.history(environment)
    expect(first.deployment).toMatchObject({
      task: 'progressive-deploy',
      ref: SHA,
      environment,
      payload: { 'progressive-deploy': 1, version: 'v1', color: 'green', strategy: 'blue-green' }
    })
    expect(first.statuses.map(s => [s.state, s.description])).toEqual([
      ['in_progress', 'deploying: blue/green: deploying v1 to green'],
      ['in_progress', 'deployed: healthy'],
      ['success', 'live: v1 takes all traffic'],
      ['inactive', 'superseded: superseded by v2']
    ])
    expect(second.statuses[0]).toMatchObject({
      log_url: 'https://github.com/octo-org/recommendations/actions/runs/100',
      environment_url: 'https://recs.example.com'
    })

    const state = await store().load(environment)
    expect(state?.live).toMatchObject({
      version: 'v2',
      color: 'blue',
      phase: 'live',
      runId: '101',
      actor: 'octocat'
    })
    expect(state?.lastKnownGood).toMatchObject({
      version: 'v1',
      color: 'green',
      phase: 'superseded'
    })
    expect(state?.live?.events.map(e => e.phase)).toEqual(['deploying', 'deployed', 'live'])
    expect(github.problems).toEqual([])
  })

  test('ignores the plain "deploy" deployments GitHub makes for jobs with environment:', async () => {
    await liveRelease(store(), 'v1', 'green', '100')
    github.addForeignDeployment(environment)
    const history = await store().history(environment, 10)
    expect(history.map(r => r.version)).toEqual(['v1'])
  })

  test('reads only as far as it needs: a steady state costs one list and two status reads', async () => {
    for (const [i, color] of (['green', 'blue', 'green', 'blue', 'green'] as const).entries())
      await liveRelease(store(), `v${i + 1}`, color, String(200 + i))
    const client = api()
    const state = await store(client).load(environment)
    expect(state?.live?.version).toBe('v5')
    expect(state?.lastKnownGood?.version).toBe('v4')
    expect(client.requestCount).toBe(3)
  })

  test('pages through older deployments when the state needs them', async () => {
    await liveRelease(store(), 'v1', 'green', '300')
    const s = store()
    const live = (await s.load(environment))?.live
    // Twelve failed attempts since: the live release is on the second page.
    for (let i = 0; i < 12; i++) {
      const r = await claimLease(
        s,
        plan(`bad${i}`, 'blue', { runId: String(400 + i), force: true })
      )
      await s.transition(r, { phase: 'failed', description: 'health check failed' })
    }
    const state = await store().load(environment)
    expect(state?.live?.id).toBe(live?.id)
    expect(state?.colors.blue?.version).toBe('bad11')
  })

  test('the cost of reading the state stays flat as failed attempts and previews pile up', async () => {
    const env = 'flat-cost'
    const s = new GitHubDeploymentsStore(
      api(),
      { sha: 'a'.repeat(40), environmentUrl: '', logUrl: '', transientEnvironment: false },
      new MemoryLogger()
    )
    const at = (version: string, color: 'blue' | 'green', runId: string) =>
      claimLease(s, { ...plan(version, color, { runId }), environment: env })
    const v1 = await at('v1', 'green', '900')
    await s.transition(v1, { phase: 'live', description: 'v1 live' })
    const v2 = await at('v2', 'blue', '901')
    await s.transition(v2, { phase: 'live', description: 'v2 live' })
    await s.transition(v1, { phase: 'superseded', description: 'by v2' })
    const cost = async () => {
      const client = api()
      const state = await new GitHubDeploymentsStore(
        client,
        { sha: 'a'.repeat(40), environmentUrl: '', logUrl: '', transientEnvironment: false },
        new MemoryLogger()
      ).load(env)
      expect(state?.live?.version).toBe('v2')
      expect(state?.lastKnownGood?.version).toBe('v1')
      return client.requestCount
    }
    const counts: number[] = []
    for (const attempts of [10, 40]) {
      while (github.history(env).length < attempts + 2) {
        const n = github.history(env).length
        const r = await at(`bad${n}`, 'green', String(1000 + n))
        await s.transition(r, { phase: 'failed', description: 'health check failed' })
      }
      counts.push(await cost())
    }
    expect(counts[1]).toBe(counts[0])
    expect(counts[0]).toBeLessThanOrEqual(7)
  })

  test('refuses a second rollout while one is in progress, naming the run; takes over once that run ended', async () => {
    await claimLease(store(), plan('v1', 'green', { runId: '500' }))
    github.runs.set(500, 'in_progress')
    const refused = claimLease(store(), plan('v2', 'green', { runId: '501' }))
    await expect(refused).rejects.toBeInstanceOf(ConfigurationError)
    await expect(claimLease(store(), plan('v2', 'green', { runId: '501' }))).rejects.toThrow(
      /rollout in progress: v1 on green \(deploying\).*actions\/runs\/100/
    )

    github.runs.set(500, 'completed')
    const taken = await claimLease(store(), plan('v2', 'green', { runId: '501' }))
    const [held] = github.history(environment)
    expect(held.statuses.at(-1)).toMatchObject({
      state: 'failure',
      description: 'failed: run 500 ended without finishing it; taken over by octocat'
    })
    expect(taken.version).toBe('v2')
    expect(github.problems).toEqual([])
  })

  test('of claims made in the same moment exactly one proceeds; the others end failed, naming it', async () => {
    for (const runId of [600, 601, 602]) github.runs.set(runId, 'in_progress')
    const results = await Promise.allSettled(
      [600, 601, 602].map(runId =>
        claimLease(store(), plan(`v${runId}`, 'green', { runId: String(runId) }))
      )
    )
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1)
    const winner = (
      results.find(r => r.status === 'fulfilled') as PromiseFulfilledResult<{ id: number }>
    ).value
    // A loser either saw the winner's claim when it checked (refused, nothing made) or claimed
    // in the same moment (its deployment ends failed, naming the winner).
    for (const lost of results.filter(r => r.status === 'rejected') as PromiseRejectedResult[])
      expect([LeaseLost, ConfigurationError]).toContain(lost.reason.constructor)
    const claims = github.history(environment).filter(h => h.deployment.id !== winner.id)
    for (const claim of claims) {
      expect(claim.statuses.at(-1)).toMatchObject({ state: 'failure' })
      expect(claim.statuses.at(-1)?.description).toMatch(new RegExp(`#${winner.id}\\)`))
    }
    expect(github.problems).toEqual([])
  })

  test('a description over 140 characters is shortened, never refused', async () => {
    const s = store()
    const record = await claimLease(s, plan('v1', 'green'))
    await s.transition(record, { phase: 'failed', description: 'x'.repeat(300) })
    const description = github.history(environment)[0].statuses.at(-1)?.description as string
    expect(description.length).toBe(140)
    expect(description.endsWith('…')).toBe(true)
  })
})

describe('rolling updates in GitHub deployment statuses', () => {
  test('every status carries the fleet; a new process rebuilds which instance runs what, and the killed run is taken over once its run has ended', async () => {
    const names = ['web-1', 'web-2', 'web-3', 'web-4']
    const fleet = {
      instances: names.map((name, i) => ({ name, address: `10.0.0.${i + 1}:80`, from: 'v1' })),
      batches: [
        ['web-1', 'web-2'],
        ['web-3', 'web-4']
      ]
    }
    const snapshot = (codes: string) => ({
      batchesDone: codes.startsWith('nn') ? 1 : 0,
      batches: 2,
      instances: Object.fromEntries(
        names.map((name, i) => [
          name,
          {
            version:
              codes[i].toLowerCase() === 'n' ? 'v2' : codes[i].toLowerCase() === 'o' ? 'v1' : '',
            inRotation: codes[i] === codes[i].toLowerCase()
          }
        ])
      )
    })
    const s = store()
    const record = await claimLease(s, {
      ...plan('v2', 'blue'),
      color: 'fleet',
      strategy: 'rolling',
      description: 'rolling: v2 to 4 instances in 2 batches',
      steps: ['batch 1: web-1, web-2', 'batch 2: web-3, web-4'],
      fleet,
      startFleet: snapshot('oooo')
    })
    await s.transition(record, {
      phase: 'rolling',
      description: 'batch 1/2: out',
      fleet: snapshot('UUoo')
    })
    await s.transition(record, {
      phase: 'rolling',
      description: 'batch 1/2 done',
      fleet: snapshot('nnoo')
    })
    await s.transition(record, {
      phase: 'rolling',
      description: 'batch 2/2: out',
      fleet: snapshot('nnUU')
    })

    const [written] = github.history(environment)
    expect(written.deployment.payload).toMatchObject({ color: 'fleet', strategy: 'rolling', fleet })
    expect(written.statuses.map(st => st.description)).toEqual([
      'deploying · batch 0/2 [4o]: rolling: v2 to 4 instances in 2 batches',
      'rolling · batch 0/2 [2U2o]: batch 1/2: out',
      'rolling · batch 1/2 [2n2o]: batch 1/2 done',
      'rolling · batch 1/2 [2n2U]: batch 2/2: out'
    ])

    const state = await store().load(environment)
    expect(state?.fleet?.record.id).toBe(record.id)
    expect(state?.fleet?.snapshot).toEqual(snapshot('nnUU'))
    expect(state?.inProgress?.phase).toBe('rolling')

    // The run that held it ended (cancelled): a new run takes over and the old record is closed.
    github.runs.set(100, 'completed')
    const next = await claimLease(store(), {
      ...plan('v2', 'blue', { runId: '200' }),
      color: 'fleet',
      strategy: 'rolling',
      fleet,
      startFleet: snapshot('nnUU')
    })
    expect(next.id).not.toBe(record.id)
    const closed = github.history(environment)[0].statuses.at(-1)
    expect(closed).toMatchObject({ state: 'failure' })
    expect(closed?.description).toMatch(/run 100 ended without finishing it/)
    expect(github.problems).toEqual([])
  })
})
