import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { OctokitGitHubApi } from '../../src/platform/github-api.js'
import { MemoryLogger } from '../../src/platform/logger.js'
import { FakeGitHub } from '../support/fake-github.js'
import { FakeClock } from '../support/fakes.js'

const TOKEN = 'ghs_secret_value_for_tests_42'
let github: FakeGitHub
let log: MemoryLogger
let clock: FakeClock
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
beforeEach(() => {
  github.faults.length = 0
  github.down = false
  log = new MemoryLogger()
  clock = new FakeClock()
})
const client = (token = TOKEN) =>
  new OctokitGitHubApi(
    {
      token,
      apiUrl: github.url,
      owner: 'octo-org',
      repo: 'recommendations'
    },
    clock,
    log,
    { attempts: 4, baseDelayMs: 50, maxWaitMs: 5000 }
  )
const list = (api: OctokitGitHubApi) =>
  api.listDeployments({ environment: 'x', task: 'progressive-deploy', perPage: 10, page: 1 })

describe('OctokitGitHubApi retries', () => {
  test('500, 502 and a primary rate limit are retried, then the call succeeds', async () => {
    github.faults.push({ status: 500 }, { status: 502 }, { status: 403, resetInSeconds: 1 })
    const api = client()
    await expect(list(api)).resolves.toEqual([])
    expect(api.requestCount).toBe(4)
    expect(log.lines.filter(l => /retrying/.test(l))).toEqual([
      expect.stringMatching(/server error 500; retrying in 50 ms \(attempt 2 of 4\)/),
      expect.stringMatching(/server error 502; retrying in 100 ms/),
      expect.stringMatching(/rate limited \(403\); resets in \d s; retrying/)
    ])
    expect(clock.t).toBeGreaterThanOrEqual(150)
  })

  test('an API that stays down fails with a clear message after the last attempt', async () => {
    github.down = true
    await expect(list(client())).rejects.toThrow(
      /GitHub API GET \/repos\/\{owner\}\/\{repo\}\/deployments failed: server error 503 after 4 attempts/
    )
  })

  test('bad credentials are not retried, and the token appears in no message or log', async () => {
    const api = client('ghs_wrong_token')
    let message = ''
    try {
      await list(api)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/failed: 401/)
    expect(api.requestCount).toBe(1)
    expect(`${message}\n${log.lines.join('\n')}`).not.toContain('ghs_')
  })

  test('sends the token as GitHub expects it', async () => {
    await list(client())
    expect(github.requests.at(-1)?.authorization).toBe(`token ${TOKEN}`)
  })
})

describe('writes that GitHub applied but answered with an error', () => {
  const body = (environment: string) => ({
    ref: 'main',
    task: 'progressive-deploy',
    environment,
    description: 'd',
    payload: { 'progressive-deploy': 1 },
    transient_environment: false
  })

  test('a deployment answered 500 after it was made is found, not made twice', async () => {
    github.faults.push({ status: 500, afterApplying: true })
    const api = client()
    const made = await api.createDeployment(body('applied-500'))
    expect(github.deployments.filter(d => d.environment === 'applied-500')).toHaveLength(1)
    expect(made.id).toBe(github.deployments.find(d => d.environment === 'applied-500')?.id)
    expect(log.lines.some(l => /but it was applied; not sent again/.test(l))).toBe(true)
  })

  test('a deployment answered 502 without being made is sent again, once', async () => {
    github.faults.push({ status: 502 })
    await client().createDeployment(body('lost-502'))
    expect(github.deployments.filter(d => d.environment === 'lost-502')).toHaveLength(1)
  })

  test('a deployment status answered 503 after it was recorded is not recorded twice', async () => {
    const api = client()
    const deployment = await api.createDeployment(body('status-503'))
    github.faults.push({ status: 503, afterApplying: true })
    await api.createDeploymentStatus(deployment.id, { state: 'in_progress', description: 'x: y' })
    expect(github.statuses.get(deployment.id)).toHaveLength(1)
  })

  test('a 403 that is not a rate limit names the permission the call needs', async () => {
    github.faults.push({ status: 403, forbidden: true })
    await expect(client().createDeployment(body('forbidden'))).rejects.toThrow(
      /GitHub refused POST \/repos\/\{owner\}\/\{repo\}\/deployments \(403: Resource not accessible by integration\): the token needs "deployments: write"/
    )
  })
})
