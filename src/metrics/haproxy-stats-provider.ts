import { Clock } from '../platform/clock.js'
import { HaproxyRuntime } from '../platform/haproxy-socket.js'
import { errorMeasurement, MeasureWindow, MetricProvider } from './metric-provider.js'
import { Measurement, MetricSpec } from './metric-spec.js'

/** A server's counters from `show stat` (cumulative since HAProxy started). */
export interface ServerCounters {
  /** HTTP responses the server sent, by class, summed. */
  responses: number
  /** 5xx answers from the server. */
  errors5xx: number
  /** Connections to it that failed, and responses from it that were cut or invalid. */
  failed: number
  /** Average answer time of its last 1024 requests (ms); HAProxy keeps no percentiles. */
  averageMs: number
}

/** Parses `show stat` CSV into counters per server of one backend. Pure. */
export function readStats(csv: string, backend: string): Map<string, ServerCounters> {
  const lines = csv.split('\n').filter(l => l.trim() !== '')
  const header = (lines[0] ?? '').replace(/^# /, '').split(',')
  const at = (name: string) => header.indexOf(name)
  const number = (fields: string[], name: string) => Number(fields[at(name)] || 0)
  const servers = new Map<string, ServerCounters>()
  for (const line of lines.slice(1)) {
    const f = line.split(',')
    if (f[at('pxname')] !== backend || ['FRONTEND', 'BACKEND'].includes(f[at('svname')])) continue
    servers.set(f[at('svname')], {
      responses: ['hrsp_1xx', 'hrsp_2xx', 'hrsp_3xx', 'hrsp_4xx', 'hrsp_5xx', 'hrsp_other'].reduce(
        (sum, name) => sum + number(f, name),
        0
      ),
      errors5xx: number(f, 'hrsp_5xx'),
      failed: number(f, 'econ') + number(f, 'eresp'),
      averageMs: number(f, 'rtime')
    })
  }
  return servers
}

/**
 * Real traffic from HAProxy's own counters (runtime API `show stat`), per server, over the
 * window: requests, 5xx, failed connections and responses, and the average answer time. No
 * Prometheus, no log: what HAProxy counted. Threshold gates judge the canary's error rate or
 * average answer time; compare gates count errors per side.
 */
export class HaproxyStatsProvider implements MetricProvider {
  readonly type = 'haproxy'
  private readonly windows = new WeakMap<
    MeasureWindow,
    Promise<{ start: Map<string, ServerCounters>; end: Map<string, ServerCounters> } | Measurement>
  >()

  constructor(
    private readonly runtime: HaproxyRuntime,
    private readonly backend: string,
    /** The HAProxy servers of a target: a color's server(s), or an instance's own name. */
    private readonly serversOf: (target: string) => readonly string[],
    private readonly clock: Clock
  ) {}

  async measure(
    spec: MetricSpec,
    window: MeasureWindow,
    signal: AbortSignal
  ): Promise<Measurement> {
    let read = this.windows.get(window)
    if (!read) this.windows.set(window, (read = this.read(window, signal)))
    const stats = await read
    if ('phase' in stats) return stats
    // A color that is a pool counts over all its servers; its average weighs each by requests.
    const delta = (target: string) => {
      const parts = this.serversOf(target).map(server => {
        const a = stats.start.get(server)
        const b = stats.end.get(server)
        if (!a || !b) return undefined
        // A reload resets the counters: then the window counts from the reload.
        const reset = b.responses < a.responses
        const from = reset ? { responses: 0, errors5xx: 0, failed: 0, averageMs: 0 } : a
        return {
          requests: b.responses - from.responses + (b.failed - from.failed),
          errors: b.errors5xx - from.errors5xx + (b.failed - from.failed),
          averageMs: b.averageMs
        }
      })
      if (parts.length === 0 || parts.some(p => p === undefined)) return undefined
      const all = parts as { requests: number; errors: number; averageMs: number }[]
      const requests = all.reduce((sum, p) => sum + p.requests, 0)
      return {
        requests,
        errors: all.reduce((sum, p) => sum + p.errors, 0),
        averageMs:
          requests === 0
            ? all[0].averageMs
            : Math.round(all.reduce((sum, p) => sum + p.averageMs * p.requests, 0) / requests)
      }
    }
    const canary = delta(window.canary.color)
    const baseline = delta(window.stable.color)
    if (!canary)
      return {
        phase: 'error',
        message: `HAProxy backend ${this.backend} has no server ${this.serversOf(window.canary.color).join(', ')}`
      }
    const errorRate = canary.requests === 0 ? 0 : canary.errors / canary.requests
    const describe = (s: { requests: number; errors: number; averageMs: number }) =>
      `${s.requests} requests, ${s.errors} errors, average ${s.averageMs} ms`
    if (spec.compare === 'baseline') {
      if (!baseline)
        return {
          phase: 'error',
          message: `HAProxy backend ${this.backend} has no server ${this.serversOf(window.stable.color).join(', ')}`
        }
      return {
        phase: 'ok',
        message: `canary ${describe(canary)}; baseline ${describe(baseline)}`,
        counts: {
          canary: { requests: canary.requests, events: canary.errors },
          baseline: { requests: baseline.requests, events: baseline.errors }
        },
        requests: canary.requests,
        errorRate
      }
    }
    if (canary.requests === 0)
      return { phase: 'no-data', message: 'HAProxy sent the canary no request in the window' }
    return {
      phase: 'ok',
      value: spec.query === 'mean' ? canary.averageMs : errorRate,
      message: `canary ${describe(canary)}`,
      requests: canary.requests,
      errorRate
    }
  }

  private async read(window: MeasureWindow, signal: AbortSignal) {
    try {
      const start = readStats(
        await this.runtime.send(`show stat ${this.backend} 4 -1`),
        this.backend
      )
      await this.clock.sleep(window.windowMs, signal)
      const end = readStats(await this.runtime.send(`show stat ${this.backend} 4 -1`), this.backend)
      return { start, end }
    } catch (error) {
      return errorMeasurement(error)
    }
  }
}
