import { BackendError, ConfigurationError } from '../../errors.js'
import { runReleaseCommand, releaseEnvironment } from '../../checks/release-command.js'
import { otherColor } from '../../strategies/blue-green.js'
import { START } from '../../analysis/judge-baseline.js'
import { EvidenceState } from '../../analysis/sequential-test.js'
import { Verdict } from '../../analysis/verdict.js'
import { canaryStrategy, canaryWeights, stableWeights } from '../../strategies/canary.js'
import { positionOf } from '../../strategies/index.js'
import { CanaryPosition, RolloutRecord, RolloutState } from '../../state/types.js'
import { ColorRecord, colorRecord } from '../../state/slot.js'
import { Color } from '../../config/settings.js'
import { bakeStep } from './canary-bake.js'
import { CommandContext } from '../context.js'
import { chartLimits } from './window-point.js'
import { warmUp } from '../shared/warm-up.js'
import { runHook } from '../shared/hooks.js'
import { fence } from '../shared/lease-guard.js'
import { short } from '../blue-green/deploy-to-color.js'
import { failed, Outcome, succeeded } from '../../report/outcome.js'

/**
 * The compare gates' evidence as the record left it (ln E, the last time it was recorded). The
 * counts behind it start afresh: the e-process stays valid, only its estimate of the canary's
 * rate restarts.
 */
