import { BackendError, ConfigurationError } from '../../errors.js'
import { runReleaseCommand, releaseEnvironment } from '../../checks/release-command.js'
import { otherColor } from '../../strategies/blue-green.js'
import { canaryWeights, nextCanaryAction, stableWeights } from '../../strategies/canary.js'
import { CanaryPosition, RolloutRecord, RolloutState } from '../../state/types.js'
import { ColorRecord, colorRecord } from '../../state/slot.js'
import { Color } from '../../config/settings.js'
import { bakeStep } from './canary-bake.js'
import { CommandContext } from '../context.js'
import { short } from '../blue-green/deploy-to-color.js'
import { failed, Outcome, succeeded } from '../../report/outcome.js'

/** Where a canary resumes: after the last step it completed (a paused step counts as accepted). */
export function resumeAfter(record: RolloutRecord): number {
  const last = [...record.events].reverse().find(e => e.step)
  if (!last?.step) return -1
  return last.phase === 'paused' ? last.step.index : last.step.index - 1
}

/** The release a canary runs on, refusing anything that is not a canary in progress. */
export function canaryInProgress(
  state: RolloutState | undefined,
  environment: string,
  allowed: readonly RolloutRecord['phase'][]
): ColorRecord {
  const record = state?.inProgress
  if (!record)
    throw ConfigurationError.single(
      'environment',
      `no rollout is in progress in "${environment}"; run deploy-green first.`
    )
  if (!allowed.includes(record.phase)) {
    const hint =
      record.phase === 'paused'
        ? 'it is paused: run promote to continue, or abort'
        : `it is ${record.phase}`
    throw ConfigurationError.single(
      'command',
      `${record.version} on ${record.color} cannot do this now: ${hint}.`
    )
  }
  return colorRecord(record)
}

/**
 * Runs canary steps after step `done` until a pause, a failed gate (abort), gates that cannot
 * decide (pause), or the end (the canary becomes live). `promoting` passes over the next pause.
 */
export async function runCanary(
  ctx: CommandContext,
  record: ColorRecord,
  done: number,
  promoting: boolean
): Promise<Outcome> {
  const { settings, report } = ctx
  const steps = settings.canary.steps
  const state = await ctx.store.load(settings.environment)
  const stable = state?.live?.color === otherColor(record.color) ? state.live : undefined
  const window = {
    environment: settings.environment,
    canary: {
      color: record.color,
      version: record.version,
      address: settings.addresses[record.color]
    },
    stable: {
      color: otherColor(record.color),
      version: stable?.version ?? '',
      address: settings.addresses[otherColor(record.color)]
    }
  }
  const total = steps.length
  let weight = 0
  for (let position = done, first = true; ; first = false) {
    const action = nextCanaryAction(steps, position, promoting && first)
    if (action.kind === 'complete') return completeCanary(ctx, record, stable)
    if (action.kind === 'pause') {
      const headline = `${record.version} paused at ${weight}% (step ${action.index + 1}/${total}); promote to continue, abort to restore ${window.stable.color}.`
      return pauseCanary(
        ctx,
        record,
        { index: action.index, total, weight },
        'waiting for promote (pause step)',
        headline,
        window.stable
      )
    }
    weight = action.weight
    const label = `step ${action.index + 1}/${total} · ${weight}%`
    const weights = canaryWeights(record.color, weight)
    await report.step(`${label}: shift traffic to ${record.color}`, async () => {
      await ctx.router.setWeights(weights)
      const held = await ctx.router.verify(weights)
      if (held === false)
        throw new BackendError(
          `the router does not hold ${weight}% on ${record.color} after setting it`
        )
      return `${ctx.router.type}: ${weight}% ${record.color} / ${100 - weight}% ${window.stable.color}`
    })
    await ctx.store.transition(record, {
      phase: 'canary',
      description: `baking ${action.bakeMs / 1000}s`,
      step: { index: action.index, total, weight }
    })
    const startedAt = ctx.clock.now()
    const result = await bakeStep(ctx, { ...window, weight }, weights, action.bakeMs, label)
    report.canarySteps.push({ startedAt, index: action.index, total, weight, ...result })
    report.record(
      `${label}: gates`,
      result.outcome === 'fail' ? 'failed' : 'ok',
      result.durationMs,
      `${result.outcome}: ${result.reason}`
    )
    if (result.outcome === 'fail')
      return abortCanary(ctx, record, `gate failed at ${weight}%: ${result.reason}`)
    if (result.outcome === 'inconclusive') {
      const headline = `${record.version} paused at ${weight}%: the gates could not decide (${result.reason}). Promote to go on, abort to restore ${window.stable.color}.`
      return pauseCanary(
        ctx,
        record,
        { index: action.index, total, weight },
        short(`gates could not decide: ${result.reason}`),
        headline,
        window.stable
      )
    }
    position = action.index
  }
}

