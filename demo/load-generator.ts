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
  /** Paths taken in turn after the URL's origin (default: the URL as given). */
  paths?: string[]
  /**
   * Every other request is a POST with a body (default): a proxy never retries a
   * non-idempotent request, so a request that reached a server being replaced shows as a failure.
   */
  posts?: boolean
  /**
   * Requests per second over all clients (each keeps its share on a fixed schedule); unset: as
   * fast as the clients go, with pauseMs between one client's requests.
   */
  ratePerSecond?: number
  /** Safety stops: a load run always ends by itself. */
  maxDurationMs?: number
  maxRequests?: number
}

/** Counts, kept apart: an HTTP failure is the service's, a connection error is the transport's. */
export interface LoadStats {
  kind: ClientKind
  requests: number
  /** Of them, POSTs. */
  posts: number
  ok: number
  /** Answers with a status outside 2xx. */
  non2xx: number
  /** Requests that got no HTTP answer (ECONNRESET, EOF, refused, timeout). */
  connectionErrors: number
  /** 2xx answers per x-version header value. */
  byVersion: Record<string, number>
  /** Non-2xx answers per x-version header value: which version failed them. */
  failedByVersion: Record<string, number>
  /** Distinct connection error codes seen, with counts. */
  errorCodes: Record<string, number>
  durationMs: number
}

/** Answers per version in one 100 ms slice of the run (performance.now() time). */
export interface TimelineSlice {
  at: number
  byVersion: Record<string, number>
}

export interface RunningLoad {
  /** Counts so far (a copy). */
  snapshot(): LoadStats
  /** Answers per version between two performance.now() times, from the 100 ms timeline. */
  between(from: number, to: number): Record<string, number>
  /** performance.now() time of the last answer (any status) from a version; undefined if none. */
  lastAnswerFrom(version: string): number | undefined
  /** Stops sending, waits for requests in flight, returns the final counts. */
  stop(): Promise<LoadStats>
}

const SLICE_MS = 100

/** Real HTTP load on loopback; bounded in time and count so it always stops. */
export function startLoad(options: LoadOptions): RunningLoad {
  const agent =
    options.kind === 'keep-alive'
      ? new http.Agent({ keepAlive: true, maxSockets: options.concurrency })
      : undefined
  const stats: LoadStats = {
    kind: options.kind,
    requests: 0,
    posts: 0,
    ok: 0,
    non2xx: 0,
    connectionErrors: 0,
    byVersion: {},
    failedByVersion: {},
    errorCodes: {},
    durationMs: 0
  }
  const started = performance.now()
  const maxDuration = options.maxDurationMs ?? 10 * 60_000
  const maxRequests = options.maxRequests ?? 5_000_000
  // One slot per 100 ms of the run: bounded by the run's maximum duration.
  const timeline: Record<string, number>[] = []
  const lastAnswer = new Map<string, number>()
  let stopping = false
  const timer = setTimeout(() => (stopping = true), maxDuration)

  const count = (table: Record<string, number>, key: string): void => {
    table[key] = (table[key] ?? 0) + 1
  }
  const body = JSON.stringify({ restaurant: 'trattoria', rating: 5 })
  const one = (post: boolean): Promise<void> =>
    new Promise(resolve => {
      stats.requests += 1
      if (post) stats.posts += 1
      const headers: Record<string, string | number> = agent ? {} : { connection: 'close' }
      if (post)
        Object.assign(headers, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body)
        })
      const target = options.paths?.length
        ? new URL(options.paths[stats.requests % options.paths.length], options.url).toString()
        : options.url
      const request = http.request(
        target,
        { method: post ? 'POST' : 'GET', agent: agent ?? false, headers, timeout: 5000 },
        response => {
          response.resume()
          response.on('end', () => {
            const status = response.statusCode ?? 0
            const version = String(response.headers['x-version'] ?? 'unknown')
            lastAnswer.set(version, performance.now())
            if (status >= 200 && status < 300) {
              stats.ok += 1
              count(stats.byVersion, version)
              count(
                (timeline[Math.floor((performance.now() - started) / SLICE_MS)] ??= {}),
                version
              )
            } else {
              stats.non2xx += 1
              count(stats.failedByVersion, version)
            }
            resolve()
          })
          response.on('error', error => fail(error))
        }
      )
      const fail = (error: Error & { code?: string }): void => {
        stats.connectionErrors += 1
        count(stats.errorCodes, error.code ?? error.message)
        resolve()
      }
      request.on('timeout', () =>
        request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }))
      )
      request.on('error', fail)
      request.end(post ? body : undefined)
    })

  const client = async (index: number): Promise<void> => {
    // Paced clients start staggered and keep to their own schedule, whatever an answer took.
    const gapMs = options.ratePerSecond ? (1000 * options.concurrency) / options.ratePerSecond : 0
    const first = performance.now() + (gapMs * index) / options.concurrency
    for (let n = 0; !stopping && stats.requests < maxRequests; n++) {
      if (gapMs > 0) {
        const wait = first + n * gapMs - performance.now()
        if (wait > 0) await new Promise(r => setTimeout(r, wait))
        if (stopping) break
      }
      await one(options.posts !== false && n % 2 === 1)
      if (options.pauseMs) await new Promise(r => setTimeout(r, options.pauseMs))
    }
  }
  const clients = Array.from({ length: options.concurrency }, (_, i) => client(i))
  const copy = (): LoadStats => ({
    ...stats,
    byVersion: { ...stats.byVersion },
    failedByVersion: { ...stats.failedByVersion },
    errorCodes: { ...stats.errorCodes },
    durationMs: performance.now() - started
  })
  return {
    snapshot: copy,
    between: (from, to) => {
      const total: Record<string, number> = {}
      const first = Math.max(0, Math.ceil((from - started) / SLICE_MS))
      const last = Math.floor((to - started) / SLICE_MS)
      for (let i = first; i < last; i++)
        for (const [v, n] of Object.entries(timeline[i] ?? {})) total[v] = (total[v] ?? 0) + n
      return total
    },
    lastAnswerFrom: version => lastAnswer.get(version),
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
  const delta = (a: Record<string, number>, b: Record<string, number>): Record<string, number> => {
    const out: Record<string, number> = {}
    for (const [k, n] of Object.entries(a)) if (n - (b[k] ?? 0) > 0) out[k] = n - (b[k] ?? 0)
    return out
  }
  return {
    kind: after.kind,
    requests: after.requests - before.requests,
    posts: after.posts - before.posts,
    ok: after.ok - before.ok,
    non2xx: after.non2xx - before.non2xx,
    connectionErrors: after.connectionErrors - before.connectionErrors,
    byVersion: delta(after.byVersion, before.byVersion),
    failedByVersion: delta(after.failedByVersion, before.failedByVersion),
    errorCodes: delta(after.errorCodes, before.errorCodes),
    durationMs: after.durationMs - before.durationMs
  }
}
