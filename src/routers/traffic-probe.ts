import { BackendError, ConfigurationError } from '../errors.js'
import { Clock } from '../platform/clock.js'
import { HttpClient, HttpResponse, TlsTrust } from '../platform/http-client.js'
import { Logger } from '../platform/logger.js'
import { ChangeTiming, Confirmation, ProbeSample } from './confirmation.js'
import { UpstreamTarget } from './nginx-upstream.js'

export interface ProbeSettings {
  url: string
  /** Response header naming the backend that answered (lower case). */
  header: string
  /** Give up confirming after this long. */
  timeoutMs: number
  /** For an https probe-url: probe-ca-file or probe-insecure. */
  tls?: TlsTrust
}

/** A target as the probe knows it; aliases are other names the header may carry (HAProxy's %s). */
export interface ProbeTarget extends UpstreamTarget {
  aliases?: readonly string[]
}

/** Tries before the first change, so a probe that cannot work stops the release with traffic untouched. */
const PREFLIGHT_ATTEMPTS = 3
/** Node's codes for a certificate or handshake it refused. */
const TLS_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_|ERR_TLS|ERR_SSL|EPROTO|HANDSHAKE/

const REQUEST_TIMEOUT_MS = 2000
/** Requests in flight at once while confirming: enough answers arrive in a fraction of a second. */
const PARALLEL = 8
/**
 * A sample after the router showed a change must catch an old target still taking a quarter of
 * the traffic; by the same 1-in-1000 rule as a streak (see confirmationsNeeded), 25 answers do.
 */
const DETECTABLE_SHARE = 0.25
/** However slow the answers under load, a sample ends here: an abort is confirmed in bounded time. */
const SAMPLE_BUDGET_MS = 2000
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

const SAMPLE_ANSWERS = confirmationsNeeded(1 - DETECTABLE_SHARE)

/**
 * Sends real requests through the load balancer and reads which backend answered each. Fresh
 * connections only: a reused keep-alive connection could still be held by an old nginx worker.
 */
export class TrafficProbe {
  /** The check before the first change, made once per run (see ready()). */
  private readiness: Promise<void> | undefined

  constructor(
    private readonly settings: ProbeSettings,
    private readonly targets: readonly ProbeTarget[],
    private readonly http: HttpClient,
    private readonly clock: Clock,
    private readonly log: Logger
  ) {}

  /**
   * A bounded sample of answers after the router showed a change: at least SAMPLE_ANSWERS
   * answers (over at least MIN_STREAK_MS while a change settles), never longer than
   * SAMPLE_BUDGET_MS. The router's state says the change happened; the sample can only agree or
   * contradict it, so it need not be long.
   */
  async sample(target: string, timing: ChangeTiming = 'settling'): Promise<ProbeSample> {
    const parallel = timing === 'at-once' ? SAMPLE_ANSWERS : PARALLEL
    const minMs = timing === 'at-once' ? 0 : MIN_STREAK_MS
    const budgetMs = Math.min(SAMPLE_BUDGET_MS, this.settings.timeoutMs)
    const started = this.clock.now()
    const result = { target, answers: 0, fromTarget: 0, failed: 0, elapsedMs: 0 }
    const fromOthers: Record<string, number> = {}
    const names = new Set(this.targets.map(t => t.name))
    while (this.clock.now() - started < budgetMs) {
      // No request outlives the budget either.
      const left = Math.max(50, budgetMs - (this.clock.now() - started))
      const answers = await Promise.all(
        Array.from({ length: parallel }, () => this.whoAnswers(Math.min(left, REQUEST_TIMEOUT_MS)))
      )
      for (const answered of answers) {
        result.answers += 1
        if (answered === target) result.fromTarget += 1
        else if (names.has(answered)) fromOthers[answered] = (fromOthers[answered] ?? 0) + 1
        else result.failed += 1
      }
      const elapsed = this.clock.now() - started
      if (result.answers >= SAMPLE_ANSWERS && elapsed >= minMs) break
    }
    return { ...result, fromOthers, elapsedMs: this.clock.now() - started }
  }

