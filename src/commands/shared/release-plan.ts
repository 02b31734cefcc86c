import { RolloutPlan } from '../../state/types.js'
import { CommandContext } from '../context.js'

/** What a new record needs beyond the facts every record carries. */
export type PlanParts = Omit<
  RolloutPlan,
  'environment' | 'actor' | 'runId' | 'runUrl' | 'process' | 'sha'
> & {
  /** The commit the record points at; default: the one this run releases. */
  sha?: string
}

/** A new record's plan: who opens it, from which run and process, for which commit. */
export function planFor(ctx: CommandContext, parts: PlanParts): RolloutPlan {
  return {
    environment: ctx.settings.environment,
    actor: ctx.actor,
    runId: ctx.runId,
    runUrl: ctx.runUrl,
    process: ctx.process,
    ...parts,
    sha: parts.sha || ctx.settings.github?.sha || ''
  }
}
