import { releaseEnvironment, runReleaseCommand } from '../../checks/release-command.js'
import { Color, HookName } from '../../config/settings.js'
import { RolloutRecord } from '../../state/types.js'
import { CommandContext } from '../context.js'

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
  const started = ctx.clock.now()
  ctx.log.info(`▶ ${hook}-command: ${argv.join(' ')}`)
  const exitCode = await runReleaseCommand(ctx.runner, argv, {
    ...releaseEnvironment(ctx.settings, release.color, release.version, previous?.color),
    PD_HOOK: hook,
    PD_PREVIOUS_COLOR: previous?.color ?? '',
    PD_PREVIOUS_VERSION: previous?.version ?? ''
  })
  const ms = ctx.clock.now() - started
  ctx.report.record(`${hook}-command`, exitCode === 0 ? 'ok' : 'failed', ms, `exit ${exitCode}`)
  if (recordOn)
    await ctx.store.transition(recordOn, {
      phase: recordOn.phase,
      description: `${hook}-command exit ${exitCode}`
    })
  return exitCode === 0 ? undefined : `${hook}-command exited ${exitCode}`
}
