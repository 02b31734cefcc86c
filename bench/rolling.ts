// npm run bench: rolling updates of 10 instances on real nginx and HAProxy under load. Writes
// bench/results/rolling.json and rolling.md. Measures; asserts nothing.
import { writeFileSync } from 'node:fs'
import { benchRun } from './run-id.js'
import { rollingTable } from './tables.js'
import path from 'node:path'
import { startFleetLab } from '../demo/fleet-lab.js'
import { runActionJob } from '../__tests__/support/action-env.js'
import { FakeGitHub } from '../__tests__/support/fake-github.js'
import { RollingRun, rollingUnderLoad } from '../__tests__/support/rolling-runs.js'
import { round } from './stats.js'

const ROOT = path.resolve(import.meta.dirname, '..')
const SIZE = 10
const SETTINGS = { version: 'v2', 'batch-size': '2', 'max-unavailable': '2', 'min-ready': '2s' }

function clientRow(run: RollingRun, kind: 'fresh' | 'keepAlive') {
  const s = run[kind]
  return {
    requests: s.requests,
    non2xx: s.non2xx,
    connectionErrors: s.connectionErrors,
    errorCodes: s.errorCodes,
    byVersion: s.byVersion
  }
}

/** Time per batch: between consecutive columns of the summary's fleet table. */
function batchDurations(run: RollingRun): number[] {
  const columns = run.report.fleetColumns.filter(
    c => c.label === 'start' || c.label.startsWith('batch')
  )
  return columns.slice(1).map((c, i) => c.atMs - columns[i].atMs)
}

const results: Record<string, unknown> = {
  ...benchRun(),
  instances: SIZE,
  settings: SETTINGS
}
for (const router of ['nginx', 'haproxy'] as const) {
  const lab = await startFleetLab({
    name: `bench-rolling-${router}`,
    router,
    size: SIZE,
    demoScript: path.join(ROOT, 'dist/demo.js')
  })
  try {
    console.log(`bench: rolling update of ${SIZE} instances on ${router} ...`)
    const run = await rollingUnderLoad(lab, SETTINGS, 4)
    if (run.error || run.report.result !== 'success')
      throw new Error(`rolling update failed: ${run.error?.message ?? run.report.headline}`)
    const versions = Object.values(await lab.versions())
    results[router] = {
      totalMs: round(run.durationMs),
      batches: run.report.fleetColumns.filter(c => c.label.startsWith('batch')).length,
      batchMs: batchDurations(run).map(ms => round(ms)),
      drainTimeout: lab.inputs['drain-timeout'],
      fresh: clientRow(run, 'fresh'),
      keepAlive: clientRow(run, 'keepAlive'),
      minInRotation: run.rotation.min,
      rotationSamples: run.rotation.samples,
      allOnNewVersion: versions.every(v => v === 'v2')
    }
  } finally {
    await lab.stop()
  }
}
/** GitHub API requests of rolling updates with state in GitHub deployments (local API server). */
async function apiRequests(): Promise<Record<string, number>> {
  const token = 'ghs_bench_rolling'
  const github = new FakeGitHub(token)
  await github.start()
  const lab = await startFleetLab({
    name: 'bench-rolling-api',
    router: 'nginx',
    size: SIZE,
    demoScript: path.join(ROOT, 'dist/demo.js')
  })
  try {
    const count = async (runId: number, inputs: Record<string, string>): Promise<number> => {
      const before = github.requests.length
      const run = await runActionJob({
        apiUrl: github.url,
        sha: 'b'.repeat(40),
        runId,
        inputs: { ...lab.inputs, 'github-token': token, 'min-ready': '0s', ...inputs }
      })
      if (run.code !== 0) throw new Error(run.stdout + run.stderr)
      return github.requests.length - before
    }
    const update = { 'batch-size': '2', 'max-unavailable': '2', 'rollback-version': 'v1' }
    return {
      firstUpdate: await count(1, { ...update, version: 'v2' }),
      steadyUpdate: await count(2, { ...update, version: 'v3' }),
      status: await count(3, { command: 'status' })
    }
  } finally {
    await lab.stop()
    await github.stop()
  }
}

console.log(`bench: GitHub API requests of a rolling update of ${SIZE} instances ...`)
results.githubApiRequests = await apiRequests()

writeFileSync(
  path.join(ROOT, 'bench/results/rolling.json'),
  `${JSON.stringify(results, null, 2)}\n`
)
const lines = rollingTable(results)
console.log(lines.join('\n'))
