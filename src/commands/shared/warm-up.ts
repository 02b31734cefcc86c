import { releaseEnvironment, runReleaseCommand } from '../../checks/release-command.js'
import { Color } from '../../config/settings.js'
import { formatDuration } from '../../config/duration.js'
import { BackendError } from '../../errors.js'
import { LatencyHistogram } from '../../metrics/latency-histogram.js'
import { CommandContext } from '../context.js'

/** Warm-up requests in flight at most: a slow color is warmed more slowly, not flooded. */
const MAX_IN_FLIGHT = 16
const REQUEST_TIMEOUT_MS = 5000

/**
 * Warms the color before its first traffic: its paths requested in turn on every instance of it,
 * at warmup-rate, or the warm-up command. A summary row says how it went; a failed warm-up throws
 * before anything moved (the caller has not touched the router yet).
 */
export async function warmUp(
  ctx: CommandContext,
  color: Color,
  version: string,
  live: Color | undefined
): Promise<void> {
  const warmup = ctx.settings.warmup
  if (!warmup) return
  await ctx.report.step(`warm-up ${color}`, async () => {
    if (warmup.command) {
      const exitCode = await runReleaseCommand(
        ctx.runner,
        warmup.command,
        releaseEnvironment(ctx.settings, color, version, live)
      )
      if (exitCode !== 0)
        throw new BackendError(
          `warm-up command exited ${exitCode} on ${color} (${version}); traffic was not moved.`
        )
      return 'warm-up command: exit 0'
    }
    const addresses = ctx.settings.pools[color].map(m => m.address)
    const urls = addresses.flatMap(a => warmup.paths.map(p => `http://${a}${p}`))
    const latency = new LatencyHistogram()
    const started = ctx.clock.now()
    let failed = 0
    const inFlight = new Set<Promise<void>>()
    for (let i = 0; i < warmup.requests; i++) {
      // Paced: request i leaves at i / rate seconds, whatever the answers take.
      const due = started + (i * 1000) / warmup.rate
      const wait = due - ctx.clock.now()
      if (wait > 0) await ctx.clock.sleep(wait)
      if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight)
      const sent = ctx.clock.now()
      const request = ctx.http
        .get(urls[i % urls.length], REQUEST_TIMEOUT_MS)
        .then(
          answer => {
            if (answer.status >= 400) failed += 1
            else latency.add(ctx.clock.now() - sent)
          },
          () => {
            failed += 1
          }
        )
        .finally(() => inFlight.delete(request))
      inFlight.add(request)
    }
    await Promise.all(inFlight)
    const took = formatDuration(ctx.clock.now() - started)
    const p95 = latency.quantile(0.95)
    const detail = `${warmup.requests} requests to ${warmup.paths.length} path(s) on ${addresses.length} instance(s) of ${color} in ${took}, ${failed} failed${p95 === undefined ? '' : `, p95 ${Math.round(p95)} ms`}`
    if (failed / warmup.requests > warmup.maxErrorRate)
      throw new BackendError(
        `warm-up of ${color} (${version}) failed: ${detail} (more than ${warmup.maxErrorRate * 100}% may fail); traffic was not moved.`
      )
    return detail
  })
}
