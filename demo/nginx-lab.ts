import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'

/** A real nginx on loopback with its own prefix directory, as the demo, tests and benchmarks use it. */
export interface NginxLab {
  prefix: string
  configFile: string
  upstreamFile: string
  port: number
  url: string
  binary: string
  /** JSON lines in the README's log_format, for nginx-log gates. */
  accessLog: string
  stop(): Promise<void>
}

const CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']

/** Finds nginx; installs it with apt-get when missing and allowed, else says exactly what to install. */
export function ensureNginx(log: (line: string) => void = console.log): string {
  const found = findNginx()
  if (found) return found
  const asRoot = process.getuid?.() === 0
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
  if (!asRoot || !hasApt) {
    throw new Error(
      'nginx is not installed. Install it first: sudo apt-get install -y nginx-light (Debian/Ubuntu), or put nginx on PATH.'
    )
  }
  log('nginx is missing: installing it with apt-get (nginx-light), about 20 s ...')
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  execFileSync('apt-get', ['install', '-y', '-qq', 'nginx-light'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  })
  const installed = findNginx()
  if (!installed)
    throw new Error('apt-get install nginx-light finished but no nginx binary was found.')
  return installed
}

function findNginx(): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' })
  if (onPath.status === 0 && onPath.stdout.trim() !== '') return onPath.stdout.trim()
  return CANDIDATES.find(candidate => existsSync(candidate))
}

/**
 * Starts nginx in `prefix`, proxying 127.0.0.1:port to the upstream in upstream.conf. Responses
 * carry X-Upstream-Addr so a probe can tell which backend answered.
 */
export async function startNginx(options: {
  prefix: string
  port: number
  upstream: string
  binary?: string
  /** Load Debian's Lua module (and NDK, which it needs) for nginx-mode lua. */
  lua?: boolean
}): Promise<NginxLab> {
  const { prefix, port } = options
  const binary = options.binary ?? ensureNginx()
  for (const dir of ['logs', 'tmp/body', 'tmp/proxy', 'tmp/fcgi', 'tmp/uwsgi', 'tmp/scgi'])
    mkdirSync(path.join(prefix, dir), { recursive: true })
  const upstreamFile = path.join(prefix, 'upstream.conf')
  const configFile = path.join(prefix, 'nginx.conf')
  writeFileSync(upstreamFile, options.upstream)
  writeFileSync(
    configFile,
    (options.lua ? LUA_MODULES : '') + nginxConfig(prefix, port, upstreamFile)
  )
  execFileSync(binary, ['-c', configFile, '-p', prefix], { stdio: 'pipe' })
  await waitForPort(port, 5000)
  const pidFile = path.join(prefix, 'nginx.pid')
  return {
    prefix,
    configFile,
    upstreamFile,
    port,
    url: `http://127.0.0.1:${port}/`,
    binary,
    accessLog: path.join(prefix, 'logs', 'access.json'),
    stop: async () => {
      if (!existsSync(pidFile)) return
      const pid = Number(readFileSync(pidFile, 'utf8').trim())
      try {
        process.kill(pid, 'SIGTERM')
      } catch {
        return
      }
      for (let i = 0; i < 100 && alive(pid); i++) await new Promise(r => setTimeout(r, 30))
      if (alive(pid)) process.kill(pid, 'SIGKILL')
    }
  }
}

/** Debian's libnginx-mod-http-lua, as /etc/nginx/modules-enabled loads it for the packaged nginx. */
export const LUA_MODULES = `load_module /usr/lib/nginx/modules/ndk_http_module.so;
load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;
`

export function nginxConfig(prefix: string, port: number, upstreamFile: string): string {
  return `worker_processes 2;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
user root;
events { worker_connections 4096; }
http {
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  # The access log gates read (README: "Gates on real traffic").
  log_format progressive_deploy escape=json '{"upstream_addr":"$upstream_addr","status":"$status","upstream_response_time":"$upstream_response_time","request_time":"$request_time","request_uri":"$request_uri"}';
  access_log ${prefix}/logs/access.json progressive_deploy;
  include ${upstreamFile};
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://app;
      # A request sent to a server that is being replaced must fail, not be retried elsewhere:
      # a retry would hide exactly the bad drain the tests look for.
      proxy_next_upstream off;
      proxy_set_header X-Via-Lb 1;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      add_header X-Upstream-Addr $upstream_addr always;
    }
  }
}
`
}

/** An upstream file with all traffic on one address: the hand-written start a user would have. */
export function initialUpstream(address: string): string {
  return `upstream app {\n    server ${address};\n}\n`
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

export async function waitForPort(
  port: number,
  timeoutMs: number,
  host = '127.0.0.1'
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>(resolve => {
      const socket = net.connect(port, host)
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise(r => setTimeout(r, 25))
  }
  throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`)
}
