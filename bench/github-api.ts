// npm run bench: GitHub API requests per command, with state in GitHub deployments (local API
// server, real nginx). Writes bench/results/github-api.json. Target: at most 12 for a release.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { inputEnv, runnerEnv } from '../__tests__/support/action-env.js'
import { FakeGitHub } from '../__tests__/support/fake-github.js'
import { startLab } from '../__tests__/support/lab.js'
import { runNode } from '../__tests__/support/run-dist.js'

const ROOT = path.resolve(import.meta.dirname, '..')
const TOKEN = 'ghs_bench'
const lab = await startLab('bench-api')
const github = new FakeGitHub(TOKEN)
await github.start()

async function count(
  runId: number,
  inputs: Record<string, string>
): Promise<{ requests: number; byRoute: Record<string, number> }> {
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

try {
  const firstRelease = await count(1, { version: 'v1' })
  const secondRelease = await count(2, { version: 'v2' })
  const steadyRelease = await count(3, { version: 'v3' })
  const rollback = await count(4, { command: 'rollback', reason: 'bench' })
  const status = await count(5, { command: 'status' })
  const result = {
    date: new Date().toISOString(),
    target: 'a blue/green release makes at most 12 GitHub API requests',
    release: { first: firstRelease, second: secondRelease, steadyState: steadyRelease },
    rollback,
    status,
    problems: github.problems
  }
  writeFileSync(
    path.join(ROOT, 'bench/results/github-api.json'),
    `${JSON.stringify(result, null, 2)}\n`
  )
  console.log('| command | GitHub API requests |\n| --- | --- |')
  console.log(`| release (first into an environment) | ${firstRelease.requests} |`)
  console.log(`| release (second) | ${secondRelease.requests} |`)
  console.log(`| release (steady state) | ${steadyRelease.requests} |`)
  console.log(`| rollback (switch back) | ${rollback.requests} |`)
  console.log(`| status | ${status.requests} |`)
} finally {
  await Promise.all([lab.stop(), github.stop()])
}