function restoredEvidence(record: RolloutRecord, gates: string[]): Map<string, EvidenceState> {
  const last = [...record.events].reverse().find(e => e.evidence?.length === gates.length)
  const evidence = new Map<string, EvidenceState>()
  gates.forEach((name, i) => {
    const logE = last?.evidence?.[i] ?? 0
    evidence.set(name, { ...START, logE, pValue: Math.min(1, Math.exp(-logE)) })
  })
  return evidence
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
 * Runs canary steps from where the record stands until a pause, a failed gate (abort), gates
 * that cannot decide (pause), or the end (the canary becomes live). `promoting`: a person passes
 * the canary on from where it waits.
 */
export async function runCanary(
  ctx: CommandContext,
  record: ColorRecord,
  promoting: boolean
): Promise<Outcome> {
  const { settings, report } = ctx
  report.canaryLimits = chartLimits(settings.canary.metrics)
  const steps = settings.canary.steps
  const state = await ctx.store.load(settings.environment)
  const stable = state?.live?.color === otherColor(record.color) ? state.live : undefined
  const window = {
    environment: settings.environment,
    canary: {
      color: record.color,
      version: record.version,
      address: settings.addresses[record.color],
      addresses: settings.pools[record.color].map(m => m.address)
    },
    stable: {
      color: otherColor(record.color),
      version: stable?.version ?? '',
      address: settings.addresses[otherColor(record.color)],
      addresses: settings.pools[otherColor(record.color)].map(m => m.address)
    }
  }
  const strategy = canaryStrategy(steps)
  // One e-process per compare gate for the whole rollout, also across jobs (promote).
  const compared = settings.canary.metrics.filter(m => m.compare === 'baseline')
  const evidence = restoredEvidence(
    record,
    compared.map(m => m.name)
  )
  const recorded = () => compared.map(m => evidence.get(m.name)?.logE ?? 0)
  let at = positionOf(record)
  // Before the canary's first traffic, never again (a resumed or promoted canary is warm).
  if (at.index < 0 && record.phase === 'verified' && !promoting) {
    await warmUp(ctx, record.color, record.version, window.stable.color)
    const problem = await runHook(ctx, 'pre-switch', record, window.stable, record)
    if (problem) throw new BackendError(`${problem}; traffic was not moved.`)
  }
  // canary-step goes on from where the record stands; promote is a person's pass on it.
  let verdict: Verdict = {
    outcome: 'pass',
    reason: promoting ? `promoted by ${ctx.actor}` : `${record.version} verified`
  }
  let baked = 0
  for (;;) {
    const next = strategy.next(at, verdict)
    if (next.phase === 'live') return completeCanary(ctx, record, stable)
    if (next.phase === 'failed')
      return abortCanary(ctx, record, `gate failed at ${baked}%: ${verdict.reason}`)
    const step = next.step as CanaryPosition
    const label = `step ${step.index + 1}/${step.total} · ${step.weight}%`
    if (next.phase === 'paused') {
      const decided = verdict.outcome === 'inconclusive'
      const headline = decided
        ? `${record.version} paused at ${step.weight}%: the gates could not decide (${verdict.reason}). Promote to go on, abort to restore ${window.stable.color}.`
        : `${record.version} paused at ${step.weight}% (step ${step.index + 1}/${step.total}); promote to continue, abort to restore ${window.stable.color}.`
      const description = decided
        ? short(`gates could not decide: ${verdict.reason}`)
        : next.description
      return pauseCanary(ctx, record, step, description, headline, window.stable, recorded())
    }
    const { weight } = step
    const weights = canaryWeights(record.color, weight)
    // Intent first: the step is recorded (and the lease confirmed) before traffic moves, so a run
    // that dies in between leaves a record a later run can reconcile with the router.
    await ctx.store.transition(record, {
      ...next,
      ...(compared.length > 0 ? { evidence: recorded() } : {})
    })
    await report.step(`${label}: shift traffic to ${record.color}`, async () => {
      await ctx.router.setWeights(weights, record.color)
      const { held, detail } = await ctx.router.verify(weights)
      if (held === false)
        throw new BackendError(
          `the router does not hold ${weight}% on ${record.color} after setting it: ${detail}`
        )
      return `${ctx.router.type}: ${weight}% ${record.color} / ${100 - weight}% ${window.stable.color}`
    })
    const bakeMs = (steps[step.index] as { bakeMs: number }).bakeMs
    const startedAt = ctx.clock.now()
    const result = await bakeStep(ctx, { ...window, weight }, weights, bakeMs, label, evidence)
    report.canarySteps.push({
      startedAt,
      ...step,
      outcome: result.outcome,
      reason: result.reason,
      durationMs: result.durationMs,
      requests: result.requests,
      errorRate: result.errorRate,
      p95Ms: result.p95Ms,
      windows: result.windows
    })
    report.record(
      `${label}: gates`,
      result.outcome === 'fail' ? 'failed' : 'ok',
      result.durationMs,
      `${result.outcome}: ${result.reason}`
    )
    at = { phase: 'canary', index: step.index }
    verdict = result
    baked = weight
  }
}

/** Stops the canary where it stands, waiting for promote or abort; the job itself succeeds. */
async function pauseCanary(
  ctx: CommandContext,
  record: ColorRecord,
  step: CanaryPosition,
  description: string,
  headline: string,
  stable: { color: Color; version: string },
  evidence: number[]
): Promise<Outcome> {
  await ctx.store.transition(record, {
    phase: 'paused',
    description,
    step,
    ...(evidence.length > 0 ? { evidence } : {})
  })
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
  await fence(ctx, record, `promoting ${record.version} to 100%`)
  await ctx.report.step(`promote ${record.version}: 100% to ${record.color}`, async () => {
    await ctx.router.setWeights(weights)
    return (await ctx.router.verify(weights)).detail
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
  const hookProblem = await runHook(
    ctx,
    'post-switch',
    record,
    {
      color: from,
      version: stable?.version ?? ''
    },
    record
  )
  return (hookProblem ? failed : succeeded)(
    `${record.version} on ${record.color} passed every canary step and takes all traffic${hookProblem ? `; but ${hookProblem}` : ''}.`,
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
  reason: string,
  /** A person's abort acts whoever holds the lease; the canary's own run must still hold it. */
  byPerson = false
): Promise<Outcome> {
  const stable = otherColor(record.color)
  const weights = stableWeights(record.color)
  if (!byPerson) await fence(ctx, record, `aborting back to ${stable}`)
  await ctx.report.step(`abort: 100% back to ${stable}`, async () => {
    await ctx.router.setWeights(weights)
    // Whatever was seen, traffic stays on stable: the split is what is being escaped.
    return (await ctx.router.verify(weights)).detail
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
  // Traffic was taken from the canary: previous-* name it ("v3 aborted, back on v2").
  const canary = { color: record.color, version: record.version }
  const hookProblem = await runHook(ctx, 'post-rollback', serving, canary, record)
  return failed(
    `canary ${record.version} aborted; all traffic is back on ${stable}. ${reason}${hookProblem ? ` (${hookProblem}.)` : ''}`,
    {
      serving: { before: canary, after: serving },
      deployedColor: record.color,
      release: record
    }
  )
}
