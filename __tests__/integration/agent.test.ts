import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { HaproxyLab, startHaproxy } from '../../demo/haproxy-lab.js'
import { freePort, RunningService, startSampleService } from '../../demo/sample-service.js'
import { EXIT_MARKER } from '../../src/agent/agent-request.js'
import { answeredBy } from '../support/lab.js'
import { ROOT } from '../support/run-dist.js'

/**
 * The resident agent: bin/progressive-deploy (the npm bin, a shell script) sends a command to
 * `progressive-deploy agent` over its socket when PROGRESSIVE_DEPLOY_AGENT names it, and the
 * command runs there with the client's working directory and environment, against real HAProxy.
 */

const BIN = path.join(ROOT, 'bin/progressive-deploy')
let dir: string
let haproxy: HaproxyLab
let services: RunningService[]
let socket: string
let agent: ChildProcess

interface ClientRun {
  code: number
  output: string
  stderr: string
}

/** bin/progressive-deploy as a user runs it, from `cwd`, with the agent named (or not). */
function client(
  argv: string[],
  options: { cwd?: string; env?: Record<string, string>; agent?: string | null } = {}
): Promise<ClientRun> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: dir, ...options.env }
  if (options.agent !== null) env.PROGRESSIVE_DEPLOY_AGENT = options.agent ?? socket
  return new Promise(resolve =>
    execFile(BIN, argv, { cwd: options.cwd ?? dir, env }, (error, stdout, stderr) =>
      resolve({
        code: error ? Number((error as { code?: number }).code ?? 1) : 0,
        output: stdout,
        stderr
      })
    )
  )
}

function startAgentProcess(at: string): Promise<{ child: ChildProcess; said: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'agent', '--socket', at], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let said = ''
  child.stdout?.on('data', chunk => (said += chunk))
  child.stderr?.on('data', chunk => (said += chunk))
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const poll = setInterval(() => {
      if (said.includes('listening on') || child.exitCode !== null) {
        clearInterval(poll)
        resolve({ child, said })
      } else if (Date.now() - started > 10_000) {
        clearInterval(poll)
        reject(new Error(`the agent did not start: ${said}`))
      }
    }, 20)
  })
}

/** The service's flags for any command: HAProxy in front of blue and green, state in a file. */
const serviceFlags = (stateFile = 'state.json') => [
  '--router',
  'haproxy',
  '--haproxy-socket',
  haproxy.socket,
  '--haproxy-backend',
  'be',
  '--blue-address',
  `127.0.0.1:${services[0].port}`,
  '--green-address',
  `127.0.0.1:${services[1].port}`,
  '--state-file',
  stateFile,
  '--environment',
  'agent'
]

const switchFlags = (to: string, stateFile = 'state.json') => [
  'switch',
  ...serviceFlags(stateFile),
  '--probe-url',
  haproxy.url,
  '--switch-to',
  to,
  '--force',
  'true'
]

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pd-agent-'))
  services = [
    await startSampleService({ port: 0, version: 'v1', color: 'blue' }),
    await startSampleService({ port: 0, version: 'v2', color: 'green' })
  ]
  haproxy = await startHaproxy({
    prefix: path.join(dir, 'haproxy'),
    port: await freePort(),
    servers: {
      blue: { address: `127.0.0.1:${services[0].port}`, weight: 100 },
      green: { address: `127.0.0.1:${services[1].port}`, weight: 0 }
    }
  })
  socket = path.join(dir, 'agent.sock')
  agent = (await startAgentProcess(socket)).child
}, 60_000)

afterAll(async () => {
  agent?.kill('SIGTERM')
  await haproxy?.stop()
  await Promise.all((services ?? []).map(s => s.close()))
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('commands through the agent', () => {
  test("a switch runs in the agent with the client's directory and environment, prints there and exits 0", async () => {
    const work = path.join(dir, 'work')
    mkdirSync(work)
    const run = await client(switchFlags('green'), { cwd: work, env: { PD_TIMING: '1' } })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.output).toMatch(/progressive-deploy switch · agent: success/)
    // The client's environment: PD_TIMING=1 made the command print its timing line.
    expect(run.output).toMatch(/^timing \{/m)
    // The client's directory: the relative state file is there, not in the agent's.
    expect(existsSync(path.join(work, 'state.json'))).toBe(true)
    for (let i = 0; i < 6; i++) expect(await answeredBy(haproxy.url)).toBe('green')

    // The next command does not inherit the last one's environment.
    const back = await client(switchFlags('blue'), { cwd: work })
    expect(back.code).toBe(0)
    expect(back.output).not.toMatch(/^timing /m)
    for (let i = 0; i < 6; i++) expect(await answeredBy(haproxy.url)).toBe('blue')
  }, 30_000)

  test('bad input: exit 1 with the field named, nothing changed', async () => {
    const run = await client([...switchFlags('green'), '--haproxy-backend', 'be;rm -rf /'])
    expect(run.code).toBe(1)
    expect(run.output).toMatch(/haproxy-backend/)
    for (let i = 0; i < 6; i++) expect(await answeredBy(haproxy.url)).toBe('blue')
  }, 30_000)

  test('two clients at once: one command after the other, each output whole in its own terminal', async () => {
    const [a, b] = await Promise.all([client(switchFlags('green')), client(switchFlags('green'))])
    expect([a.code, b.code]).toEqual([0, 0])
    for (const run of [a, b])
      expect(run.output.match(/progressive-deploy switch · /g)).toHaveLength(1)
    // One after the other: the second found green already serving (run side by side, both
    // would have read blue and switched).
    const outcomes = [a, b].map(run => /switch · agent: (\S+)/.exec(run.output)?.[1]).sort()
    expect(outcomes).toEqual(['no-op', 'success'])
    await client(switchFlags('blue'))
  }, 30_000)

  test("the socket is the user's alone (0600); a second agent on it is refused", async () => {
    expect(statSync(socket).mode & 0o777).toBe(0o600)
    const second = await startAgentProcess(socket)
    if (second.child.exitCode === null)
      await new Promise(resolve => second.child.once('exit', resolve))
    expect(second.child.exitCode).toBe(1)
    expect(second.said).toMatch(/an agent already listens on/)
  }, 30_000)

  test('without PROGRESSIVE_DEPLOY_AGENT the bin runs the command in a new process', async () => {
    const run = await client(switchFlags('green', 'direct.json'), { agent: null })
    expect(run.code).toBe(0)
    expect(run.output).toMatch(/progressive-deploy switch · agent: success/)
    expect(existsSync(path.join(dir, 'direct.json'))).toBe(true)
    await client(switchFlags('blue'))
  }, 30_000)
})

/** A raw request to the agent's socket, as something other than the bin might send. */
function rawRequest(body: Buffer | string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath: socket, path: '/run', method: 'POST' }, response => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', chunk => (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }))
    })
    request.on('error', reject)
    request.end(body)
  })
}

