import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { HaproxyLab, startHaproxy } from '../../demo/haproxy-lab.js'
import { initialUpstream, NginxLab, startNginx } from '../../demo/nginx-lab.js'
import {
  freePort,
  RunningService,
  SampleServiceOptions,
  startSampleService
} from '../../demo/sample-service.js'
import { parseSettings } from '../../src/config/parse-settings.js'
import { MemoryLogger } from '../../src/platform/logger.js'
import { Report } from '../../src/report/report.js'
import { buildContext, execute } from '../../src/run.js'
import { promMetrics } from './prometheus.js'
import { withYamlOnDemand } from '../../src/config/yaml.js'

/**
 * Stable v1 on blue, and a canary on green whose behaviour each test chooses, behind real nginx
 * or HAProxy. Services expose Prometheus metrics.
 */
export interface CanaryLab {
  dir: string
  router: 'nginx' | 'haproxy'
  url: string
  stable: RunningService
  canary?: RunningService
  addresses: { blue: string; green: string }
  inputs: Record<string, string>
  haproxy?: HaproxyLab
  nginx?: NginxLab
  /** (Re)starts the canary on green with the given behaviour. */
  startCanary(options: Partial<SampleServiceOptions>): Promise<void>
  stop(): Promise<void>
}

export async function startCanaryLab(
  name: string,
  router: 'nginx' | 'haproxy',
  stableOptions: Partial<SampleServiceOptions> = {}
): Promise<CanaryLab> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `pd-${name}-`))
  const stable = await startSampleService({
    port: 0,
    version: 'v1',
    color: 'blue',
    metrics: promMetrics('v1'),
    ...stableOptions
  })
  const greenPort = await freePort()
  const addresses = { blue: `127.0.0.1:${stable.port}`, green: `127.0.0.1:${greenPort}` }
  const port = await freePort()
  const base: Record<string, string> = {
    environment: 'canary-test',
    strategy: 'canary',
    'blue-address': addresses.blue,
    'green-address': addresses.green,
    'state-file': path.join(dir, 'state.json'),
    'health-interval': '100ms',
    'health-deadline': '5s',
    'deploy-command': JSON.stringify([process.execPath, '-e', '0']),
    'analysis-interval': '1s',
    'bake-time': '2s'
  }
  let nginx: NginxLab | undefined
  let haproxy: HaproxyLab | undefined
  let inputs: Record<string, string>
  if (router === 'nginx') {
    nginx = await startNginx({
      prefix: path.join(dir, 'nginx'),
      port,
      upstream: initialUpstream(addresses.blue)
    })
    inputs = {
      ...base,
      'nginx-upstream-file': nginx.upstreamFile,
      'nginx-config': nginx.configFile,
      'nginx-prefix': nginx.prefix,
      'nginx-binary': nginx.binary,
      'probe-url': nginx.url
    }
  } else {
    haproxy = await startHaproxy({
      prefix: path.join(dir, 'haproxy'),
      port,
      servers: {
        blue: { address: addresses.blue, weight: 100 },
        green: { address: addresses.green, weight: 0 }
      }
    })
    inputs = {
      ...base,
      router: 'haproxy',
      'haproxy-socket': haproxy.socket,
      'haproxy-backend': 'be',
      'probe-url': haproxy.url
    }
  }
  const lab: CanaryLab = {
    dir,
    router,
    url: `http://127.0.0.1:${port}/`,
    stable,
    addresses,
    inputs,
    haproxy,
    nginx,
    startCanary: async options => {
      await lab.canary?.close()
      lab.canary = await startSampleService({
        port: greenPort,
        version: 'v2',
        color: 'green',
        metrics: promMetrics('v2'),
        ...options
      })
    },
    stop: async () => {
      await nginx?.stop()
      await haproxy?.stop()
      await Promise.all([stable.close(), lab.canary?.close()])
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return lab
}

/** Runs one command in this process (so step times line up with the load timeline). */
export async function runInProcess(
  command: string,
  inputs: Record<string, string>
): Promise<{ report: Report; log: string[]; error?: Error }> {
  // As run() does: the benchmarks call this without the tests' YAML preload.
  const settings = await withYamlOnDemand(() => parseSettings(name => inputs[name], command))
  const log = new MemoryLogger()
  const ctx = buildContext(settings, {
    raw: name => inputs[name],
    command,
    log,
    setOutput: () => {},
    maskSecret: () => {},
    writeSummary: async () => {}
  })
  const { thrown } = await execute(ctx)
  return thrown === undefined
    ? { report: ctx.report, log: log.lines }
    : { report: ctx.report, log: log.lines, error: thrown as Error }
}
