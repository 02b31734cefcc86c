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
    const { held, detail } = await confirmOrSay(ctx, target, previous, from, to)
    if (held === false && toSafety)
      throw new BackendError(
        `the router was set to 100% on ${to}, but it was not shown: ${detail}. Check the router and the probe (probe-url, probe-header).`
      )
    if (held === false)
      throw await putBack(
        ctx,
        previous,
        from,
        to,
        `new requests were not shown to reach ${to}: ${detail}`
      )
    return detail
  })
}

/**
 * After a change that was made but not shown: the old split back, and an error that says where
 * traffic is, or, when the router cannot be reached to put it back, where it may be.
 */
async function putBack(
  ctx: CommandContext,
  previous: Record<string, number>,
  from: Color,
  to: Color,
  why: string
): Promise<BackendError> {
  try {
    await ctx.router.setWeights(previous)
  } catch (error) {
    return new BackendError(
      `${why}; putting ${from} back failed too (${(error as Error).message}). Traffic may be on ${to}; run status once the router is reachable.`
    )
  }
  return new BackendError(`${why}. Traffic was put back on ${from}.`)
}

/**
 * The router's confirmation; when the router cannot even be read (a load balancer that dropped
 * off the network right after the change), the change is put back if it can be, and the error
 * says where traffic may be: the change was made, and nothing showed it undone.
 */
async function confirmOrSay(
  ctx: CommandContext,
  target: Record<string, number>,
  previous: Record<string, number>,
  from: Color,
  to: Color
): Promise<{ held: boolean | undefined; detail: string }> {
  try {
    return await ctx.router.verify(target)
  } catch (error) {
    throw await putBack(
      ctx,
      previous,
      from,
      to,
      `the router was set to 100% on ${to} but could not be read to confirm it (${(error as Error).message})`
    )
  }
}
