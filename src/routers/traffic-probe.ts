import { BackendError } from '../config/errors.js'
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

/** How many answers in a row must come from the target before a switch counts as confirmed. */
const CONFIRMATIONS = 5
const REQUEST_TIMEOUT_MS = 2000

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

  /** Resolves true once CONFIRMATIONS answers in a row come from `target`, false at the deadline. */
  async confirmSole(target: string): Promise<boolean> {
    const started = this.clock.now()
    let streak = 0
    let lastSeen = 'nothing yet'
    while (this.clock.now() - started < this.settings.timeoutMs) {
      const answered = await this.whoAnswers()
      lastSeen = answered
      streak = answered === target ? streak + 1 : 0
      if (streak >= CONFIRMATIONS) return true
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
