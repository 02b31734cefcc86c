import { ConfigurationError } from '../../errors.js'
import { releaseEnvironment, runReleaseCommand } from '../../checks/release-command.js'
import { liveColorOf } from '../../strategies/blue-green.js'
import { colorStrategy } from '../../strategies/index.js'
import { CommandContext } from '../context.js'
import { failed, Outcome, succeeded } from '../../report/outcome.js'
import { checkHealth, short } from './deploy-to-color.js'
import { colorRecord } from '../../state/slot.js'

/** Checks the deployed idle color (health, then the smoke test). Never touches traffic. */
export async function verify(ctx: CommandContext): Promise<Outcome> {
  const { settings, store, report } = ctx
  const live = liveColorOf(await ctx.router.getWeights())
  const state = await store.load(settings.environment)
  const inProgress = state?.inProgress
  if (!state || !inProgress || inProgress.phase === 'deploying') {
    throw ConfigurationError.single(
      'environment',
      `nothing deployed is waiting for verification in "${settings.environment}"${inProgress ? ` (${inProgress.version} is still deploying)` : ''}; run deploy-green first.`
    )
  }
  const record = colorRecord(inProgress)
  if (record.color === live) {
    throw ConfigurationError.single(
      'environment',
      `${record.version} on ${record.color} already takes traffic; verify checks the idle color before a switch.`
    )
  }
  const serving = { color: live, version: state.live?.version ?? '' }
  const parts = {
    serving: { before: serving, after: serving },
    deployedColor: record.color,
    release: record
  }
  // Inside `release` the rollout's own status tells the outcome; a verify step on its own
  // (a preview environment, a PR check) reports its result on the commit under test.
  const alone = settings.command === 'verify'

  let problem = await checkHealth(ctx, record, 'verify')
  if (problem === undefined && settings.smoke) {
    const started = ctx.clock.now()
    ctx.log.info(`▶ smoke test on ${record.color}: ${settings.smoke.join(' ')}`)
    const exitCode = await runReleaseCommand(
      ctx.runner,
      settings.smoke,
      releaseEnvironment(settings, record.color, record.version, live)
    )
    const ms = ctx.clock.now() - started
    if (exitCode !== 0) {
      const reason = `smoke test exited ${exitCode} on ${record.color} (${record.version})`
      report.record(`smoke test ${record.color}`, 'failed', ms, reason)
      await store.transition(
        record,
        colorStrategy(settings).next(
          { phase: record.phase, index: -1 },
          { outcome: 'fail', reason: short(reason) }
        )
      )
      problem = `${reason}; traffic stays on ${live}.`
    } else {
      report.record(`smoke test ${record.color}`, 'ok', ms, 'exit 0')
    }
  }
  if (problem !== undefined)
    return failed(problem, {
      ...parts,
      ...(alone ? { check: { kind: 'verify', passed: false, description: problem } } : {})
    })
  // Verifying an already verified release again leaves it verified.
  if (record.phase === 'deployed') {
    await store.transition(
      record,
      colorStrategy(settings).next(
        { phase: record.phase, index: -1 },
        {
          outcome: 'pass',
          reason: short(`${record.version} on ${record.color} verified`)
        }
      )
    )
  }
  const passed = `${record.version} on ${record.color}: health${settings.smoke ? ' and smoke test' : ''} passed`
  return succeeded(`${record.version} on ${record.color} passed verification; ready to switch.`, {
    ...parts,
    ...(alone ? { check: { kind: 'verify', passed: true, description: passed } } : {})
  })
}
