/** What came back from one attempt: an HTTP status with headers, or no answer at all. */
export interface AttemptOutcome {
  status?: number
  headers: Record<string, string | undefined>
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number
  /** First backoff for server errors; doubles each time. */
  baseDelayMs: number
  /** Longest wait for a rate limit to reset; beyond it the call fails with when it resets. */
  maxWaitMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxWaitMs: 60_000 }

export type RetryDecision =
  { retry: true; delayMs: number; why: string } | { retry: false; why: string }

const SERVER_ERRORS = [500, 502, 503, 504]

/**
 * Whether and when to try a GitHub request again. Pure: server errors and lost connections back
 * off exponentially; rate limits (primary: x-ratelimit-remaining 0; secondary: retry-after) wait as
 * GitHub says; anything else (401, 404, 422 ...) is an answer, not a fault.
 */
export function decideRetry(
  outcome: AttemptOutcome,
  attempt: number,
  nowMs: number,
  policy: RetryPolicy = DEFAULT_RETRY
): RetryDecision {
  const last = attempt >= policy.attempts
  const { status, headers } = outcome
  if (status === 403 || status === 429) {
    const retryAfter = Number(headers['retry-after'])
    const rateLimited = headers['x-ratelimit-remaining'] === '0'
    if (!rateLimited && !Number.isFinite(retryAfter)) return { retry: false, why: `${status}` }
    const waitMs = Number.isFinite(retryAfter)
      ? retryAfter * 1000
      : Math.max(0, Number(headers['x-ratelimit-reset']) * 1000 - nowMs) + 250
    const why = `rate limited (${status}); resets in ${Math.ceil(waitMs / 1000)} s`
    if (last || !Number.isFinite(waitMs) || waitMs > policy.maxWaitMs) return { retry: false, why }
    return { retry: true, delayMs: waitMs, why }
  }
  if (status === undefined || SERVER_ERRORS.includes(status)) {
    const why = status === undefined ? 'no answer' : `server error ${status}`
    if (last) return { retry: false, why }
    return { retry: true, delayMs: policy.baseDelayMs * 2 ** (attempt - 1), why }
  }
  return { retry: false, why: `${status}` }
}
