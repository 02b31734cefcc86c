// npm run bench: canary releases on real nginx and HAProxy under load: a full canary, aborts
// (how fast the canary stops answering; how long the abort's confirmation takes), and each kind
// of gate against a path-only failure and a slow tail. Writes bench/results/canary.json.
// Measures; asserts nothing.
import { writeFileSync } from 'node:fs'
import { benchRun } from './run-id.js'
import { canaryTable } from './tables.js'
import path from 'node:path'
import { LoadStats, RunningLoad, startLoad } from '../demo/load-generator.js'
import { CanaryLab, runInProcess, startCanaryLab } from '../__tests__/support/canary-lab.js'
import { canaryUnderLoad, observedSplits } from '../__tests__/support/canary-runs.js'
import { Report } from '../src/report/report.js'
import { flags } from '../__tests__/support/run-dist.js'
import { runProbed } from './process-probe.js'
import { median, quantile, round } from './stats.js'
import { gateKinds } from './gate-kinds.js'

const ROOT = path.resolve(import.meta.dirname, '..')
const ABORTS = 10

function loadRow(s: LoadStats) {
  return { requests: s.requests, non2xx: s.non2xx, connectionErrors: s.connectionErrors }
}

/** Share of the canary per step over every client, against the step's weight. */
function splits(report: Report, loads: RunningLoad[]) {
  return observedSplits(report.canarySteps, loads, 'v2').map(r => ({
    target: r.weight,
    observed: round(r.observed, 2),
    errorPoints: round(Math.abs(r.observed - r.weight), 2),
    requests: r.requests
  }))
}

async function fullCanary(lab: CanaryLab) {
  await lab.startCanary({})
  const { report, error, loads, fresh, keepAlive } = await canaryUnderLoad(
    lab,
    { environment: 'bench-full', 'bake-time': '3s' },
    4
  )
  if (error || report.result !== 'success')
    throw new Error(`full canary failed: ${error?.message ?? report.headline}`)
  await runInProcess('switch', {
    ...lab.inputs,
    environment: 'bench-full',
    'switch-to': 'blue',
    force: 'true'
  })
  return { fresh: loadRow(fresh), keepAlive: loadRow(keepAlive), splits: splits(report, loads) }
}

/**
 * Failed verdict (end of the failing window) → the last answer any client, fresh or keep-alive,
 * got from the canary; negative when the last one came before the verdict, null when no client
 * saw the canary at all in the run. Not clamped.
 */
async function abortLatencies(
  lab: CanaryLab
): Promise<{ measured: (number | null)[]; notAborted: string[] }> {
  await lab.startCanary({ failRate: 0.1 })
  const result: (number | null)[] = []
  // A run the gate let through is a finding of its own, counted and named, not a crash.
  const notAborted: string[] = []
  for (let i = 0; i < ABORTS; i++) {
    const loads = [
      startLoad({ url: lab.url, kind: 'fresh', concurrency: 4, pauseMs: 1 }),
      startLoad({ url: lab.url, kind: 'keep-alive', concurrency: 4, pauseMs: 1 })
    ]
    const { report } = await runInProcess('release', {
      ...lab.inputs,
      environment: `bench-abort-${i}`,
      version: 'v2',
      'canary-steps': '20,100',
      metrics: JSON.stringify([
        { name: 'errors', provider: 'http', query: 'error-rate', max: 0.02, rate: 50 }
      ])
    })
    await new Promise(r => setTimeout(r, 1000))
    await Promise.all(loads.map(l => l.stop()))
    const step = report.canarySteps[0]
    if (report.result !== 'failure' || step?.outcome !== 'fail') {
      notAborted.push(report.headline)
      continue
    }
    const verdict = step.startedAt + step.durationMs
    const last = loads.map(l => l.lastAnswerFrom('v2')).filter((t): t is number => t !== undefined)
    result.push(last.length === 0 ? null : Math.max(...last) - verdict)
  }
  return { measured: result, notAborted }
}

/**
 * The abort step's own duration (set 100% stable, then confirm it through the router's state and
 * a probe sample) from 5%, 20% and 50% under load, three runs each.
 */
async function abortConfirmations(lab: CanaryLab): Promise<Record<string, number[]>> {
  await lab.startCanary({ failRate: 0.2 })
  const result: Record<string, number[]> = {}
  for (const weight of [5, 20, 50]) {
    result[`${weight}%`] = []
    for (let i = 0; i < 3; i++) {
      const loads = [
        startLoad({ url: lab.url, kind: 'fresh', concurrency: 4, pauseMs: 1 }),
        startLoad({ url: lab.url, kind: 'keep-alive', concurrency: 4, pauseMs: 1 })
      ]
      const { report } = await runInProcess('release', {
        ...lab.inputs,
        environment: `bench-confirm-${weight}-${i}`,
        version: 'v2',
        'canary-steps': `${weight},100`,
        metrics: JSON.stringify([
          { name: 'errors', provider: 'http', query: 'error-rate', max: 0.02, rate: 50 }
        ])
      })
      await Promise.all(loads.map(l => l.stop()))
      const abort = report.steps.find(s => s.name.startsWith('abort'))
      if (!abort) throw new Error(`no abort from ${weight}%: ${report.headline}`)
      result[`${weight}%`].push(round(abort.durationMs))
    }
  }
  return result
}

/** Peak RSS of `node dist/cli.js release` through a full canary with the http probe at 500 req/s. */
async function probeMemory(lab: CanaryLab): Promise<{ peakRssMb: number; probeRequests: number }> {
  await lab.startCanary({})
  const inputs = {
    ...lab.inputs,
    environment: 'bench-memory',
    version: 'v2',
    'bake-time': '3s',
    metrics: JSON.stringify([{ name: 'p95', provider: 'http', query: 'p95', max: 1000, rate: 500 }])
  }
  const run = await runProbed(
    process.execPath,
    [path.join(ROOT, 'dist/cli.js'), 'release', ...flags(inputs)],
    process.env
  )
  if (run.code !== 0) throw new Error(run.output)
  await runInProcess('switch', {
    ...lab.inputs,
    environment: 'bench-memory',
    'switch-to': 'blue',
    force: 'true'
  })
  const probeRequests = [...run.output.matchAll(/^ {2}step \d+\/\d+ .* (\d+) req /gm)].reduce(
    (sum, m) => sum + Number(m[1]),
    0
  )
  return { peakRssMb: round(run.peakRssMb), probeRequests }
}

const results: Record<string, unknown> = { ...benchRun() }
for (const router of ['nginx', 'haproxy'] as const) {
  const lab = await startCanaryLab(`bench-${router}`, router)
  try {
    console.log(`bench: canary on ${router} ...`)
    const full = await fullCanary(lab)
    const { measured, notAborted } = await abortLatencies(lab)
    const aborts = measured.filter((ms): ms is number => ms !== null)
    results[router] = {
      fullCanary: full,
      abortToStableMs: {
        runs: measured.length,
        noCanaryAnswer: measured.length - aborts.length,
        notAborted,
        each: aborts.map(ms => round(ms)),
        median: round(median(aborts)),
        p95: round(quantile(aborts, 0.95)),
        max: round(Math.max(...aborts))
      },
      abortConfirmMs: await abortConfirmations(lab),
      gateKinds: await gateKinds(lab),
      ...(router === 'nginx' ? { memory: await probeMemory(lab) } : {})
    }
  } finally {
    await lab.stop()
  }
}
writeFileSync(path.join(ROOT, 'bench/results/canary.json'), `${JSON.stringify(results, null, 2)}\n`)
const lines = canaryTable(results)
console.log(lines.join('\n'))
