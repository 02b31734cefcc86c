// npm run bench: a switch beside kamal-proxy (the proxy behind Kamal 2), on the same machine, in
// the same run, under the same load: 4 fresh-connection and 4 keep-alive clients per front.
// progressive-deploy runs as its command-line tool (a new process per switch, as in CI) on HAProxy
// and on nginx in Lua mode, and reports where its time goes (PD_TIMING). Writes
// bench/results/switch-peers.json. Measures; asserts nothing.
import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { startHaproxy } from '../demo/haproxy-lab.js'
import { LoadStats, startLoad } from '../demo/load-generator.js'
import { freePort, startSampleService } from '../demo/sample-service.js'
import { luaSocketIn, startLuaNginx } from '../__tests__/support/nginx-lua.js'
import { timeToAllNew } from './all-new.js'
import { benchRun } from './run-id.js'
import { median, quantile, round } from './stats.js'

const ROOT = path.resolve(import.meta.dirname, '..')
const SWITCHES = 20
const KAMAL = path.join(ROOT, '../shared/peers/kamal-proxy.xz')
const run = promisify(execFile)

interface System {
  name: string
  url: string
  /** Switches to the color; returns progressive-deploy's timing line, if any. */
  switchTo(color: 'blue' | 'green'): Promise<Timing | undefined>
  stop(): Promise<void>
}

/** PD_TIMING's line: ms since the process started. */
interface Timing {
  loaded: number
  settings: number
  commandStart: number
  commandEnd: number
  published: number
  steps: { name: string; startMs: number; durationMs: number }[]
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-bench-peers-'))
const blue = await startSampleService({ port: 0, version: 'v1', color: 'blue' })
const green = await startSampleService({ port: 0, version: 'v2', color: 'green' })
const address = { blue: `127.0.0.1:${blue.port}`, green: `127.0.0.1:${green.port}` }

/** progressive-deploy's switch as a user runs it: a new process, flags, state in a file. */
async function cliSwitch(inputs: Record<string, string>, color: string): Promise<Timing> {
  const flags = Object.entries({ ...inputs, 'switch-to': color, force: 'true' }).flatMap(
    ([k, v]) => [`--${k}`, v]
  )
  const { stderr } = await run(
    process.execPath,
    [path.join(ROOT, 'dist/cli.js'), 'switch', ...flags],
    {
      env: { ...process.env, PD_TIMING: '1' }
    }
  )
  const line = stderr.split('\n').find(l => l.startsWith('timing '))
  if (!line) throw new Error(`switch to ${color} printed no timing: ${stderr}`)
  return JSON.parse(line.slice('timing '.length)) as Timing
}

/**
 * The same switch sent by bin/progressive-deploy (the npm bin, a shell script) to a resident
 * `progressive-deploy agent`: no Node start-up per command.
 */
async function agentSwitch(socket: string, inputs: Record<string, string>, color: string) {
  const flags = Object.entries({ ...inputs, 'switch-to': color, force: 'true' }).flatMap(
    ([k, v]) => [`--${k}`, v]
  )
  await run(path.join(ROOT, 'bin/progressive-deploy'), ['switch', ...flags], {
    env: { ...process.env, PROGRESSIVE_DEPLOY_AGENT: socket }
  })
}

/** A resident agent on its own socket; resolves once it listens. */
async function startAgent(name: string): Promise<{ socket: string; stop(): void }> {
  const socket = path.join(dir, `${name}-agent.sock`)
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'dist/cli.js'), 'agent', '--socket', socket],
    {
      stdio: 'ignore'
    }
  )
  for (let i = 0; i < 400 && !existsSync(socket); i++) await new Promise(r => setTimeout(r, 25))
  if (!existsSync(socket)) throw new Error(`the ${name} agent did not start`)
  return { socket, stop: () => child.kill('SIGTERM') }
}

const common = {
  'blue-address': address.blue,
  'green-address': address.green,
  'confirm-timeout': '5s'
}

async function kamalProxy(): Promise<System> {
  const home = path.join(dir, 'kamal')
  execFileSync('mkdir', ['-p', home])
  const binary = path.join(home, 'kamal-proxy')
  writeFileSync(binary, execFileSync('xz', ['-dc', KAMAL], { maxBuffer: 64 * 1024 * 1024 }), {
    mode: 0o755
  })
  const port = await freePort()
  const env = {
    ...process.env,
    HOME: home,
    KAMAL_PROXY_SOCKET: path.join(home, 'kamal-proxy.sock')
  }
  const proxy: ChildProcess = spawn(
    binary,
    ['run', '--http-port', String(port), '--https-port', String(await freePort())],
    { env, stdio: 'ignore' }
  )
  for (let i = 0; i < 200 && !existsSync(env.KAMAL_PROXY_SOCKET); i++)
    await new Promise(r => setTimeout(r, 25))
  const deploy = (color: 'blue' | 'green') =>
    run(binary, ['deploy', 'svc', '--target', address[color], '--health-check-path', '/healthz'], {
      env
    })
  await deploy('blue')
  return {
    name: 'kamal-proxy deploy',
    url: `http://127.0.0.1:${port}/`,
    switchTo: async color => {
      await deploy(color)
      return undefined
    },
    stop: async () => {
      proxy.kill('SIGTERM')
    }
  }
}

