import { spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { difference, LoadStats, RunningLoad, startLoad } from './load-generator.js'
import { ensureNginx, initialUpstream, startNginx } from './nginx-lab.js'
import { labStop } from './lab-commands.js'
import { freePort } from './sample-service.js'

interface DemoStep {
  title: string
  command: string[]
  /** Exit code the demo expects: 1 where the step is meant to be stopped by a check. */
  expectExit: 0 | 1
  /** Version that must serve all traffic when the step ends. */
  expectServing: string
}

interface StepResult {
  step: DemoStep
  exitCode: number
  headline: string
  ms: number
  load: LoadStats[]
}

/**
 * `npm run demo`: real nginx, two versions of the sample service and a load generator on
 * loopback; deploy-green → verify → switch, a broken release stopped by verify, a rollback.
 * Runs the engine as a user would: `node dist/cli.js`. Cleans up every process it started.
 */
export async function runDemo(self: string): Promise<number> {
  const cli = path.join(path.dirname(self), 'cli.js')
  const dir = mkdtempSync(path.join(os.tmpdir(), 'progressive-deploy-demo-'))
  const logFile = path.join(dir, 'demo.log')
  const [nginxPort, bluePort, greenPort] = [await freePort(), await freePort(), await freePort()]
  console.log('progressive-deploy demo: blue/green behind real nginx, under load')
  console.log(`  working directory ${dir} (full log: demo.log there)`)
  const binary = ensureNginx(line => console.log(`  ${line}`))
  const nginx = await startNginx({
    prefix: path.join(dir, 'nginx'),
    port: nginxPort,
    upstream: initialUpstream(`127.0.0.1:${bluePort}`),
    binary
  })
  console.log(
    `  nginx on ${nginx.url}, blue on 127.0.0.1:${bluePort}, green on 127.0.0.1:${greenPort}\n`
  )

  const common = [
    '--environment',
    'demo',
    '--blue-address',
    `127.0.0.1:${bluePort}`,
    '--green-address',
    `127.0.0.1:${greenPort}`,
    '--nginx-upstream-file',
    nginx.upstreamFile,
    '--nginx-config',
    nginx.configFile,
    '--nginx-prefix',
    nginx.prefix,
    '--nginx-binary',
    binary,
    '--probe-url',
    nginx.url,
    '--state-file',
    path.join(dir, 'state.json'),
    '--deploy-command',
    JSON.stringify([process.execPath, self, 'deploy']),
    '--smoke-command',
    JSON.stringify([process.execPath, self, 'smoke']),
    '--health-interval',
    '200ms',
    '--health-deadline',
    '10s'
  ]
  const steps: DemoStep[] = [
    {
      title: 'deploy v2.0 to the idle color',
      command: ['deploy-green', '--version', 'v2.0'],
      expectExit: 0,
      expectServing: 'v1.0'
    },
    {
      title: 'verify v2.0 (health + smoke)',
      command: ['verify'],
      expectExit: 0,
      expectServing: 'v1.0'
    },
    { title: 'switch traffic to v2.0', command: ['switch'], expectExit: 0, expectServing: 'v2.0' },
    {
      title: 'deploy v3.0-broken',
      command: ['deploy-green', '--version', 'v3.0-broken'],
      expectExit: 0,
      expectServing: 'v2.0'
    },
    {
      title: 'verify v3.0-broken: smoke test fails',
      command: ['verify'],
      expectExit: 1,
      expectServing: 'v2.0'
    },
    {
      title: 'roll back v2.0 → v1.0 (redeploys v1.0)',
      command: ['rollback', '--reason', 'demo: v2.0 judged bad'],
      expectExit: 0,
      expectServing: 'v1.0'
    }
  ]
  const runCli = (args: string[]): Promise<{ exitCode: number; headline: string }> =>
    runLogged(cli, [...args, ...common], { ...process.env, DEMO_DIR: dir }, logFile)

  const results: StepResult[] = []
  let loads: RunningLoad[] = []
  try {
    console.log('▶ first release: v1.0 (release = deploy-green + verify + switch), before any load')
    const first = await runCli(['release', '--version', 'v1.0'])
    console.log(`  ${first.headline}\n`)
    if (first.exitCode !== 0) throw new Error('the first release failed; see demo.log')

    loads = [
      startLoad({ url: nginx.url, kind: 'fresh', concurrency: 4, pauseMs: 5 }),
      startLoad({ url: nginx.url, kind: 'keep-alive', concurrency: 4, pauseMs: 5 })
    ]
    await new Promise(r => setTimeout(r, 500))
    for (const step of steps) {
      const before = loads.map(l => l.snapshot())
      const started = performance.now()
      console.log(`▶ ${step.title}`)
      const { exitCode, headline } = await runCli(step.command)
      await new Promise(r => setTimeout(r, 300))
      const load = loads.map((l, i) => difference(l.snapshot(), before[i]))
      results.push({ step, exitCode, headline, ms: performance.now() - started, load })
      console.log(`  exit ${exitCode}: ${headline}\n`)
    }
  } finally {
    const finals = await Promise.all(loads.map(l => l.stop()))
    await cleanUp(dir)
    if (finals.length > 0) printReport(results, finals)
  }
  const problems = check(results)
  for (const problem of problems) console.log(`✖ ${problem}`)
  console.log(
    problems.length === 0
      ? '\n✔ demo finished as expected; all processes stopped.'
      : '\n✖ demo did not go as expected.'
  )
  return problems.length === 0 ? 0 : 1
}

function printReport(results: StepResult[], finals: LoadStats[]): void {
  console.log('Report (load: 4 fresh-connection + 4 keep-alive clients through nginx)')
  console.log(
    `${'step'.padEnd(42)} ${'exit'.padEnd(4)} ${'served by'.padEnd(28)} ${'requests'.padStart(8)} ${'HTTP fail'.padStart(9)} ${'conn err (fresh/ka)'.padStart(19)}`
  )
  for (const r of results) {
    const served = servedBy(r.load)
    const requests = r.load.reduce((s, l) => s + l.requests, 0)
    const non2xx = r.load.reduce((s, l) => s + l.non2xx, 0)
    const conn = `${r.load[0].connectionErrors}/${r.load[1].connectionErrors}`
    console.log(
      `${r.step.title.padEnd(42)} ${String(r.exitCode).padEnd(4)} ${served.padEnd(28)} ${String(requests).padStart(8)} ${String(non2xx).padStart(9)} ${conn.padStart(19)}`
    )
  }
  for (const f of finals) {
    console.log(
      `total ${f.kind}: ${f.requests} requests, ${f.non2xx} HTTP failures, ${f.connectionErrors} connection errors${Object.keys(f.errorCodes).length ? ` (${JSON.stringify(f.errorCodes)})` : ''}`
    )
  }
}

function versionsServed(load: LoadStats[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const l of load)
    for (const [v, n] of Object.entries(l.byVersion)) counts[v] = (counts[v] ?? 0) + n
  return counts
}

function servedBy(load: LoadStats[]): string {
  return Object.entries(versionsServed(load))
    .map(([v, n]) => `${v} ${n}`)
    .join(', ')
}

/** What the demo promises: each step's exit code, the serving version, and no failed request. */
function check(results: StepResult[]): string[] {
  const problems: string[] = []
  for (const r of results) {
    if (r.exitCode !== r.step.expectExit)
      problems.push(`"${r.step.title}" exited ${r.exitCode}, expected ${r.step.expectExit}`)
    if (!(r.step.expectServing in versionsServed(r.load)))
      problems.push(`"${r.step.title}": ${r.step.expectServing} did not serve during the step`)
    const non2xx = r.load.reduce((s, l) => s + l.non2xx, 0)
    if (non2xx > 0) problems.push(`"${r.step.title}": ${non2xx} HTTP failures`)
    if (r.load[0].connectionErrors > 0)
      problems.push(
        `"${r.step.title}": ${r.load[0].connectionErrors} connection errors on fresh connections`
      )
  }
  return problems
}

/** Runs one CLI command; its full output goes to the log, its headline comes back. */
function runLogged(
  cli: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string
): Promise<{ exitCode: number; headline: string }> {
  return new Promise(resolve => {
    appendFileSync(logFile, `\n$ progressive-deploy ${args.join(' ')}\n`)
    const child = spawn(process.execPath, [cli, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let output = ''
    child.stdout.on('data', chunk => (output += chunk))
    child.stderr.on('data', chunk => (output += chunk))
    child.on('close', code => {
      appendFileSync(logFile, output)
      const headline =
        /^progressive-deploy .*$/m.exec(output)?.[0] ?? output.trim().split('\n').pop() ?? ''
      resolve({ exitCode: code ?? 1, headline })
    })
  })
}

async function cleanUp(dir: string): Promise<void> {
  await labStop(dir)
  if (process.env.DEMO_KEEP !== '1') rmSync(dir, { recursive: true, force: true })
}
