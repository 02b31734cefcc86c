import { waitHealthy } from '../../checks/health-check.js'
import { instanceEnvironment, runReleaseCommand } from '../../checks/release-command.js'
import { formatDuration } from '../../config/duration.js'
import { BackendError } from '../../errors.js'
import { drainAllowed } from '../../strategies/rolling.js'
import { CommandContext } from '../context.js'
import { fence, whileHeld } from '../shared/lease-guard.js'
import { BatchTarget, FleetProgress } from './fleet-progress.js'
import { unhealthyOf } from './instance-health.js'
import { judgeBatch } from './rolling-judge.js'

export type BatchOutcome = { ok: true } | { ok: false; reason: string }

/**
 * Replaces a batch: drain (only as far as max-unavailable allows) → wait for in-flight requests →
 * deploy → health check on the instance itself → back into rotation → stay healthy for
 * min-ready while the gates judge. Used both to update and to put instances back. Records the
 * fleet after draining and after the batch, so a killed run knows what it left.
 */
export async function replaceBatch(
  ctx: CommandContext,
  progress: FleetProgress,
  batch: readonly BatchTarget[],
  label: string,
  /** Putting instances back on their known-good version: health only, the gates judge new versions. */
  withGates = true
): Promise<BatchOutcome> {
  const { settings, report } = ctx
  const rolling = settings.rolling
  const names = batch.map(t => t.instance.name)
  const deadline = ctx.clock.now() + rolling.progressDeadlineMs
  const late = (): string | undefined =>
    ctx.clock.now() > deadline
      ? `not finished within progress-deadline ${formatDuration(rolling.progressDeadlineMs)}`
      : undefined

  // Capacity counts instances that take traffic and answer their health check right now.
  const weights = await ctx.router.getWeights()
  const staying = rolling.instances.filter(
    i => (weights[i.name] ?? 0) > 0 && !names.includes(i.name)
  )
  const sick = await unhealthyOf(ctx, staying)
  const check = drainAllowed(weights, rolling.instances, names, rolling.maxUnavailable, sick)
  if (!check.allowed)
    throw new BackendError(`refusing to start ${label}: ${check.reason}. Nothing more was drained.`)

  await report.step(`${label}: drain ${names.join(', ')}`, async () => {
    // Intent first: recorded (and the lease confirmed) before the router drains. From here the
    // instances may be half-updated: a later run must deploy them again.
    for (const { instance, version } of batch) {
      const now = progress.state(instance.name)
      progress.set(instance.name, {
        version: now.version === version ? version : '',
        inRotation: false
      })
    }
    await progress.save(
      'rolling',
      `${label}: ${names.join(', ')} out of rotation for ${batch[0].version}`
    )
    await ctx.router.drain(names)
    return `${ctx.router.type}: ${names.join(', ')} ${names.length === 1 ? 'takes' : 'take'} no new requests; ${await waitInFlight(ctx, names)}`
  })

  // An instance that already runs the version and answers (drained by an earlier attempt) is
  // not deployed again; one that does not answer is.
  const onVersion = batch.filter(t => progress.state(t.instance.name).version === t.version)
  const down = await unhealthyOf(
    ctx,
    onVersion.map(t => t.instance)
  )
  const toDeploy = batch.filter(t => !onVersion.includes(t) || down.includes(t.instance.name))
  const deploys = await whileHeld(ctx, progress.record, `${label}: deploying`, signal =>
    Promise.all(toDeploy.map(target => deployOne(ctx, progress, target, signal)))
  )
  const failedDeploy = deploys.find(d => d !== '')
  if (failedDeploy) return { ok: false, reason: failedDeploy }
  if (late()) return { ok: false, reason: late() as string }

  const healths = await Promise.all(
    batch.map(async ({ instance }) => {
      const url = `http://${instance.address}${settings.health.path}`
      const deadlineMs = Math.max(
        0,
        Math.min(settings.health.deadlineMs, deadline - ctx.clock.now())
      )
      const verdict = await waitHealthy(url, { ...settings.health, deadlineMs }, ctx)
      report.record(
        `${label}: health check ${instance.name}`,
        verdict.outcome === 'pass' ? 'ok' : 'failed',
        verdict.elapsedMs,
        verdict.reason
      )
      return verdict.outcome === 'pass'
        ? ''
        : `${instance.name} failed its health check: ${verdict.reason}`
    })
  )
  const unhealthy = healths.find(h => h !== '')
  if (unhealthy) return { ok: false, reason: unhealthy }

  await fence(ctx, progress.record, `${label}: putting ${names.join(', ')} back into rotation`)
  await report.step(`${label}: back into rotation ${names.join(', ')}`, async () => {
    await ctx.router.enable(names)
    for (const { instance, version } of batch)
      progress.set(instance.name, { version, inRotation: true })
    return `${ctx.router.type}: ${names.join(', ')} ${names.length === 1 ? 'takes' : 'take'} traffic again`
  })

  const started = ctx.clock.now()
  const judged = await judgeBatch(ctx, batch, deadline, withGates)
  report.record(
    `${label}: min-ready ${formatDuration(rolling.minReadyMs)}`,
    judged.ok ? 'ok' : 'failed',
    ctx.clock.now() - started,
    judged.ok ? judged.detail : judged.reason
  )
  return judged.ok ? { ok: true } : { ok: false, reason: judged.reason }
}

