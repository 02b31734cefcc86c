import { BackendError } from '../errors.js'
import { Clock } from '../platform/clock.js'
import { HttpClient } from '../platform/http-client.js'
import { Logger } from '../platform/logger.js'
import { UpstreamTarget } from './nginx-upstream.js'

export interface ProbeSettings {
  url: string
  /** Response header naming the backend that answered (lower case). */
  header: string
  /** Give up confirming after this long. */
  timeoutMs: number
}

const REQUEST_TIMEOUT_MS = 2000
/** Requests in flight at once while confirming: enough answers arrive in a fraction of a second. */
const PARALLEL = 8
/**
 * A streak must also last this long: right after an nginx reload, old and new workers both
 * accept connections for some tens of milliseconds, and a burst of answers proves nothing then.
 */
const MIN_STREAK_MS = 250

/**
 * How many answers in a row must come from `target` before "all traffic goes there" is shown,
 * given the share it already had: on the old split that streak happens with probability
 * share^n, which must stay under 1 in 1000 (5 at least; a 99% share needs ~700). Pure.
 */
export function confirmationsNeeded(priorShare: number): number {
  if (priorShare <= 0) return 5
  if (priorShare >= 1) return 5
  return Math.min(1000, Math.max(5, Math.ceil(Math.log(0.001) / Math.log(priorShare))))
}

/**
 * Sends real requests through the load balancer and reads which backend answered each. Fresh
 * connections only: a reused keep-alive connection could still be held by an old nginx worker.
 */
export class TrafficProbe {
  constructor(
    private readonly settings: ProbeSettings,
    private readonly targets: readonly UpstreamTarget[],
    private readonly http: HttpClient,
    private readonly clock: Clock,
    private readonly log: Logger
  ) {}

  /**
   * Resolves true once enough answers in a row come from `target` (see confirmationsNeeded),
   * false at the deadline. `priorShare` is the share (0..1) the target had before the change.
   */
  async confirmSole(target: string, priorShare = 0): Promise<boolean> {
    const needed = confirmationsNeeded(priorShare)
    const started = this.clock.now()
    let streak = 0
    let streakSince = 0
    let lastSeen = 'nothing yet'
    while (this.clock.now() - started < this.settings.timeoutMs) {
      const answers = await Promise.all(
        Array.from({ length: Math.min(PARALLEL, needed) }, () => this.whoAnswers())
      )
      for (const answered of answers) {
        lastSeen = answered
        if (answered !== target) streak = 0
        else if (streak++ === 0) streakSince = this.clock.now()
      }
      if (streak >= needed && this.clock.now() - streakSince >= MIN_STREAK_MS) return true
      if (streak === 0) await this.clock.sleep(20)
    }
    this.log.warn(
      `traffic probe: ${this.settings.url} still answered by ${lastSeen} after ${this.settings.timeoutMs} ms`
    )
    return false
  }

  /** Which target answered one request: a target name, or a description of the failure. */
  async whoAnswers(): Promise<string> {
    let response
    try {
      response = await this.http.get(this.settings.url, REQUEST_TIMEOUT_MS)
    } catch (error) {
      return `error (${(error as Error).message})`
    }
    const raw = response.headers[this.settings.header]
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw
    if (value === undefined) {
      throw new BackendError(
        `probe ${this.settings.url} answered ${response.status} without a "${this.settings.header}" header, so the switch cannot be confirmed. ` +
          `Add "add_header X-Upstream-Addr $upstream_addr always;" to the nginx location, set probe-header to a header your service sends with its color or address, or leave probe-url empty.`
      )
    }
    // $upstream_addr lists every server tried ("a, b"); the last one answered.
    const last = value.split(',').pop()?.trim() ?? ''
    const target = this.targets.find(t => t.address === last || t.name === last.toLowerCase())
    return target ? target.name : `unknown backend "${last}"`
  }
}
