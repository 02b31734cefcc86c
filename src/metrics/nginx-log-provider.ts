import { Clock } from '../platform/clock.js'
import { HostFiles } from '../platform/host-files.js'
import { errorMeasurement, MeasureWindow, MetricProvider } from './metric-provider.js'
import { Measurement, MetricSpec } from './metric-spec.js'
import {
  parseAccessLog,
  quantile,
  ServedRequest,
  SideTraffic,
  slowerThan,
  splitBySide
} from './served-requests.js'
import { slowThreshold, withAnswers } from './slow-threshold.js'

/** How much of the log before the first window is read for the baseline's answer times. */
const HISTORY_BYTES = 256 * 1024

/** What one window of the log held, read once for every gate measuring it. */
interface LogWindow {
  served: ServedRequest[]
  unreadable: number
  /** Requests logged just before the first window (for a first "slow" threshold). */
  before: ServedRequest[]
}

/**
 * Real traffic from nginx's access log (the README's JSON log_format): every request the load
 * balancer forwarded during the window, attributed to the canary or the baseline by the backend
 * that answered it, optionally only under a path. Read from where the window starts, on this
 * machine or through router-command-prefix. Threshold gates judge the canary's own error rate
 * or p50/p95/p99; compare gates count errors, or answers slower than L, per side.
 */
export class NginxLogProvider implements MetricProvider {
  readonly type = 'nginx-log'
  private readonly windows = new WeakMap<MeasureWindow, Promise<LogWindow | Measurement>>()
  /** Per gate: the baseline's answer times so far, from which the next window's "slow" comes. */
  private readonly histories = new Map<string, number[]>()
  private first = true

  constructor(
    private readonly files: HostFiles,
    private readonly logFile: string,
    private readonly clock: Clock
  ) {}

  async measure(
    spec: MetricSpec,
    window: MeasureWindow,
    signal: AbortSignal
  ): Promise<Measurement> {
    let read = this.windows.get(window)
    if (!read) this.windows.set(window, (read = this.read(window, signal)))
    const log = await read
    if ('phase' in log) return log
    const sides = sidesOf(window)
    const { canary, baseline } = splitBySide(log.served, sides, spec.path)
    const where = `${spec.path ? `${spec.path} ` : ''}${log.unreadable ? ` (${log.unreadable} unreadable lines)` : ''}`
    const summary = {
      requests: canary.requests,
      errorRate: rate(canary),
      p95Ms: quantile(canary.latencies, 0.95)
    }
    if (spec.compare === 'baseline')
      return this.compare(spec, window, log, canary, baseline, where, summary)
    if (canary.requests === 0)
      return { phase: 'no-data', message: `no request ${where}reached the canary in the window` }
    const value =
      spec.query === 'error-rate'
        ? rate(canary)
        : (quantile(canary.latencies, Number(spec.query.slice(1)) / 100) as number)
    return {
      phase: 'ok',
      value,
      message: `canary ${describe(canary)}${where ? ` on ${where.trim()}` : ''}`,
      ...summary
    }
  }

  private compare(
    spec: MetricSpec,
    window: MeasureWindow,
    log: LogWindow,
    canary: SideTraffic,
    baseline: SideTraffic,
    where: string,
    summary: Pick<Measurement, 'requests' | 'errorRate' | 'p95Ms'>
  ): Measurement {
    if (spec.query !== 'latency') {
      return {
        phase: 'ok',
        message: `canary ${describe(canary)}; baseline ${describe(baseline)}`,
        counts: {
          canary: { requests: canary.requests, events: canary.errors },
          baseline: { requests: baseline.requests, events: baseline.errors }
        },
        ...summary
      }
    }
    // "Slow" is fixed before the window's own answers are seen: a stated SLO, or from the
    // baseline's answer times before it (at the start, those logged before the first window).
    const history =
      this.histories.get(spec.name) ??
      splitBySide(log.before, sidesOf(window), spec.path).baseline.latencies
    const derived = slowThreshold(history)
    this.histories.set(spec.name, withAnswers(history, baseline.latencies))
    const threshold = spec.latencyThresholdMs ?? derived?.ms
    if (threshold === undefined)
      return {
        phase: 'no-data',
        message: `no baseline answer times yet to say what "slow" is${where ? ` on ${where.trim()}` : ''}`
      }
    const source = spec.latencyThresholdMs !== undefined ? 'latency-threshold' : derived!.source
    return {
      phase: 'ok',
      message: `slower than ${Math.round(threshold)} ms (${source}): canary ${slowerThan(canary.latencies, threshold)}/${canary.requests}, baseline ${slowerThan(baseline.latencies, threshold)}/${baseline.requests}`,
      counts: {
        canary: { requests: canary.requests, events: slowerThan(canary.latencies, threshold) },
        baseline: { requests: baseline.requests, events: slowerThan(baseline.latencies, threshold) }
      },
      latencyThresholdMs: threshold,
      ...(spec.latencyThresholdMs === undefined ? { latencyThresholdSource: source } : {}),
      ...summary
    }
  }

  /** The log from where the window starts to where it ends (and, the first time, just before). */
  private async read(window: MeasureWindow, signal: AbortSignal): Promise<LogWindow | Measurement> {
    try {
      const start = await this.files.size(this.logFile)
      if (start === undefined)
        return { phase: 'error', message: `the access log ${this.logFile} does not exist` }
      const before = this.first
        ? parseAccessLog(
            await this.files.readFrom(this.logFile, Math.max(0, start - HISTORY_BYTES))
          ).requests
        : []
      this.first = false
      await this.clock.sleep(window.windowMs, signal)
      const end = (await this.files.size(this.logFile)) ?? 0
      // Rotated meanwhile: the new file holds what came after.
      const text = await this.files.readFrom(this.logFile, end < start ? 0 : start)
      const { requests, unreadable } = parseAccessLog(completeLines(text))
      return { served: requests, unreadable, before }
    } catch (error) {
      return errorMeasurement(error)
    }
  }
}

/** Up to the last line break: a line still being written belongs to the next window. */
function completeLines(text: string): string {
  const end = text.lastIndexOf('\n')
  return end === -1 ? '' : text.slice(0, end + 1)
}

function rate(side: SideTraffic): number {
  return side.requests === 0 ? 0 : side.errors / side.requests
}

function describe(side: SideTraffic): string {
  const p95 = quantile(side.latencies, 0.95)
  return `${side.requests} requests, ${side.errors} 5xx (${(rate(side) * 100).toFixed(2)}%)${p95 !== undefined ? `, p95 ${Math.round(p95)} ms` : ''}`
}

/** The backends of each side: a color's one address, or every instance of its pool. */
function sidesOf(window: MeasureWindow): { canary: string[]; baseline: string[] } {
  return {
    canary: [...(window.canary.addresses ?? [window.canary.address])],
    baseline: [...(window.stable.addresses ?? [window.stable.address])]
  }
}
