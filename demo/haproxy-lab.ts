import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { waitForPort } from './nginx-lab.js'
import { stopPid } from './sample-commands.js'

/** A real HAProxy on loopback with an admin socket, as the tests and benchmarks use it. */
export interface HaproxyLab {
  prefix: string
  configFile: string
  socket: string
  port: number
  url: string
  /** Graceful reload (new process, old one finishes): runtime changes are lost, as in production. */
  reload(): Promise<void>
  stop(): Promise<void>
}

export async function startHaproxy(options: {
  prefix: string
  port: number
  servers: Record<string, { address: string; weight: number }>
  /** Lines added to the backend before its servers (e.g. the sticky canary rules). */
  backendLines?: string[]
}): Promise<HaproxyLab> {
  const { prefix, port } = options
  mkdirSync(prefix, { recursive: true })
  const configFile = path.join(prefix, 'haproxy.cfg')
  const socket = path.join(prefix, 'haproxy.sock')
  const pidFile = path.join(prefix, 'haproxy.pid')
  writeFileSync(configFile, haproxyConfig(socket, port, options.servers, options.backendLines))
  execFileSync('haproxy', ['-c', '-q', '-f', configFile])
  execFileSync('haproxy', ['-D', '-f', configFile, '-p', pidFile])
  await waitForPort(port, 5000)
  const pid = () => Number(readFileSync(pidFile, 'utf8').trim().split('\n')[0])
  return {
    prefix,
    configFile,
    socket,
    port,
    url: `http://127.0.0.1:${port}/`,
    reload: async () => {
      execFileSync('haproxy', ['-D', '-f', configFile, '-p', pidFile, '-sf', String(pid())])
      await waitForPort(port, 5000)
      // The new process owns the socket once it answers.
      for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise(r => setTimeout(r, 20))
    },
    stop: async () => {
      if (existsSync(pidFile)) await stopPid(pid())
    }
  }
}

export function haproxyConfig(
  socket: string,
  port: number,
  servers: Record<string, { address: string; weight: number }>,
  backendLines: string[] = []
): string {
  return [
    'global',
    `    stats socket ${socket} mode 600 level admin`,
    '    maxconn 4000',
    'defaults',
    '    mode http',
    '    timeout connect 2s',
    '    timeout client 30s',
    '    timeout server 30s',
    // No redispatch and no retries: a request sent to a server being replaced must fail, not
    // be retried elsewhere (a retry would hide a bad drain).
    '    retries 0',
    'frontend fe',
    `    bind 127.0.0.1:${port}`,
    '    default_backend be',
    'backend be',
    '    balance roundrobin',
    '    http-request set-header X-Via-Lb 1',
    // Names the server that answered, so a probe can tell where traffic went.
    '    http-response set-header X-Upstream-Addr %s',
    ...backendLines,
    ...Object.entries(servers).map(
      ([name, s]) => `    server ${name} ${s.address} weight ${s.weight}`
    ),
    ''
  ].join('\n')
}