/** Runs the deploy command for one instance; '' on success, else why not. */
async function deployOne(
  ctx: CommandContext,
  progress: FleetProgress,
  { instance, version }: BatchTarget,
  signal: AbortSignal
): Promise<string> {
  const argv = ctx.settings.deploy
  if (!argv) throw new Error('bug: rolling without a deploy command (parse-settings requires one)')
  const previous = progress.state(instance.name).version || progress.from(instance.name)
  const started = ctx.clock.now()
  ctx.log.info(`▶ deploy ${version} to ${instance.name} (${instance.address}): ${argv.join(' ')}`)
  const exitCode = await runReleaseCommand(
    ctx.runner,
    argv,
    instanceEnvironment(ctx.settings, instance, version, previous),
    signal
  )
  const ok = exitCode === 0
  if (ok) progress.set(instance.name, { version, inRotation: false })
  ctx.report.record(
    `deploy ${version} to ${instance.name}`,
    ok ? 'ok' : 'failed',
    ctx.clock.now() - started,
    `exit ${exitCode}`
  )
  return ok ? '' : `the deploy command exited ${exitCode} for ${instance.name} (${version})`
}

/**
 * Waits until the drained instances serve nothing, as far as the router can tell, for at most
 * drain-timeout. nginx cannot tell: its old workers finish in-flight requests after the reload,
 * so the whole drain-timeout is the allowance.
 */
async function waitInFlight(ctx: CommandContext, names: readonly string[]): Promise<string> {
  const timeoutMs = ctx.settings.rolling.drainTimeoutMs
  const started = ctx.clock.now()
  for (;;) {
    const counts = await Promise.all(names.map(name => ctx.router.inFlight(name)))
    const elapsed = ctx.clock.now() - started
    if (counts.some(c => c === undefined)) {
      if (timeoutMs > 0) await ctx.clock.sleep(timeoutMs)
      return `waited drain-timeout ${formatDuration(timeoutMs)} for in-flight requests (${ctx.router.type} does not report them)`
    }
    const busy = counts.reduce((sum: number, c) => sum + (c ?? 0), 0)
    if (busy === 0) return `in-flight requests done after ${formatDuration(elapsed)}`
    if (elapsed >= timeoutMs)
      return `${busy} request(s) still in flight after drain-timeout ${formatDuration(timeoutMs)}; going on`
    ctx.log.info(
      `  ${busy} request(s) still in flight on ${names.join(', ')} (${formatDuration(elapsed)})`
    )
    await ctx.clock.sleep(Math.min(100, timeoutMs))
  }
}
