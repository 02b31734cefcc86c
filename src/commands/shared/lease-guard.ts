import { LeaseLost } from '../../errors.js'
import { RolloutRecord } from '../../state/types.js'
import { CommandContext } from '../context.js'

/**
 * How often a long side effect (a deploy command) checks that the run still holds the lease: a
 * request per check with state in GitHub. PROGRESSIVE_DEPLOY_LEASE_CHECK_MS shortens it for the
 * project's own tests.
 */
export const LEASE_CHECK_MS = Number(process.env.PROGRESSIVE_DEPLOY_LEASE_CHECK_MS) || 10_000

/**
 * The fence before a side effect (a router change, a deploy): this run must still hold the
 * lease. A run whose lease was taken over stops here, changing nothing more.
 */
export async function fence(
  ctx: CommandContext,
  record: RolloutRecord,
  before: string
): Promise<void> {
  try {
    await ctx.store.confirmHeld(record)
  } catch (error) {
    if (error instanceof LeaseLost) throw stopped(error, before)
    throw error
  }
}

/**
 * Runs a long side effect while holding the lease: checked every LEASE_CHECK_MS, and when it is
 * lost `work`'s signal aborts (a deploy command is stopped) and LeaseLost is thrown. The caller
 * has just confirmed the lease (opened the record, recorded the drain): no check before it.
 */
export async function whileHeld<T>(
  ctx: CommandContext,
  record: RolloutRecord,
  what: string,
  work: (signal: AbortSignal) => Promise<T>
): Promise<T> {
  const lost = new AbortController()
  const finished = new AbortController()
  let reason: LeaseLost | undefined
  const watch = (async () => {
    while (!finished.signal.aborted) {
      await ctx.clock.sleep(LEASE_CHECK_MS, finished.signal)
      if (finished.signal.aborted) return
      try {
        await ctx.store.confirmHeld(record)
      } catch (error) {
        if (!(error instanceof LeaseLost)) continue // the API hiccuped: look again later
        reason = stopped(error, `the end of ${what}`, 'it was stopped')
        lost.abort()
        return
      }
    }
  })()
  try {
    const result = await work(lost.signal)
    if (reason) throw reason
    return result
  } finally {
    finished.abort()
    await watch
  }
}

function stopped(error: LeaseLost, before: string, how = 'stopped'): LeaseLost {
  return new LeaseLost(
    `${error.message}. This run ${how} before ${before} and changed nothing more.`
  )
}
