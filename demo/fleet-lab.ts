import { spawnSync } from 'node:child_process'
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { SocketHaproxyRuntime } from '../src/platform/haproxy-socket.js'
import { HaproxyLab, startHaproxy } from './haproxy-lab.js'
import { NginxLab, startNginx } from './nginx-lab.js'
import { stopPid } from './sample-commands.js'
import { freePort } from './sample-service.js'

/**
 * A fleet of the sample service behind real nginx or HAProxy, for rolling updates: each instance
 * is its own process, started (and later replaced) by `demo.js deploy`, as a team's deploy script
 * would restart a service on a host. Used by the tests and the benchmark.
 */
export interface FleetLab {
  dir: string
  router: 'nginx' | 'haproxy'
  url: string
  instances: { name: string; address: string }[]
  /** The inputs of a rolling update of this fleet (add version and anything else). */
  inputs: Record<string, string>
  /**
   * Instances the router sends traffic to right now, as the router itself shows it: HAProxy's
   * server states; for nginx, which backends answer a burst of requests through it (counted by
   * the backends, not read from the file the tool wrote).
   */
  inRotation(): Promise<number>
  /**
   * The instances taking traffic over the next `windowMs` while load runs (no requests of its
   * own): HAProxy's server states, or for nginx the backends whose count of forwarded requests
   * grew.
   */
  serving(windowMs: number): Promise<string[]>
  /** One ordered log: `out <instance>` / `in <instance>` from sampleRotation, `deploy <instance> <version>` from the deploy script. */
  eventsFile: string
  /** The version each instance answers with (GET / on the instance itself). */
  versions(): Promise<Record<string, string>>
  stop(): Promise<void>
}

