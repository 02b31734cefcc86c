import { revertBatches, stuckWithoutHistory } from '../../strategies/rolling.js'
import { CommandContext } from '../context.js'
import { FleetProgress } from './fleet-progress.js'
import { replaceBatch } from './rolling-batch.js'

// Undoing a rolling update: the instances it touched go back to the version they ran before.

export interface UndoResult {
  reverted: string[]
  /** Why putting instances back stopped; undefined when it finished. */
  failure?: string
  /** Touched instances whose earlier version nobody recorded: they stay as they are. */
  unknown: string[]
}

export function describeUndo(result: UndoResult): string {
  const parts = []
  if (result.reverted.length > 0)
    parts.push(
      result.failure === undefined
        ? `${result.reverted.join(', ')} ${result.reverted.length === 1 ? 'was' : 'were'} put back on ${result.reverted.length === 1 ? 'its' : 'their'} previous version`
        : `putting ${result.reverted.join(', ')} back on their previous version failed too (${result.failure})`
    )
  if (result.unknown.length > 0)
    parts.push(
      `${result.unknown.join(', ')} stay as they are: no earlier version is recorded for them (set rollback-version)`
    )
  return parts.length > 0 ? parts.join('; ') : 'nothing had to be put back'
}

/**
 * Returns every updated (or unknown) instance to the version it ran before, newest batch first.
 * `updated`: the version the update being undone brought (default: the record's own).
 */
export async function undo(
  ctx: CommandContext,
  progress: FleetProgress,
  updated = progress.version
): Promise<UndoResult> {
  const batches = revertBatches(progress.plan, progress.snapshot)
  const unknown = stuckWithoutHistory(progress.plan, progress.snapshot, updated)
  if (unknown.length > 0)
    ctx.log.warn(
      `no earlier version is recorded for ${unknown.join(', ')}; they stay as they are (set rollback-version to name it).`
    )
  const reverted: string[] = []
  for (const [index, names] of batches.entries()) {
    const label = `undo ${index + 1}/${batches.length}`
    const targets = names.map(name => ({
      instance: progress.instance(name),
      version: progress.from(name)
    }))
    const outcome = await replaceBatch(ctx, progress, targets, label, false).catch(
      (error: Error) => ({ ok: false as const, reason: error.message })
    )
    progress.column(label)
    reverted.push(...names)
    if (!outcome.ok) {
      ctx.log.error(`${label} failed: ${outcome.reason}`)
      return { reverted, unknown, failure: outcome.reason }
    }
    await progress.save(
      'rolling',
      `${label} done: ${names.join(', ')} back on their earlier version`
    )
  }
  return { reverted, unknown }
}
