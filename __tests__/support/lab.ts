import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { initialUpstream, NginxLab, startNginx } from '../../demo/nginx-lab.js'
import { freePort, RunningService, startSampleService } from '../../demo/sample-service.js'

/** Real nginx on loopback in front of two sample services: blue runs v1, green runs v2. */
export interface Lab {
  dir: string
  nginx: NginxLab
  blue: RunningService
  green: RunningService
  addresses: { blue: string; green: string }
  /** The inputs a user would give for this setup (no deploy command). */
  inputs: Record<string, string>
  stop(): Promise<void>
}

export async function startLab(name: string): Promise<Lab> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `pd-${name}-`))
  const blue = await startSampleService({ port: 0, version: 'v1', color: 'blue' })
  const green = await startSampleService({ port: 0, version: 'v2', color: 'green' })
  const addresses = { blue: `127.0.0.1:${blue.port}`, green: `127.0.0.1:${green.port}` }
  const nginx = await startNginx({
    prefix: path.join(dir, 'nginx'),
    port: await freePort(),
    upstream: initialUpstream(addresses.blue)
  })
  const inputs: Record<string, string> = {
    environment: 'test',
    'blue-address': addresses.blue,
    'green-address': addresses.green,
    'nginx-upstream-file': nginx.upstreamFile,
    'nginx-config': nginx.configFile,
    'nginx-prefix': nginx.prefix,
    'nginx-binary': nginx.binary,
    'probe-url': nginx.url,
    'state-file': path.join(dir, 'state.json'),
    'health-interval': '100ms',
    'health-deadline': '5s'
  }
  return {
    dir,
    nginx,
    blue,
    green,
    addresses,
    inputs,
    stop: async () => {
      await nginx.stop()
      await Promise.all([blue.close(), green.close()])
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** Which color answered one fresh request through nginx. */
export async function answeredBy(url: string): Promise<string> {
  const response = await fetch(url, { headers: { connection: 'close' } })
  await response.arrayBuffer()
  return response.headers.get('x-color') ?? `status ${response.status}`
}