async function haproxy(viaAgent = false): Promise<System> {
  const lab = await startHaproxy({
    prefix: path.join(dir, 'haproxy'),
    port: await freePort(),
    servers: {
      blue: { address: address.blue, weight: 100 },
      green: { address: address.green, weight: 0 }
    }
  })
  const inputs = {
    ...common,
    environment: 'peers-haproxy',
    router: 'haproxy',
    'haproxy-socket': lab.socket,
    'haproxy-backend': 'be',
    'probe-url': lab.url,
    'state-file': path.join(dir, 'haproxy-state.json')
  }
  return ours('HAProxy', lab.url, inputs, viaAgent, () => lab.stop())
}

async function nginxLua(viaAgent = false): Promise<System> {
  const lab = await startLuaNginx(dir, address.blue)
  const inputs = {
    ...common,
    environment: 'peers-lua',
    'nginx-mode': 'lua',
    'nginx-lua-socket': luaSocketIn(dir),
    'probe-url': lab.url,
    'state-file': path.join(dir, 'lua-state.json')
  }
  return ours('nginx Lua mode', lab.url, inputs, viaAgent, () => lab.stop())
}

/** Our switch on one router: a new process per switch, or handed to a resident agent. */
async function ours(
  router: string,
  url: string,
  inputs: Record<string, string>,
  viaAgent: boolean,
  stopLab: () => Promise<void>
): Promise<System> {
  const agent = viaAgent ? await startAgent(router.replace(/\W+/g, '-')) : undefined
  return {
    name: `progressive-deploy switch${agent ? ' via the agent' : ''}, ${router}`,
    url,
    switchTo: async color => {
      if (!agent) return cliSwitch(inputs, color)
      await agentSwitch(agent.socket, inputs, color)
      return undefined
    },
    stop: async () => {
      agent?.stop()
      await stopLab()
    }
  }
}

function clients(stats: LoadStats) {
  return {
    requests: stats.requests,
    non2xx: stats.non2xx,
    connectionErrors: stats.connectionErrors
  }
}

/** Where a switch's time went, from its timing line (ms). */
function breakdown(t: Timing) {
  const swap = t.steps.find(s => s.name.startsWith('switch traffic'))
  const confirm = t.steps.find(s => s.name.startsWith('confirm'))
  const swapStart = swap?.startMs ?? t.commandEnd
  return {
    startAndLoad: t.loaded,
    settings: t.settings - t.loaded,
    beforeSwap: swapStart - t.commandStart,
    swap: swap?.durationMs ?? 0,
    confirm: confirm?.durationMs ?? 0,
    afterCommand: t.published - t.commandEnd,
    swapDoneAt: swapStart + (swap?.durationMs ?? 0)
  }
}

const results: Record<string, unknown> = { ...benchRun(), switches: SWITCHES, clientsPerKind: 4 }
const systems: Record<string, unknown>[] = []
try {
  for (const make of [
    kamalProxy,
    () => haproxy(),
    () => nginxLua(),
    () => haproxy(true),
    () => nginxLua(true)
  ]) {
    const system = await make()
    console.log(`bench: ${SWITCHES} switches, ${system.name} ...`)
    const loads = (['fresh', 'keep-alive'] as const).map(kind =>
      startLoad({ url: system.url, kind, concurrency: 4, pauseMs: 2 })
    )
    const command: number[] = []
    const allNew: number[] = []
    const timings: ReturnType<typeof breakdown>[] = []
    let stats: LoadStats[] = []
    try {
      for (let i = 0; i < SWITCHES; i++) {
        const target = i % 2 === 0 ? 'green' : 'blue'
        let timing: Timing | undefined
        const measured = await timeToAllNew([system.url], target, async () => {
          timing = await system.switchTo(target)
        })
        command.push(measured.commandMs)
        allNew.push(measured.allNewMs)
        if (timing) timings.push(breakdown(timing))
        await new Promise(r => setTimeout(r, 200))
      }
    } finally {
      stats = await Promise.all(loads.map(l => l.stop()))
      await system.stop()
    }
    const mid = (pick: (b: ReturnType<typeof breakdown>) => number) =>
      round(median(timings.map(pick)))
    systems.push({
      name: system.name,
      commandMs: { median: round(median(command)), p95: round(quantile(command, 0.95)) },
      allNewMs: { median: round(median(allNew)), p95: round(quantile(allNew, 0.95)) },
      fresh: clients(stats[0]),
      keepAlive: clients(stats[1]),
      ...(timings.length > 0
        ? {
            breakdownMs: {
              startAndLoad: mid(b => b.startAndLoad),
              settings: mid(b => b.settings),
              beforeSwap: mid(b => b.beforeSwap),
              swap: mid(b => b.swap),
              confirm: mid(b => b.confirm),
              afterCommand: mid(b => b.afterCommand),
              swapDoneAt: mid(b => b.swapDoneAt)
            }
          }
        : {})
    })
  }
} finally {
  await Promise.all([blue.close(), green.close()])
  rmSync(dir, { recursive: true, force: true })
}
results.systems = systems
writeFileSync(
  path.join(ROOT, 'bench/results/switch-peers.json'),
  `${JSON.stringify(results, null, 2)}\n`
)
console.log(JSON.stringify(systems, null, 2))