  /**
   * Which target answers, by a bounded sample (as sample()): answers per target, failed ones
   * left out. For when the router's state is not what runs (see NginxRouter.getWeights).
   */
  async spread(): Promise<Record<string, number>> {
    const names = this.targets.map(t => t.name)
    const counts: Record<string, number> = Object.fromEntries(names.map(n => [n, 0]))
    const any = await this.sample(names[0])
    counts[names[0]] = any.fromTarget
    for (const [name, n] of Object.entries(any.fromOthers)) counts[name] = n
    return counts
  }

  /**
   * Where the router's own state cannot be read: statistics alone. Confirmed once enough answers
   * in a row come from `target` (see confirmationsNeeded) given the share (0..1) it had before;
   * at the deadline, contradicted when the last answers still came from elsewhere, otherwise
   * not shown either way. The detail says what was seen.
   */
  async confirmSole(target: string, priorShare = 0): Promise<Confirmation> {
    const needed = confirmationsNeeded(priorShare)
    const started = this.clock.now()
    let streak = 0
    let streakSince = 0
    let lastOther = ''
    while (this.clock.now() - started < this.settings.timeoutMs) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(PARALLEL, needed) }, () => this.whoAnswers())
      )
      lastOther = ''
      for (const answered of batch) {
        if (answered !== target) {
          streak = 0
          lastOther = answered
        } else if (streak++ === 0) streakSince = this.clock.now()
      }
      if (streak >= needed && this.clock.now() - streakSince >= MIN_STREAK_MS)
        return {
          held: true,
          detail: `${streak} probe answers in a row from ${target} (${needed} rule out the previous ${percent(priorShare)} share)`
        }
      if (streak === 0) await this.clock.sleep(20)
    }
    const waited = `${this.settings.timeoutMs} ms`
    if (lastOther !== '') {
      this.log.warn(
        `traffic probe: ${this.settings.url} still answered by ${lastOther} after ${waited}`
      )
      return {
        held: false,
        detail: `${this.settings.url} was still answered by ${lastOther} ${waited} after the change`
      }
    }
    return {
      held: undefined,
      detail: `set; ${streak} probe answers in a row from ${target} within ${waited}, fewer than the ${needed} that rule out the previous ${percent(priorShare)} share`
    }
  }

  /**
   * Once per run, before the router changes anything: the probe must be able to answer at all.
   * A certificate it does not trust is a setting to fix, named as the cause; an URL that never
   * answers, or answers without the header, stops the release too.
   */
  ready(): Promise<void> {
    this.readiness ??= this.tryOnce()
    return this.readiness
  }

  private async tryOnce(): Promise<void> {
    let failure: Error | undefined
    for (let attempt = 0; attempt < PREFLIGHT_ATTEMPTS; attempt++) {
      const answer = await this.request(REQUEST_TIMEOUT_MS)
      if ('response' in answer) return void this.answeredBy(answer.response)
      failure = answer.error
      const code = (failure as NodeJS.ErrnoException).code ?? ''
      if (TLS_FAILURE.test(code) || TLS_FAILURE.test(failure.message)) {
        throw ConfigurationError.single(
          'probe-ca-file',
          `probe-url ${this.settings.url} failed its TLS handshake (${code ? `${code}: ` : ''}${failure.message}). Set probe-ca-file to the CA certificate (PEM) that signed the load balancer's certificate, or probe-insecure: true in a lab. Nothing was changed.`
        )
      }
      await this.clock.sleep(100)
    }
    throw new BackendError(
      `probe-url ${this.settings.url} did not answer (${failure?.message}); nothing was changed. Fix the URL, or leave probe-url empty to switch without confirmation by traffic.`
    )
  }

  /** One answer, or why there was none (errors from Node's own modules are not instanceof Error here). */
  private async request(timeoutMs: number): Promise<{ response: HttpResponse } | { error: Error }> {
    try {
      return { response: await this.http.get(this.settings.url, timeoutMs, this.settings.tls) }
    } catch (error) {
      return { error: error as Error }
    }
  }

  /** Which target answered one request: a target name, or a description of the failure. */
  async whoAnswers(timeoutMs = REQUEST_TIMEOUT_MS): Promise<string> {
    const answer = await this.request(timeoutMs)
    if ('error' in answer) return `error (${answer.error.message})`
    return this.answeredBy(answer.response)
  }

  private answeredBy(response: HttpResponse): string {
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
    const target = this.targets.find(
      t => t.address === last || t.name === last.toLowerCase() || t.aliases?.includes(last)
    )
    return target ? target.name : `unknown backend "${last}"`
  }
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`
}