describe('a client that goes away', () => {
  test('Ctrl-C mid-release: the release still runs to its end in the agent, which takes the next command', async () => {
    const started = spawn(
      BIN,
      [
        'release',
        ...serviceFlags('gone.json'),
        '--version',
        'v9',
        // A deploy that takes a second: the client is gone long before it ends.
        '--deploy-command',
        JSON.stringify([process.execPath, '-e', 'setTimeout(() => {}, 1000)']),
        '--health-interval',
        '100ms',
        '--health-deadline',
        '5s'
      ],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: dir, PROGRESSIVE_DEPLOY_AGENT: socket },
        detached: true,
        stdio: 'ignore'
      }
    )
    await new Promise(r => setTimeout(r, 300))
    // Ctrl-C reaches the whole foreground group: the shell, curl and awk.
    process.kill(-started.pid!, 'SIGINT')
    const deadline = Date.now() + 15_000
    while (Date.now() < deadline && (await answeredBy(haproxy.url)) !== 'green')
      await new Promise(r => setTimeout(r, 100))
    for (let i = 0; i < 6; i++) expect(await answeredBy(haproxy.url)).toBe('green')
    const record = JSON.parse(readFileSync(path.join(dir, 'gone.json'), 'utf8'))
    expect(JSON.stringify(record)).toMatch(/"v9"/)
    const next = await client(switchFlags('blue', 'gone.json'))
    expect(next.code).toBe(0)
    for (let i = 0; i < 6; i++) expect(await answeredBy(haproxy.url)).toBe('blue')
  }, 30_000)
})

describe('what else reaches the socket', () => {
  test('a body not from the bin, or too large, runs nothing and answers exit 1', async () => {
    const garbage = await rawRequest('switch --switch-to green')
    expect(garbage.status).toBe(400)
    expect(garbage.text).toMatch(/^error: not a request from bin\/progressive-deploy/)
    expect(garbage.text.endsWith(`${EXIT_MARKER}1\n`)).toBe(true)
    const huge = await rawRequest(Buffer.alloc(9 * 1024 * 1024, 'a'))
    expect(huge.status).toBe(413)
    expect(huge.text).toMatch(/^error: a command of more than 8388608 bytes/)
    expect(huge.text.endsWith(`${EXIT_MARKER}1\n`)).toBe(true)
    for (let i = 0; i < 6; i++) expect(await answeredBy(haproxy.url)).toBe('blue')
  }, 30_000)
})

describe('an agent that is gone', () => {
  test('killed: the client says so and exits 1; a new agent takes over the stale socket', async () => {
    const at = path.join(dir, 'killed.sock')
    const doomed = await startAgentProcess(at)
    doomed.child.kill('SIGKILL')
    await new Promise(resolve => doomed.child.once('exit', resolve))
    expect(existsSync(at)).toBe(true)
    const run = await client(['status'], { agent: at })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/the agent gave no exit code/)
    const fresh = await startAgentProcess(at)
    try {
      expect(fresh.said).toMatch(/listening on/)
      const status = await client(['status', ...serviceFlags()], { agent: at })
      expect(status.code).toBe(0)
    } finally {
      fresh.child.kill('SIGTERM')
    }
  }, 30_000)

  test('a path that is not a socket: the client refuses before sending anything', async () => {
    const run = await client(['status'], { agent: path.join(dir, 'nothing-here') })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/not the socket of a running agent/)
  })
})

test('the agent reports its socket and stops cleanly on SIGTERM, removing it', async () => {
  const at = path.join(dir, 'stopping.sock')
  const running = await startAgentProcess(at)
  running.child.kill('SIGTERM')
  await new Promise(resolve => running.child.once('exit', resolve))
  expect(running.child.exitCode).toBe(0)
  expect(existsSync(at)).toBe(false)
  expect(readFileSync(BIN, 'utf8')).toMatch(/^#!\/bin\/sh/)
})
