// npm run bench: GitHub API requests per command, with state in GitHub deployments (local API
// server, real nginx), and how that cost holds as an environment's history grows. Writes
// bench/results/github-api.json. Target: a steady-state release within a small constant.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { inputEnv, runnerEnv } from '../__tests__/support/action-env.js'
import { FakeGitHub } from '../__tests__/support/fake-github.js'
import { FakeClock } from '../__tests__/support/fakes.js'
import { answeredBy, startLab } from '../__tests__/support/lab.js'
import { runNode } from '../__tests__/support/run-dist.js'
import { MemoryLogger } from '../src/platform/logger.js'
import { OctokitGitHubApi } from '../src/platform/github-api.js'
import { claimLease } from '../src/state/claim.js'
import { GitHubDeploymentsStore } from '../src/state/github-deployments-store.js'
import { benchRun } from './run-id.js'

const ROOT = path.resolve(import.meta.dirname, '..')
const TOKEN = 'ghs_bench'
const lab = await startLab('bench-api')
const github = new FakeGitHub(TOKEN)
await github.start()

type Count = { requests: number; byRoute: Record<string, number> }

async function count(runId: number, inputs: Record<string, string>): Promise<Count> {
  const { ['state-file']: _file, ...labInputs } = lab.inputs
  const { env } = runnerEnv({
    GITHUB_API_URL: github.url,
    GITHUB_SHA: 'b'.repeat(40),
    GITHUB_RUN_ID: String(runId),
    ...inputEnv({
      ...labInputs,
      'github-token': TOKEN,
      'deploy-command': JSON.stringify([process.execPath, '-e', '0']),
      ...inputs
    })
  })
  github.runs.set(runId, 'in_progress')
  const before = github.requests.length
  const result = await runNode([path.join(ROOT, 'dist/index.js')], env)
  if (result.code !== 0) throw new Error(result.stdout + result.stderr)
  const requests = github.requests.slice(before)
  const byRoute: Record<string, number> = {}
  for (const r of requests) {
    const route = `${r.method} ${r.path
      .replace(/\?.*/, '')
      .replace(/\/\d+/g, '/{id}')
      .replace(/\/[0-9a-f]{40}/, '/{sha}')
      .replace('/repos/octo-org/recommendations', '')}`
    byRoute[route] = (byRoute[route] ?? 0) + 1
  }
  return { requests: requests.length, byRoute }
}

/**
 * An environment with a live release, the one before it, and then `size` more deployments:
 * failed attempts and verified previews taking turns, written as the tool writes them.
 */
async function seedHistory(environment: string, size: number): Promise<void> {
  const api = new OctokitGitHubApi(
    { token: TOKEN, apiUrl: github.url, owner: 'octo-org', repo: 'recommendations' },
    new FakeClock(),
    new MemoryLogger()
  )
  const store = new GitHubDeploymentsStore(
    api,
    { sha: 'c'.repeat(40), environmentUrl: '', logUrl: '', transientEnvironment: false },
    new MemoryLogger()
  )
  const serving = (await answeredBy(lab.nginx.url)) as 'blue' | 'green'
  const idle = serving === 'blue' ? 'green' : 'blue'
  const open = (version: string, color: 'blue' | 'green', n: number) =>
    claimLease(store, {
      environment,
      kind: 'release',
      version,
      color,
      actor: 'bench',
      runId: String(50_000 + n),
      runUrl: '',
      sha: 'c'.repeat(40),
      description: `seed ${version}`,
      force: true,
      strategy: 'blue-green',
      steps: ['deploy-green', 'verify', 'switch']
    })
  const before = await open('v0', idle, 0)
  await store.transition(before, { phase: 'live', description: 'v0 live' })
  const live = await open('v1', serving, 1)
  await store.transition(live, { phase: 'live', description: 'v1 live' })
  await store.transition(before, { phase: 'superseded', description: 'by v1' })
  for (let n = 0; n < size; n++) {
    const record = await open(`seed${n}`, idle, n + 2)
    if (n % 2 === 0) await store.transition(record, { phase: 'failed', description: 'failed' })
    else {
      await store.transition(record, { phase: 'deployed', description: 'deployed' })
      await store.transition(record, { phase: 'verified', description: 'a preview' })
    }
  }
}

try {
  const run = benchRun()
  const firstRelease = await count(1, { version: 'v1' })
  const secondRelease = await count(2, { version: 'v2' })
  const steadyRelease = await count(3, { version: 'v3' })
  const rollback = await count(4, { command: 'rollback', reason: 'bench' })
  const status = await count(5, { command: 'status' })
  const history: Record<string, { release: Count; status: Count }> = {}
  for (const size of [10, 100, 1000]) {
    const environment = `history-${size}`
    await seedHistory(environment, size)
    history[size] = {
      status: await count(10 + size, { environment, command: 'status' }),
      release: await count(11 + size, { environment, version: `after-${size}` })
    }
  }
  const result = {
    ...run,
    target:
      'a steady-state blue/green release within a small constant of GitHub API requests, whatever the history',
    release: { first: firstRelease, second: secondRelease, steadyState: steadyRelease },
    rollback,
    status,
    history,
    added: {
      'race check':
        'GET /deployments once after creating the deployment: claims made in the same moment',
      fences:
        'GET /deployments/{id}/statuses before each status that keeps a release in progress (deployed, verified) and before moving traffic',
      reconciliation:
        'no request of its own when the records agree with the router (it reuses the state read); a correction is one status'
    },
    problems: github.problems
  }
  writeFileSync(
    path.join(ROOT, 'bench/results/github-api.json'),
    `${JSON.stringify(result, null, 2)}\n`
  )
  console.log(JSON.stringify({ release: steadyRelease.requests, history }, null, 2))
} finally {
  await Promise.all([lab.stop(), github.stop()])
}
