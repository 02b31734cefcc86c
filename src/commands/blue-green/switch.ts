import { planSwitch } from '../../strategies/blue-green.js'
import { IN_PROGRESS } from '../../state/types.js'
import { CommandContext } from '../context.js'
import { openRecord } from '../shared/open-record.js'
import { short } from './deploy-to-color.js'
import { moveAllTraffic } from '../shared/move-traffic.js'
import { warmUp } from '../shared/warm-up.js'
import { failed, nothingToDo, Outcome, succeeded } from '../../report/outcome.js'
import { BackendError, ConfigurationError } from '../../errors.js'
import { runHook } from '../shared/hooks.js'
import { contractRefusal } from '../../strategies/contract.js'

/** Moves all traffic to the target color, confirms it, then records the new live release. */
export async function switchTraffic(ctx: CommandContext): Promise<Outcome> {
  const { settings, store } = ctx
  const state = await store.load(settings.environment)
  const decision = planSwitch(
    settings.switchTo,
    await ctx.router.getWeights(),
    state,
    settings.force
  )
  if (decision.kind === 'no-op') {
    const version = state?.colors[decision.color]?.version ?? ''
    const serving = { color: decision.color, version }
    return nothingToDo(`${decision.reason}; nothing changed.`, {
      serving: { before: serving, after: serving }
    })
  }
  const { from, to } = decision
  // What ran on the color that gives up traffic: the live release, or a canary cut short.
  const fromRecord = state?.colors[from]
  if (decision.back) {
    const refusal = contractRefusal(
      fromRecord?.phase === 'live' ? fromRecord : undefined,
      decision.record?.version ?? state?.colors[to]?.version ?? '',
      settings.force
    )
    if (refusal) throw ConfigurationError.single('force', refusal)
  }
  // A release waiting to take traffic holds the lease: fenced. Going back to a color that
  // served before is a person's emergency move, made whoever holds the lease.
  const holder =
    decision.record && IN_PROGRESS.includes(decision.record.phase) ? decision.record : undefined
  // A new release is warmed before its first request; going back to a color that just served is not.
  const newRelease =
    !decision.back && decision.record && decision.record.phase !== 'live'
      ? decision.record
      : undefined
  const previous = { color: from, version: fromRecord?.version ?? '' }
  if (newRelease) {
    await warmUp(ctx, to, newRelease.version, from)
    const problem = await runHook(
      ctx,
      'pre-switch',
      { color: to, version: newRelease.version },
      previous,
      newRelease
    )
    if (problem) throw new BackendError(`${problem}; traffic was not moved.`)
  }
  await moveAllTraffic(ctx, from, to, holder)

  // Traffic has moved: record it. A forced switch to a color with no record gets one.
  const target =
    decision.record ??
    (await openRecord(ctx, {
      kind: 'release',
      version: 'unknown',
      color: to,
      description: `forced switch to ${to}, whose version is not recorded`,
      force: true,
      strategy: 'blue-green',
      steps: ['switch']
    }))
  if (target.phase !== 'live')
    await store.transition(target, {
      phase: 'live',
      description: short(
        `${target.version} on ${to} takes all traffic (switched from ${from} by ${ctx.actor})`
      )
    })
  if (fromRecord?.phase === 'live') {
    await store.transition(
      fromRecord,
      decision.back
        ? {
            phase: 'rolled-back',
            description: short(`${ctx.actor} switched back to ${target.version} on ${to}`)
          }
        : { phase: 'superseded', description: short(`superseded by ${target.version} on ${to}`) }
    )
  } else if (fromRecord && IN_PROGRESS.includes(fromRecord.phase) && fromRecord !== target) {
    await store.transition(fromRecord, {
      phase: 'failed',
      description: short(`cut short: ${ctx.actor} switched all traffic to ${to}`)
    })
  }
  const after = { color: to, version: target.version }
  const hookProblem = await runHook(
    ctx,
    decision.back ? 'post-rollback' : 'post-switch',
    after,
    previous,
    target
  )
  return (hookProblem ? failed : succeeded)(
    `${target.version} on ${to} takes all traffic${fromRecord && fromRecord.phase !== 'failed' ? `; ${fromRecord.version} stays on ${from} for a fast way back` : ''}${hookProblem ? `; but ${hookProblem}` : ''}.`,
    {
      serving: {
        before: { color: from, version: fromRecord?.version ?? '' },
        after: { color: to, version: target.version }
      },
      release: target
    }
  )
}
