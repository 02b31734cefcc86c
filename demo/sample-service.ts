import http from 'node:http'
import { AddressInfo } from 'node:net'

export interface SampleServiceOptions {
  port: number
  version: string
  color: string
  /** A "broken" release: / answers 500 while /healthz still says ok (only a smoke test catches it). */
  broken?: boolean
  /** /healthz answers 503: the release never becomes healthy. */
  unhealthy?: boolean
}

export interface RunningService {
  port: number
  close(): Promise<void>
}

/**
 * The service being released in the demo, tests and benchmarks. It says which version and color
 * answered, in headers and body, so clients can tell where traffic went.
 */
export function startSampleService(options: SampleServiceOptions): Promise<RunningService> {
  const server = http.createServer((request, response) => {
    response.setHeader('x-version', options.version)
    response.setHeader('x-color', options.color)
    if (request.url === '/healthz') {
      response.statusCode = options.unhealthy ? 503 : 200
      response.end(options.unhealthy ? 'starting' : 'ok')
      return
    }
    response.statusCode = options.broken ? 500 : 200
    response.setHeader('content-type', 'application/json')
    response.end(
      JSON.stringify({ version: options.version, color: options.color, ok: !options.broken })
    )
  })
  server.keepAliveTimeout = 30_000
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => {
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

/** A port nothing listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = http.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}
