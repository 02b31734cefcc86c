import http from 'node:http'

export type ClientKind = 'fresh' | 'keep-alive'

export interface LoadOptions {
  url: string
  /** fresh: a new connection per request; keep-alive: connections are reused. */
  kind: ClientKind
  /** Requests in flight at once. */
  concurrency: number
  /** Pause between one client's requests. */
  pauseMs?: number
  /** Safety stops: a load run always ends by itself. */
  maxDurationMs?: number
  maxRequests?: number
}

/** Counts, kept apart: an HTTP failure is the service's, a connection error is the transport's. */
export interface LoadStats {
  kind: ClientKind
  requests: number
  ok: number
  /** Answers with a status outside 2xx. */
  non2xx: number
  /** Requests that got no HTTP answer (ECONNRESET, EOF, refused, timeout). */
  connectionErrors: number
  /** 2xx answers per x-version header value. */
  byVersion: Record<string, number>
  /** Distinct connection error codes seen, with counts. */
  errorCodes: Record<string, number>
  durationMs: number
}

export interface RunningLoad {
  /** Counts so far (a copy). */
  snapshot(): LoadStats
  /** Stops sending, waits for requests in flight, returns the final counts. */
  stop(): Promise<LoadStats>
}

/** Real HTTP load on loopback; bounded in time and count so it always stops. */
export function startLoad(options: LoadOptions): RunningLoad {
  const agent =
    options.kind === 'keep-alive'
      ? new http.Agent({ keepAlive: true, maxSockets: options.concurrency })
      : undefined
  const stats: LoadStats = {
    kind: options.kind,
    requests: 0,
    ok: 0,
    non2xx: 0,
    connectionErrors: 0,
    byVersion: {},
    errorCodes: {},
    durationMs: 0
  }
  const started = performance.now()
  const maxDuration = options.maxDurationMs ?? 10 * 60_000
  const maxRequests = options.maxRequests ?? 5_000_000
  let stopping = false
  const timer = setTimeout(() => (stopping = true), maxDuration)

  const one = (): Promise<void> =>
    new Promise(resolve => {
      stats.requests += 1
      const request = http.get(
        options.url,
        { agent: agent ?? false, headers: agent ? {} : { connection: 'close' }, timeout: 5000 },
        response => {
          response.resume()
          response.on('end', () => {
            const status = response.statusCode ?? 0
            if (status >= 200 && status < 300) {
              stats.ok += 1
              const version = String(response.headers['x-version'] ?? 'unknown')
              stats.byVersion[version] = (stats.byVersion[version] ?? 0) + 1
            } else {
              stats.non2xx += 1
            }
            resolve()
          })
          response.on('error', error => fail(error))
        }
      )
      const fail = (error: Error & { code?: string }): void => {
        stats.connectionErrors += 1
        const code = error.code ?? error.message
        stats.errorCodes[code] = (stats.errorCodes[code] ?? 0) + 1
        resolve()
      }
      request.on('timeout', () =>
        request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }))
      )
      request.on('error', fail)
    })

  const client = async (): Promise<void> => {
    while (!stopping && stats.requests < maxRequests) {
      await one()
      if (options.pauseMs) await new Promise(r => setTimeout(r, options.pauseMs))
    }
  }
  const clients = Array.from({ length: options.concurrency }, () => client())
  const copy = (): LoadStats => ({
    ...stats,
    byVersion: { ...stats.byVersion },
    errorCodes: { ...stats.errorCodes },
    durationMs: performance.now() - started
  })
  return {
    snapshot: copy,
    stop: async () => {
      stopping = true
      clearTimeout(timer)
      await Promise.all(clients)
      agent?.destroy()
      return copy()
    }
  }
}

/** What changed between two snapshots of the same load. */
export function difference(after: LoadStats, before: LoadStats): LoadStats {
  const byVersion: Record<string, number> = {}
  for (const [v, n] of Object.entries(after.byVersion)) {
    const delta = n - (before.byVersion[v] ?? 0)
    if (delta > 0) byVersion[v] = delta
  }
  const errorCodes: Record<string, number> = {}
  for (const [c, n] of Object.entries(after.errorCodes)) {
    const delta = n - (before.errorCodes[c] ?? 0)
    if (delta > 0) errorCodes[c] = delta
  }
  return {
    kind: after.kind,
    requests: after.requests - before.requests,
    ok: after.ok - before.ok,
    non2xx: after.non2xx - before.non2xx,
    connectionErrors: after.connectionErrors - before.connectionErrors,
    byVersion,
    errorCodes,
    durationMs: after.durationMs - before.durationMs
  }
}
