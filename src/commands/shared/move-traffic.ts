import { Color } from '../../config/settings.js'
import { BackendError } from '../../errors.js'
import { RolloutRecord } from '../../state/types.js'
import { CommandContext } from '../context.js'
import { fence } from './lease-guard.js'

/**
 * Sends all traffic to `to`, then confirms with real requests that it arrived. When the router
 * cannot confirm in time, the old split is put back: a switch that did not demonstrably happen
 * must not be recorded as done. Going back to the stable side of a canary is the exception
 * (`toSafety`): the split it came from is what is being escaped, so traffic stays and it fails.
 */
export async function moveAllTraffic(
  ctx: CommandContext,
  from: Color,
  to: Color,
  /** The record this run holds the lease with; undefined: a person's emergency move (no lease). */
  record: RolloutRecord | undefined,
  toSafety = false
): Promise<void> {
  const target = { [to]: 100, [from]: 0 }
  if (record) await fence(ctx, record, `moving traffic to ${to}`)
  const previous = await ctx.router.getWeights()
  await ctx.report.step(`switch traffic ${from} → ${to}`, async () => {
    await ctx.router.setWeights(target)
    return `${ctx.router.type}: 100% ${to}`
  })
  await ctx.report.step(`confirm new requests reach ${to}`, async () => {
    const { held, detail } = await ctx.router.verify(target)
    if (held === false && toSafety)
      throw new BackendError(
        `the router was set to 100% on ${to}, but it was not shown: ${detail}. Check the router and the probe (probe-url, probe-header).`
      )
    if (held === false) {
      await ctx.router.setWeights(previous)
      throw new BackendError(
        `new requests were not shown to reach ${to}: ${detail}. Traffic was put back on ${from}.`
      )
    }
    return detail
  })
}
