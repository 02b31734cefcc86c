// npm run bench: blue/green on real nginx under load. Writes bench/results/bluegreen-nginx.json
// and bluegreen-nginx.md. Not a test: it measures, and says nothing passes or fails.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { benchRun } from './run-id.js'
import { blueGreenTable } from './tables.js'
import path from 'node:path'
import { LoadStats, startLoad } from '../demo/load-generator.js'
import { answeredBy, startLab } from '../__tests__/support/lab.js'
import { flags } from '../__tests__/support/run-dist.js'
import { runProbed } from './process-probe.js'
import { median, quantile, round } from './stats.js'

const SWITCHES = 50
const ROLLBACKS = 20
const ROOT = path.resolve(import.meta.dirname, '..')
const CLI = path.join(ROOT, 'dist/cli.js')
const ACTION = path.join(ROOT, 'dist/index.js')

const lab = await startLab('bench')
const inputs = { ...lab.inputs, 'deploy-command': JSON.stringify([process.execPath, '-e', '0']) }
const cli = (args: string[]) =>
  runProbed(process.execPath, [CLI, ...args, ...flags(inputs)], process.env)

/**
 * Runs one command while polling through nginx on fresh connections; the latency is the time from
 * the command's start until the first request after which every answer came from `target`.
 */
async function timedMove(
  args: string[],
  target: 'blue' | 'green'
): Promise<{ ms: number; peakRssMb: number }> {
  const samples: { at: number; color: string }[] = []
  const started = performance.now()
  let done = false
  const poller = (async () => {
    while (!done)
      samples.push({ at: performance.now() - started, color: await answeredBy(lab.nginx.url) })
  })()
  const run = await cli(args)
  if (run.code !== 0) throw new Error(`${args.join(' ')} failed:\n${run.output}`)
  await new Promise(r => setTimeout(r, 300))
  done = true
  await poller
  const lastOther = samples.map(s => s.color).lastIndexOf(target === 'blue' ? 'green' : 'blue')
  const first = samples[lastOther + 1]
  if (!first) throw new Error(`traffic never settled on ${target}`)
  return { ms: first.at, peakRssMb: run.peakRssMb }
}

try {
  // Records on both colors, blue live: release v-green (to green), then v-blue (to blue).
  for (const version of ['v-green', 'v-blue']) {
    const run = await cli(['release', '--version', version])
    if (run.code !== 0) throw new Error(run.output)
  }
  const loads = [
    startLoad({ url: lab.nginx.url, kind: 'fresh', concurrency: 4, pauseMs: 2 }),
    startLoad({ url: lab.nginx.url, kind: 'keep-alive', concurrency: 4, pauseMs: 2 })
  ]
  const switchMs: number[] = []
  let peakRss = 0
  let live: 'blue' | 'green' = 'blue'
  console.log(`bench: ${SWITCHES} switches under load ...`)
  for (let i = 0; i < SWITCHES; i++) {
    live = live === 'blue' ? 'green' : 'blue'
    const { ms, peakRssMb } = await timedMove(['switch', '--switch-to', 'previous'], live)
    switchMs.push(ms)
    peakRss = Math.max(peakRss, peakRssMb)
  }
  console.log(`bench: ${ROLLBACKS} rollbacks under load ...`)
  const rollbackMs: number[] = []
  for (let i = 0; i < ROLLBACKS; i++) {
    const idle = live === 'blue' ? 'green' : 'blue'
    const { ms } = await timedMove(
      ['rollback', '--rollback-version', `v-${idle}`, '--reason', 'bench'],
      idle
    )
    rollbackMs.push(ms)
    live = idle
  }
  const [fresh, keepAlive] = await Promise.all(loads.map(l => l.stop()))

  console.log('bench: cold start and memory ...')
  const coldAction: number[] = []
  const coldNode: number[] = []
  const statusEnv = {
    ...process.env,
    INPUT_COMMAND: 'status',
    ...Object.fromEntries(
      Object.entries(lab.inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])
    )
  }
  for (let i = 0; i < 15; i++) {
    coldNode.push((await runProbed(process.execPath, ['-e', '0'], process.env)).ms)
    const run = await runProbed(process.execPath, [ACTION], statusEnv)
    if (run.code !== 0) throw new Error(run.output)
    coldAction.push(run.ms)
  }
  const actionSwitch = await runProbed(process.execPath, [ACTION], {
    ...statusEnv,
    INPUT_COMMAND: 'switch',
    'INPUT_SWITCH-TO': 'previous'
  })
  if (actionSwitch.code !== 0) throw new Error(actionSwitch.output)

  const loadRow = (s: LoadStats) => ({
    requests: s.requests,
    non2xx: s.non2xx,
    connectionErrors: s.connectionErrors,
    errorCodes: s.errorCodes,
    seconds: round(s.durationMs / 1000)
  })
  const result = {
    ...benchRun(),
    zeroDrop: {
      switches: SWITCHES + ROLLBACKS,
      fresh: loadRow(fresh),
      keepAlive: loadRow(keepAlive)
    },
    switchLatencyMs: {
      runs: SWITCHES,
      median: round(median(switchMs)),
      p95: round(quantile(switchMs, 0.95)),
      max: round(Math.max(...switchMs))
    },
    rollbackLatencyMs: {
      runs: ROLLBACKS,
      median: round(median(rollbackMs)),
      p95: round(quantile(rollbackMs, 0.95)),
      max: round(Math.max(...rollbackMs))
    },
    coldStartMs: {
      action: round(median(coldAction)),
      nodeBaseline: round(median(coldNode)),
      ratio: round(median(coldAction) / median(coldNode), 2),
      runs: coldAction.length
    },
    peakRssMb: { actionSwitch: round(actionSwitch.peakRssMb), cliSwitchMax: round(peakRss) },
    bundleKb: bundleSizes()
  }
  writeFileSync(
    path.join(ROOT, 'bench/results/bluegreen-nginx.json'),
    `${JSON.stringify(result, null, 2)}\n`
  )
  const md = blueGreenTable(result).join('\n')
  console.log(md)
} finally {
  await lab.stop()
}

/**
 * KB loaded at start per entry, and KB of the chunks each loads only when needed: the GitHub
 * client for GitHub state, the YAML parser for a config file, YAML metrics or a kubeconfig.
 */
function bundleSizes(): Record<string, number> {
  const kb = (file: string) => round(statSync(path.join(ROOT, 'dist', file)).size / 1024)
  const chunks = (folder: string, kind: 'yaml' | 'github') =>
    readdirSync(path.join(ROOT, 'dist', folder))
      .filter(f => /^\d+\.index\.js$/.test(f))
      .filter(f => isYamlChunk(path.join(folder, f)) === (kind === 'yaml'))
      .reduce((sum, f) => sum + kb(path.join(folder, f)), 0)
  const isYamlChunk = (file: string) =>
    readFileSync(path.join(ROOT, 'dist', file), 'utf8').includes('tag:yaml.org,2002:')
  return {
    'index.js': kb('index.js'),
    'index.js, loaded for GitHub state': round(chunks('.', 'github')),
    'index.js, loaded for YAML': round(chunks('.', 'yaml')),
    'cli.js': kb('cli/index.js'),
    'cli.js, loaded for GitHub state': round(chunks('cli', 'github')),
    'cli.js, loaded for YAML': round(chunks('cli', 'yaml')),
    'demo.js': kb('demo.js')
  }
}
