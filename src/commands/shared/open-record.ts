import { claimLease } from '../../state/claim.js'
import { RolloutPlan, RolloutRecord } from '../../state/types.js'
import { CommandContext } from '../context.js'

/** What a new record needs beyond the facts every record carries. */
export type PlanParts = Omit<
  RolloutPlan,
  'environment' | 'actor' | 'runId' | 'runUrl' | 'process' | 'sha' | 'seenUpTo'
> & {
  /** The commit the record points at; default: the one this run releases. */
  sha?: string
}

/** Takes the environment's lease and opens this run's record (state/claim.ts). */
export async function openRecord(ctx: CommandContext, parts: PlanParts): Promise<RolloutRecord> {
  return claimLease(
    ctx.store,
    {
      environment: ctx.settings.environment,
      actor: ctx.actor,
      runId: ctx.runId,
      runUrl: ctx.runUrl,
      process: ctx.process,
      ...parts,
      sha: parts.sha || ctx.settings.github?.sha || ''
    },
    ctx.log
  )
}
