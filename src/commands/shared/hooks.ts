import { releaseEnvironment, runReleaseCommand } from '../../checks/release-command.js'
import { Argv, Color, HookName } from '../../config/settings.js'
import { RolloutRecord } from '../../state/types.js'
import { CommandContext } from '../context.js'

/** A hook, or contract: the one command run outside a deploy, around traffic moves. */
export type ReleaseHook = HookName | 'contract'

/**
 * Runs a release hook when one is set (pre-switch, post-switch, post-rollback), with the release
 * facts (PD_COLOR, PD_VERSION …, PD_HOOK, PD_PREVIOUS_COLOR/VERSION) in its environment. Its row
 * is in the summary either way, and an event on its release; the answer is the problem, or
 * undefined when it passed or is unset.
 */
export async function runHook(
  ctx: CommandContext,
  hook: HookName,
  release: { color: Color; version: string },
  previous: { color: Color; version: string } | undefined,
  /** The release the hook belongs to: its exit is recorded there, in the phase it is in. */
  recordOn?: RolloutRecord
): Promise<string | undefined> {
  const argv = ctx.settings.hooks[hook]
  if (!argv) return undefined
  const exitCode = await runReleaseHook(ctx, hook, argv, release, previous, recordOn)
  return exitCode === 0 ? undefined : `${hook}-command exited ${exitCode}`
}

/** The event a hook's exit leaves on its release: "contract-command exit 0". */
export function hookExitEvent(hook: ReleaseHook, exitCode: number): string {
  return `${hook}-command exit ${exitCode}`
}

/** The event left before a hook runs, where a run killed mid-hook must not be taken for "never ran". */
export function hookStartEvent(hook: ReleaseHook): string {
  return `${hook}-command started`
}

/**
 * Runs `argv` as `hook` and answers its exit code. PD_LIVE_COLOR is what the router holds while
 * it runs: the previous color before the switch, the release's own after it.
 */
export async function runReleaseHook(
  ctx: CommandContext,
  hook: ReleaseHook,
  argv: Argv,
  release: { color: Color; version: string },
  previous: { color: Color; version: string } | undefined,
  recordOn?: RolloutRecord,
  options: { intentFirst?: boolean } = {}
): Promise<number> {
  const live = hook === 'pre-switch' ? previous?.color : release.color
  if (recordOn && options.intentFirst)
    await ctx.store.transition(recordOn, {
      phase: recordOn.phase,
      description: hookStartEvent(hook)
    })
  const started = ctx.clock.now()
  ctx.log.info(`▶ ${hook}-command: ${argv.join(' ')}`)
  const exitCode = await runReleaseCommand(ctx.runner, argv, {
    ...releaseEnvironment(ctx.settings, release.color, release.version, live),
    PD_HOOK: hook,
    PD_PREVIOUS_COLOR: previous?.color ?? '',
    PD_PREVIOUS_VERSION: previous?.version ?? ''
  })
  const ms = ctx.clock.now() - started
  ctx.report.record(`${hook}-command`, exitCode === 0 ? 'ok' : 'failed', ms, `exit ${exitCode}`)
  if (recordOn)
    await ctx.store.transition(recordOn, {
      phase: recordOn.phase,
      description: hookExitEvent(hook, exitCode)
    })
  return exitCode
}
