import { copyFileSync, readFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { HaproxyLab, startHaproxy } from '../../demo/haproxy-lab.js'
import { freePort, RunningService } from '../../demo/sample-service.js'
import { SocketHaproxyRuntime } from '../../src/platform/haproxy-socket.js'
import { SocketLuaAdmin } from '../../src/platform/nginx-lua-admin.js'
import { luaSocketIn, startLuaNginx } from './nginx-lua.js'
import { ROOT } from './run-dist.js'

/**
 * A load balancer set up for sticky canaries as the README says: nginx with the Lua include, or
 * HAProxy with examples/haproxy/progressive-deploy-sticky.cfg and its map; blue and green are
 * `services[0]` and `services[1]`. Used by the sticky test and the sticky benchmark.
 */
/** What both routers share: the colors, the deploy, the gates' pace, sticky and canary-match. */
function common(services: RunningService[]): Record<string, string> {
  return {
    strategy: 'canary',
    'blue-address': `127.0.0.1:${services[0].port}`,
    'green-address': `127.0.0.1:${services[1].port}`,
    'deploy-command': JSON.stringify([process.execPath, '-e', '0']),
    'health-interval': '100ms',
    'health-deadline': '5s',
    'bake-time': '1s',
    'analysis-interval': '500ms',
    sticky: 'cookie:uid',
    'canary-match': 'header:X-Canary'
  }
}

export interface Front {
  url: string
  inputs: Record<string, string>
  /** The canary routing as the router holds it: the Lua split, or HAProxy's map. */
  routing(): Promise<string>
  stop(): Promise<void>
}

export async function luaFront(dir: string, services: RunningService[]): Promise<Front> {
  const nginx = await startLuaNginx(dir, `127.0.0.1:${services[0].port}`)
  const admin = new SocketLuaAdmin(luaSocketIn(dir))
  return {
    url: nginx.url,
    inputs: {
      ...common(services),
      environment: 'sticky-lua',
      'nginx-mode': 'lua',
      'nginx-lua-socket': luaSocketIn(dir),
      'nginx-binary': nginx.binary,
      'probe-url': nginx.url,
      'state-file': path.join(dir, 'lua.json')
    },
    routing: () => admin.read(),
    stop: () => nginx.stop()
  }
}

export async function haproxyFront(dir: string, services: RunningService[]): Promise<Front> {
  const map = path.join(dir, 'progressive-deploy.map')
  copyFileSync(path.join(ROOT, 'examples/haproxy/progressive-deploy.map'), map)
  const rules = readFileSync(
    path.join(ROOT, 'examples/haproxy/progressive-deploy-sticky.cfg'),
    'utf8'
  )
    .replaceAll('/etc/haproxy/progressive-deploy.map', map)
    .split('\n')
    .filter(line => line.trim() !== '' && !line.trimStart().startsWith('#'))
  const haproxy: HaproxyLab = await startHaproxy({
    prefix: path.join(dir, 'haproxy'),
    port: await freePort(),
    servers: {
      blue: { address: `127.0.0.1:${services[0].port}`, weight: 100 },
      green: { address: `127.0.0.1:${services[1].port}`, weight: 0 }
    },
    backendLines: rules
  })
  const runtime = new SocketHaproxyRuntime(haproxy.socket)
  return {
    url: haproxy.url,
    inputs: {
      ...common(services),
      environment: 'sticky-haproxy',
      router: 'haproxy',
      'haproxy-socket': haproxy.socket,
      'haproxy-backend': 'be',
      'haproxy-map': map,
      'probe-url': haproxy.url,
      'state-file': path.join(dir, 'haproxy.json')
    },
    routing: () => runtime.send(`show map ${map}`),
    stop: () => haproxy.stop()
  }
}

/** The color that answered each request (in order), 32 at a time over `agent`'s connections. */
export async function colorsThrough(
  url: string,
  agent: http.Agent,
  requests: Record<string, string>[]
): Promise<string[]> {
  const answers: string[] = new Array(requests.length)
  let next = 0
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < requests.length) {
        const i = next++
        answers[i] = await new Promise<string>((resolve, reject) =>
          http
            .get(url, { agent, headers: requests[i] }, response => {
              response.resume()
              response.on('end', () => resolve(String(response.headers['x-color'])))
            })
            .on('error', reject)
        )
      }
    })
  )
  return answers
}