export async function startFleetLab(options: {
  name: string
  router: 'nginx' | 'haproxy'
  size: number
  /** dist/demo.js: the deploy script. */
  demoScript: string
  version?: string
}): Promise<FleetLab> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `pd-${options.name}-`))
  const instances: { name: string; address: string }[] = []
  for (let i = 1; i <= options.size; i++)
    instances.push({ name: `web-${i}`, address: `127.0.0.1:${await freePort()}` })
  const deploy = [process.execPath, options.demoScript, 'deploy', '--dir', dir]
  for (const instance of instances) {
    const result = spawnSync(deploy[0], deploy.slice(1), {
      env: {
        ...process.env,
        DEMO_DIR: dir,
        PD_INSTANCE: instance.name,
        PD_PORT: instance.address.split(':')[1],
        PD_VERSION: options.version ?? 'v1'
      },
      encoding: 'utf8'
    })
    if (result.status !== 0) throw new Error(`starting ${instance.name} failed: ${result.stderr}`)
  }
  await Promise.all(instances.map(i => waitAnswering(i.address, 5000)))
  const port = await freePort()
  const base: Record<string, string> = {
    strategy: 'rolling',
    environment: options.name,
    instances: instances.map(i => `${i.name}=${i.address}`).join('\n'),
    'state-file': path.join(dir, 'state.json'),
    'deploy-command': JSON.stringify(deploy),
    'health-interval': '100ms',
    'health-deadline': '10s',
    'min-ready': '1s'
  }
  let nginx: NginxLab | undefined
  let haproxy: HaproxyLab | undefined
  let inputs: Record<string, string>
  let inRotation: () => Promise<number>
  let serving: (windowMs: number) => Promise<string[]>
  if (options.router === 'nginx') {
    nginx = await startNginx({
      prefix: path.join(dir, 'nginx'),
      port,
      upstream: `upstream app {\n${instances.map(i => `    server ${i.address};`).join('\n')}\n}\n`
    })
    inputs = {
      ...base,
      'nginx-upstream-file': nginx.upstreamFile,
      'nginx-config': nginx.configFile,
      'nginx-prefix': nginx.prefix,
      'nginx-binary': nginx.binary,
      'drain-timeout': '300ms',
      'probe-url': nginx.url
    }
    const url = nginx.url
    // Counted by the backends: which ones got requests from nginx meanwhile.
    const grew = async (during: () => Promise<void>): Promise<string[]> => {
      const before = await forwardedCounts(instances)
      await during()
      const after = await forwardedCounts(instances)
      // A new process (replaced meanwhile) counts from 0: any request it got is one forwarded.
      const got = (name: string) =>
        after[name].since === before[name].since
          ? after[name].count > before[name].count
          : after[name].count > 0
      return instances.filter(i => got(i.name)).map(i => i.name)
    }
    serving = windowMs => grew(() => new Promise(r => setTimeout(r, windowMs)))
    inRotation = async () =>
      (
        await grew(async () => {
          for (let n = 0; n < instances.length * 4; n++) await fetchOnce(url)
        })
      ).length
  } else {
    haproxy = await startHaproxy({
      prefix: path.join(dir, 'haproxy'),
      port,
      servers: Object.fromEntries(instances.map(i => [i.name, { address: i.address, weight: 100 }]))
    })
    const runtime = new SocketHaproxyRuntime(haproxy.socket)
    inputs = {
      ...base,
      router: 'haproxy',
      'haproxy-socket': haproxy.socket,
      'haproxy-backend': 'be',
      'drain-timeout': '2s',
      'probe-url': haproxy.url
    }
    // Servers in the ready admin state with a weight: HAProxy's own view.
    serving = async () =>
      (await runtime.send('show servers state be'))
        .split('\n')
        .filter(line => /^\d/.test(line))
        .map(line => line.trim().split(/\s+/))
        .filter(f => f[6] === '0' && Number(f[7]) > 0)
        .map(f => f[3])
    inRotation = async () => (await serving(0)).length
  }
  return {
    dir,
    router: options.router,
    url: `http://127.0.0.1:${port}/`,
    instances,
    inputs,
    inRotation,
    serving,
    eventsFile: path.join(dir, 'events.log'),
    versions: async () =>
      Object.fromEntries(
        await Promise.all(instances.map(async i => [i.name, await versionOf(i.address)] as const))
      ),
    stop: async () => {
      await nginx?.stop()
      await haproxy?.stop()
      for (const file of readdirSync(dir).filter(f => f.endsWith('.pid')))
        await stopPid(Number(readFileSync(path.join(dir, file), 'utf8')))
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/**
 * Samples which instances take traffic until stopped, from the router itself (see serving()),
 * keeping the minimum and writing each instance's leaving and rejoining rotation to the lab's
 * ordered events log.
 */
export function sampleRotation(
  lab: FleetLab,
  windowMs = lab.router === 'nginx' ? 150 : 20
): { stop(): Promise<{ min: number; samples: number }> } {
  let min = Number.POSITIVE_INFINITY
  let samples = 0
  let running = true
  let last = new Set(lab.instances.map(i => i.name))
  const loop = (async () => {
    while (running) {
      try {
        const now = new Set(await lab.serving(windowMs))
        if (!running) break
        min = Math.min(min, now.size)
        samples += 1
        for (const { name } of lab.instances) {
          if (last.has(name) && !now.has(name)) appendFileSync(lab.eventsFile, `out ${name}\n`)
          if (!last.has(name) && now.has(name)) appendFileSync(lab.eventsFile, `in ${name}\n`)
        }
        last = now
      } catch {
        // an instance being replaced: the next sample reads it
      }
      if (lab.router === 'haproxy') await new Promise(r => setTimeout(r, windowMs))
    }
  })()
  return {
    stop: async () => {
      running = false
      await loop
      return { min, samples }
    }
  }
}

/** Requests each instance got from the load balancer so far (0 when it does not answer). */
async function forwardedCounts(
  instances: readonly { name: string; address: string }[]
): Promise<Record<string, { count: number; since: string }>> {
  const counts = await Promise.all(
    instances.map(
      i =>
        new Promise<{ count: number; since: string }>(resolve => {
          http
            .get(`http://${i.address}/__served`, { agent: false, timeout: 1000 }, response => {
              let body = ''
              response.on('data', chunk => (body += chunk))
              response.on('end', () => {
                try {
                  const parsed = JSON.parse(body) as { viaLoadBalancer?: number; since?: string }
                  resolve({
                    count: Number(parsed.viaLoadBalancer) || 0,
                    since: String(parsed.since)
                  })
                } catch {
                  resolve({ count: 0, since: '' })
                }
              })
            })
            .on('error', () => resolve({ count: 0, since: 'down' }))
        })
    )
  )
  return Object.fromEntries(instances.map((i, n) => [i.name, counts[n]]))
}

function fetchOnce(url: string): Promise<void> {
  return new Promise(resolve => {
    http
      .get(url, { agent: false, timeout: 2000 }, response => {
        response.resume()
        response.on('end', () => resolve())
      })
      .on('error', () => resolve())
  })
}

function versionOf(address: string): Promise<string> {
  return new Promise(resolve => {
    http
      .get(`http://${address}/`, { agent: false }, response => {
        response.resume()
        resolve(String(response.headers['x-version'] ?? `status ${response.statusCode}`))
      })
      .on('error', error => resolve(`down (${error.message})`))
  })
}

async function waitAnswering(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!(await versionOf(address)).startsWith('down')) return
    await new Promise(r => setTimeout(r, 50))
  }
  throw new Error(`${address} does not answer after ${timeoutMs} ms`)
}
