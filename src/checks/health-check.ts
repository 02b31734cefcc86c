import { HealthSettings } from '../config/settings.js'
import { formatDuration } from '../config/duration.js'
import { Verdict } from '../analysis/verdict.js'
import { Clock } from '../platform/clock.js'
import { HttpClient } from '../platform/http-client.js'
import { Logger } from '../platform/logger.js'

export interface HealthResult extends Verdict {
  attempts: number
  elapsedMs: number
}

/**
 * Polls a URL until it answers as expected or the deadline passes. Logs a progress line for every
 * failed attempt, so a slow start is visible while it happens, not only when it times out.
 */
export async function waitHealthy(
  url: string,
  health: HealthSettings,
  deps: { http: HttpClient; clock: Clock; log: Logger }
): Promise<HealthResult> {
  const started = deps.clock.now()
  let attempts = 0
  let problem = ''
  for (;;) {
    attempts += 1
    problem = await checkOnce(url, health, deps.http)
    const elapsedMs = deps.clock.now() - started
    if (problem === '') {
      return {
        outcome: 'pass',
        reason: `${url} healthy after ${attempts} check(s), ${formatDuration(elapsedMs)}`,
        attempts,
        elapsedMs
      }
    }
    if (elapsedMs + health.intervalMs > health.deadlineMs) {
      return {
        outcome: 'fail',
        reason: `${url} not healthy within ${formatDuration(health.deadlineMs)} (${attempts} checks): ${problem}`,
        attempts,
        elapsedMs
      }
    }
    deps.log.info(
      `  health ${url}: ${problem} (check ${attempts}, ${formatDuration(elapsedMs)} of ${formatDuration(health.deadlineMs)})`
    )
    await deps.clock.sleep(health.intervalMs)
  }
}

/** '' when healthy, else what was wrong. */
export async function checkOnce(
  url: string,
  health: HealthSettings,
  http: HttpClient
): Promise<string> {
  try {
    const response = await http.get(url, health.timeoutMs)
    if (response.status !== health.expectStatus)
      return `status ${response.status}, expected ${health.expectStatus}`
    if (health.bodyMatch && !health.bodyMatch.test(response.body)) {
      return `body does not match /${health.bodyMatch.source}/ (got "${response.body.slice(0, 80)}")`
    }
    return ''
  } catch (error) {
    return (error as Error).message || String(error)
  }
}
