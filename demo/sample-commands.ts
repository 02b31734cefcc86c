import { spawn } from 'node:child_process'
import { appendFileSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { startSampleService } from './sample-service.js'

// The user-side scripts of the demo: what a team's own deploy and smoke scripts would do.

/** `demo.js serve`: runs one version of the sample service until SIGTERM. */
export async function serve(args: string[]): Promise<void> {
  const flag = (name: string): string => args[args.indexOf(`--${name}`) + 1] ?? ''
  const version = flag('version')
  const service = await startSampleService({
    port: Number(flag('port')),
    ...(args.includes('--host') ? { host: flag('host') } : {}),
    version,
    color: flag('color'),
    broken: version.includes('broken'),
    unhealthy: args.includes('--unhealthy')
  })
  process.on('SIGTERM', () => void service.close().then(() => process.exit(0)))
}

/**
 * `demo.js deploy [--dir <dir>] [--unhealthy-on <instance>[@<version>]]`: the demo's deploy command. Reads PD_COLOR (or, in
 * a rolling update, PD_INSTANCE), PD_PORT and PD_VERSION from the environment progressive-deploy
 * gives it, stops what ran there and starts the version. --unhealthy-on starts that instance
 * (with that version only, after @) with a failing /healthz, as a bad release or host would.
 */
export async function deploy(self: string, args: string[] = []): Promise<number> {
  const dirAt = args.indexOf('--dir')
  const dir = dirAt === -1 ? process.env.DEMO_DIR : args[dirAt + 1]
  const { PD_PORT: port, PD_VERSION: version } = process.env
  // The instance's own host: on a host with several addresses it listens where the load balancer sends.
  const host = process.env.PD_HOST || '127.0.0.1'
  const color = process.env.PD_INSTANCE || process.env.PD_COLOR
  if (!dir || !color || !port || !version) {
    console.error('deploy: DEMO_DIR, PD_COLOR (or PD_INSTANCE), PD_PORT and PD_VERSION must be set')
    return 2
  }
  const unhealthyOn = args.indexOf('--unhealthy-on')
  const [badInstance, badVersion] = (args[unhealthyOn + 1] ?? '').split('@')
  const unhealthy =
    unhealthyOn !== -1 &&
    badInstance === color &&
    (badVersion === undefined || badVersion === version)
  const pidFile = path.join(dir, `${color}.pid`)
  if (existsSync(pidFile)) {
    // The instance's own word on its drain, before it stops: how long since the load balancer
    // last sent it a request (a lab asserts on this, not on a sampler that may run late).
    const idleMs = await idleOf(host, port)
    if (idleMs !== undefined)
      appendFileSync(path.join(dir, 'events.log'), `idle ${color} ${idleMs}\n`)
    await stopPid(Number(readFileSync(pidFile, 'utf8')))
  }
  const log = openSync(path.join(dir, `${color}.log`), 'a')
  const child = spawn(
    process.execPath,
    [
      self,
      'serve',
      '--port',
      port,
      '--host',
      host,
      '--version',
      version,
      '--color',
      color,
      // Names the directory on the command line, so a check can find what a demo left running.
      '--dir',
      dir,
      ...(unhealthy ? ['--unhealthy'] : [])
    ],
    {
      detached: true,
      stdio: ['ignore', log, log]
    }
  )
  child.unref()
  writeFileSync(pidFile, String(child.pid))
  // One ordered log for a lab: the lab's router sampler writes when an instance leaves and
  // rejoins rotation, this when it is deployed.
  appendFileSync(path.join(dir, 'events.log'), `deploy ${color} ${version}\n`)
  console.log(`deploy: started ${version} on ${color} (port ${port}, pid ${child.pid})`)
  return 0
}

/** `demo.js smoke`: the demo's smoke test; the real page must answer 200 with ok: true. */
export async function smoke(): Promise<number> {
  const url = `${process.env.PD_URL}/`
  const answer = await new Promise<{ status: number; body: string }>(resolve => {
    http
      .get(url, { agent: false }, response => {
        let body = ''
        response.on('data', chunk => (body += chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      })
      .on('error', error => resolve({ status: 0, body: error.message }))
  })
  if (answer.status === 200 && answer.body.includes('"ok":true')) {
    console.log(`smoke: ${url} ok`)
    return 0
  }
  console.error(`smoke: ${url} answered ${answer.status}: ${answer.body.slice(0, 100)}`)
  return 1
}

/** Milliseconds since the service on this port last got a request through the load balancer. */
function idleOf(host: string, port: string): Promise<number | undefined> {
  const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
  return new Promise(resolve => {
    http
      .get(`http://${authority}/__served`, { agent: false, timeout: 1000 }, response => {
        let body = ''
        response.on('data', chunk => (body += chunk))
        response.on('end', () => {
          try {
            const { idleMs } = JSON.parse(body) as { idleMs: number | null }
            resolve(idleMs ?? Number.POSITIVE_INFINITY)
          } catch {
            resolve(undefined)
          }
        })
      })
      .on('error', () => resolve(undefined))
  })
}

export async function stopPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0)
    } catch {
      return
    }
    if (isZombie(pid)) return
    await new Promise(r => setTimeout(r, 20))
  }
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

/** An exited process nobody has reaped yet (containers whose init does not reap) still answers kill 0. */
function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}
