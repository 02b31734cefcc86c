import http from 'node:http'
import { AddressInfo } from 'node:net'

export interface SampleServiceOptions {
  port: number
  /** Address to listen on; default 127.0.0.1 (a test host in a network namespace gives its own). */
  host?: string
  version: string
  color: string
  /** A "broken" release: / answers 500 while /healthz still says ok (only a smoke test catches it). */
  broken?: boolean
  /** /healthz answers 503: the release never becomes healthy. */
  unhealthy?: boolean
  /** Share of requests to / answered 500, spread evenly (0.1: every tenth). */
  failRate?: number
  /** Only requests under this path fail (failRate of them); others, and /healthz, stay fine. */
  failPath?: string
  /** A share of requests answered `slowMs` later, spread evenly (a slow tail). */
  slowShare?: number
  slowMs?: number
  /** Added to every answer to /, in ms. */
  latencyMs?: number
  /** Receives every answer to / (e.g. Prometheus counters); serves /metrics when given. */
  metrics?: ServiceMetrics
}

export interface ServiceMetrics {
  observe(status: number, seconds: number): void
  /** The /metrics page and its content type. */
  render(): Promise<{ contentType: string; body: string }>
}

export interface RunningService {
  port: number
  close(): Promise<void>
}

/**
 * The service being released in the demo, tests and benchmarks. It says which version and color
 * answered, in headers and body, so clients can tell where traffic went; tests can make it fail a
 * share of requests or answer slower.
 */
export function startSampleService(options: SampleServiceOptions): Promise<RunningService> {
  let served = 0
  // Requests under failPath (all, without one): failRate of these fail, spread evenly.
  let onPath = 0
  // Requests the load balancer forwarded (the lab marks them): a lab can tell from the backends
  // themselves which ones the router sends traffic to, without trusting the router's files.
  let viaLoadBalancer = 0
  // When the load balancer last forwarded one: how long an instance has been out of rotation,
  // from the instance itself.
  let lastViaLoadBalancer: number | undefined
  // Tells this process from the one that ran before it on the same port.
  const since = `${process.pid}-${performance.timeOrigin}`
  const server = http.createServer((request, response) => {
    // A POST's body is read and dropped: the answer is the same for every method.
    request.resume()
    response.setHeader('x-version', options.version)
    response.setHeader('x-color', options.color)
    if (request.url === '/__served') {
      response.setHeader('content-type', 'application/json')
      const idleMs = lastViaLoadBalancer === undefined ? null : Date.now() - lastViaLoadBalancer
      response.end(JSON.stringify({ viaLoadBalancer, since, idleMs }))
      return
    }
    if (request.headers['x-via-lb'] !== undefined) {
      viaLoadBalancer++
      lastViaLoadBalancer = Date.now()
    }
    if (request.url === '/healthz') {
      response.statusCode = options.unhealthy ? 503 : 200
      response.end(options.unhealthy ? 'starting' : 'ok')
      return
    }
    if (request.url === '/metrics' && options.metrics) {
      void options.metrics.render().then(page => {
        response.setHeader('content-type', page.contentType)
        response.end(page.body)
      })
      return
    }
    const started = performance.now()
    const failing =
      options.failPath === undefined || (request.url ?? '/').startsWith(options.failPath)
    const rate = failing ? (options.failRate ?? 0) : 0
    const slowShare = options.slowShare ?? 0
    // Deterministic spread: exactly `rate` of the requests fail, evenly (and `slowShare` are slow).
    const failed =
      options.broken === true ||
      (failing && Math.floor((onPath + 1) * rate) > Math.floor(onPath * rate))
    const slow = Math.floor((served + 1) * slowShare) > Math.floor(served * slowShare)
    if (failing) onPath++
    served++
    const answer = (): void => {
      response.statusCode = failed ? 500 : 200
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ version: options.version, color: options.color, ok: !failed }))
      options.metrics?.observe(response.statusCode, (performance.now() - started) / 1000)
    }
    const delay = (options.latencyMs ?? 0) + (slow ? (options.slowMs ?? 0) : 0)
    if (delay > 0) setTimeout(answer, delay)
    else answer()
  })
  server.keepAliveTimeout = 30_000
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise(done => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
}

/**
 * A port nothing listens on, for a server that must be told its port before it starts (nginx,
 * HAProxy, an instance a deploy script starts). Chosen below the kernel's ephemeral range
 * (32768–60999 on Linux), where the kernel never hands a port to an outgoing connection, so the
 * load's own connections cannot take it between this check and the server's bind; checked free
 * by binding it; another test process picking the same one is what the random choice avoids.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    if (await bindable(port)) return port
  }
  throw new Error('no free port found between 20000 and 32000')
}

function bindable(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = http.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}
