import { ConfigurationError } from '../../errors.js'
import { releaseEnvironment, runReleaseCommand } from '../../checks/release-command.js'
import { blueGreen, liveColorOf } from '../../strategies/blue-green.js'
import { CommandContext } from '../context.js'
import { checkHealth, short } from './deploy-to-color.js'
import { finishReport } from '../shared/outputs.js'
import { verifyContext } from '../../state/commit-status.js'
import { colorRecord } from '../../state/slot.js'

/** Checks the deployed idle color (health, then the smoke test). Never touches traffic. */
export async function verify(ctx: CommandContext): Promise<void> {
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

  const healthy = await checkHealth(ctx, record)
  if (healthy && settings.smoke) {
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
        blueGreen.next(record.phase, { outcome: 'fail', reason: short(reason) })
      )
      report.fail(`${reason}; traffic stays on ${live}.`)
    } else {
      report.record(`smoke test ${record.color}`, 'ok', ms, 'exit 0')
    }
  }
  if (report.result === 'success') {
    // Verifying an already verified release again leaves it verified.
    if (record.phase === 'deployed') {
      await store.transition(
        record,
        blueGreen.next(record.phase, {
          outcome: 'pass',
          reason: short(`${record.version} on ${record.color} verified`)
        })
      )
    }
    report.headline = `${record.version} on ${record.color} passed verification; ready to switch.`
  }
  // Inside `release` the rollout's own status tells the outcome; a verify step on its own
  // (a preview environment, a PR check) reports its result on the commit under test.
  if (settings.command === 'verify' && settings.commitStatus) {
    const failed = report.result === 'failure'
    await ctx.statuses.post(
      verifyContext(settings.environment),
      failed ? 'failure' : 'success',
      failed
        ? report.headline
        : `${record.version} on ${record.color}: health${settings.smoke ? ' and smoke test' : ''} passed`
    )
  }
  await finishReport(ctx, serving, serving, record.color, record)
}
