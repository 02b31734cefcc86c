/**
 * Real requests as a load balancer served them, and what gates read from them. Pure: both the
 * nginx access log and (in counts) HAProxy's statistics end up here.
 */

/** One request the load balancer forwarded. */
export interface ServedRequest {
  /** The backend that answered (the last one tried). */
  upstream: string
  /** What the client got. */
  status: number
  /** The backend's answer time, else the whole request's (ms). */
  latencyMs: number
  /** Without the query string. */
  path: string
}

/** What one side (the canary, or the baseline) served in a window. */
export interface SideTraffic {
  requests: number
  /** 5xx answers. */
  errors: number
  /** Answer times in ms, for percentiles and "slower than L" counts. */
  latencies: number[]
}

/**
 * Reads an access log written with the README's JSON log_format. Lines that are not ours (another
 * format, a half-written last line) are counted, not guessed at.
 */
export function parseAccessLog(text: string): { requests: ServedRequest[]; unreadable: number } {
  const requests: ServedRequest[] = []
  let unreadable = 0
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    let entry: Record<string, unknown>
    try {
      entry = JSON.parse(line) as Record<string, unknown>
    } catch {
      unreadable++
      continue
    }
    const upstream = lastOf(String(entry.upstream_addr ?? ''))
    const status = Number(entry.status)
    const upstreamTime = Number(lastOf(String(entry.upstream_response_time ?? '')))
    const requestTime = Number(entry.request_time)
    const latency = Number.isFinite(upstreamTime) ? upstreamTime : requestTime
    if (!upstream || upstream === '-' || !Number.isFinite(status) || !Number.isFinite(latency)) {
      unreadable++
      continue
    }
    const uri = String(entry.request_uri ?? '/')
    requests.push({
      upstream,
      status,
      latencyMs: latency * 1000,
      path: uri.split('?')[0]
    })
  }
  return { requests, unreadable }
}

/** nginx lists every backend it tried ("a, b") and internal redirects ("a : b"): the last answered. */
function lastOf(list: string): string {
  const parts = list.split(/\s*[,:]\s+/)
  return (parts[parts.length - 1] ?? '').trim()
}

/**
 * The requests of each side: the canary's and the baseline's backends by address, optionally
 * only those under a path.
 */
export function splitBySide(
  requests: readonly ServedRequest[],
  sides: { canary: readonly string[]; baseline: readonly string[] },
  pathPrefix = ''
): { canary: SideTraffic; baseline: SideTraffic } {
  const empty = (): SideTraffic => ({ requests: 0, errors: 0, latencies: [] })
  const result = { canary: empty(), baseline: empty() }
  for (const r of requests) {
    if (pathPrefix !== '' && !r.path.startsWith(pathPrefix)) continue
    const side = sides.canary.includes(r.upstream)
      ? result.canary
      : sides.baseline.includes(r.upstream)
        ? result.baseline
        : undefined
    if (!side) continue
    side.requests++
    if (r.status >= 500) side.errors++
    side.latencies.push(r.latencyMs)
  }
  return result
}

/** The q-quantile (0..1) of some answer times; undefined when there are none. */
export function quantile(latencies: readonly number[], q: number): number | undefined {
  if (latencies.length === 0) return undefined
  const sorted = [...latencies].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
}

/** Answers slower than `thresholdMs`. */
export function slowerThan(latencies: readonly number[], thresholdMs: number): number {
  return latencies.filter(ms => ms > thresholdMs).length
}
