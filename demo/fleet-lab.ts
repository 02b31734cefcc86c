import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
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
  /** Instances the router sends traffic to right now, read from the router itself. */
  inRotation(): Promise<number>
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
  if (options.router === 'nginx') {
    nginx = await startNginx({
      prefix: path.join(dir, 'nginx'),
      port,
      upstream: `upstream app {\n${instances.map(i => `    server ${i.address};`).join('\n')}\n}\n`
    })
    const file = nginx.upstreamFile
    inputs = {
      ...base,
      'nginx-upstream-file': file,
      'nginx-config': nginx.configFile,
      'nginx-prefix': nginx.prefix,
      'nginx-binary': nginx.binary,
      'drain-timeout': '300ms',
      'probe-url': nginx.url
    }
    // What nginx was last told: servers not marked down.
    inRotation = async () =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(line => /^\s*server\s/.test(line) && !/\sdown\b/.test(line)).length
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
    inRotation = async () =>
      (await runtime.send('show servers state be'))
        .split('\n')
        .filter(line => /^\d/.test(line))
        .map(line => line.trim().split(/\s+/))
        .filter(f => f[6] === '0' && Number(f[7]) > 0).length
  }
  return {
    dir,
    router: options.router,
    url: `http://127.0.0.1:${port}/`,
    instances,
    inputs,
    inRotation,
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

/** Samples how many instances are in rotation until stopped; keeps the minimum. */
export function sampleRotation(
  lab: FleetLab,
  everyMs = 20
): { stop(): Promise<{ min: number; samples: number }> } {
  let min = Number.POSITIVE_INFINITY
  let samples = 0
  let running = true
  const loop = (async () => {
    while (running) {
      try {
        min = Math.min(min, await lab.inRotation())
        samples += 1
      } catch {
        // a file mid-rename: the next sample reads it
      }
      await new Promise(r => setTimeout(r, everyMs))
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
