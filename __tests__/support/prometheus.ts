import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Counter, Histogram, Registry } from 'prom-client'
import { freePort, ServiceMetrics } from '../../demo/sample-service.js'

/** A real Prometheus on loopback scraping the given targets every 200 ms. */
export interface PrometheusLab {
  url: string
  stop(): Promise<void>
}

export async function startPrometheus(dir: string, targets: string[]): Promise<PrometheusLab> {
  mkdirSync(path.join(dir, 'data'), { recursive: true })
  const config = path.join(dir, 'prometheus.yml')
  writeFileSync(
    config,
    `global: { scrape_interval: 200ms, scrape_timeout: 200ms, evaluation_interval: 1s }\nscrape_configs: [ { job_name: app, static_configs: [ { targets: [${targets.map(t => `'${t}'`).join(', ')}] } ] } ]\n`
  )
  const port = await freePort()
  const child = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=error'
    ],
    { stdio: 'ignore' }
  )
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 15_000
  // Ready is not enough: wait until every target has been scraped once.
  for (;;) {
    if (Date.now() > deadline) throw new Error('Prometheus did not scrape its targets within 15 s')
    try {
      const response = await fetch(
        `${url}/api/v1/query?query=${encodeURIComponent('count(up == 1)')}`
      )
      const body = (await response.json()) as { data?: { result?: { value: [number, string] }[] } }
      if (Number(body.data?.result?.[0]?.value[1] ?? 0) >= targets.length) break
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 200))
  }
  return {
    url,
    stop: () =>
      new Promise(resolve => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}

/** prom-client metrics for a sample service: http_requests_total{status,version} and a latency histogram. */
export function promMetrics(version: string): ServiceMetrics {
  const registry = new Registry()
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'requests',
    labelNames: ['status', 'version'],
    registers: [registry]
  })
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'latency',
    labelNames: ['version'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry]
  })
  // Create the series up front: an empty vector is "no data", so 0 must exist to be read as 0.
  requests.inc({ status: '200', version }, 0)
  requests.inc({ status: '500', version }, 0)
  return {
    observe: (status, seconds) => {
      requests.inc({ status: String(status), version })
      latency.observe({ version }, seconds)
    },
    render: async () => ({ contentType: registry.contentType, body: await registry.metrics() })
  }
}