/** Stops the canary where it stands, waiting for promote or abort; the job itself succeeds. */
async function pauseCanary(
  ctx: CommandContext,
  record: ColorRecord,
  step: CanaryPosition,
  description: string,
  headline: string,
  stable: { color: Color; version: string }
): Promise<Outcome> {
  await ctx.store.transition(record, { phase: 'paused', description, step })
  const serving = { color: stable.color, version: stable.version }
  return succeeded(headline, {
    serving: { before: serving, after: serving },
    deployedColor: record.color,
    release: record
  })
}

/** Every step passed (or promote --full): the canary takes all traffic and becomes live. */
export async function completeCanary(
  ctx: CommandContext,
  record: ColorRecord,
  stable: RolloutRecord | undefined
): Promise<Outcome> {
  const weights = canaryWeights(record.color, 100)
  await ctx.report.step(`promote ${record.version}: 100% to ${record.color}`, async () => {
    await ctx.router.setWeights(weights)
    const confirmed = await ctx.router.verify(weights)
    return confirmed ? 'confirmed' : 'set (not confirmed by traffic)'
  })
  await ctx.store.transition(record, {
    phase: 'live',
    description: short(
      `${record.version} on ${record.color} takes all traffic (canary promoted by ${ctx.actor})`
    )
  })
  if (stable)
    await ctx.store.transition(stable, {
      phase: 'superseded',
      description: short(`superseded by ${record.version} on ${record.color} (canary)`)
    })
  const from = otherColor(record.color)
  return succeeded(
    `${record.version} on ${record.color} passed every canary step and takes all traffic.`,
    {
      serving: {
        before: { color: from, version: stable?.version ?? '' },
        after: { color: record.color, version: record.version }
      },
      deployedColor: record.color,
      release: record
    }
  )
}

/**
 * All traffic back on stable at once, confirmed through the router; the release is marked failed.
 * The canary keeps running for inspection unless an abort-command says otherwise.
 */
export async function abortCanary(
  ctx: CommandContext,
  record: ColorRecord,
  reason: string
): Promise<Outcome> {
  const stable = otherColor(record.color)
  const weights = stableWeights(record.color)
  await ctx.report.step(`abort: 100% back to ${stable}`, async () => {
    await ctx.router.setWeights(weights)
    const confirmed = await ctx.router.verify(weights)
    return confirmed === false
      ? 'set, but new requests still reached the canary'
      : confirmed
        ? 'confirmed by probe'
        : 'set'
  })
  await ctx.store.transition(record, { phase: 'failed', description: short(`aborted: ${reason}`) })
  const abortCommand = ctx.settings.canary.abortCommand
  if (abortCommand) {
    const exitCode = await runReleaseCommand(
      ctx.runner,
      abortCommand,
      releaseEnvironment(ctx.settings, record.color, record.version, stable)
    )
    ctx.report.record('abort-command', exitCode === 0 ? 'ok' : 'failed', 0, `exit ${exitCode}`)
  }
  const state = await ctx.store.load(ctx.settings.environment)
  const serving = {
    color: stable,
    version: state?.live?.color === stable ? state.live.version : ''
  }
  return failed(`canary ${record.version} aborted; all traffic is back on ${stable}. ${reason}`, {
    serving: { before: serving, after: serving },
    deployedColor: record.color,
    release: record
  })
}
