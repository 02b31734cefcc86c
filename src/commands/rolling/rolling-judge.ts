import { judgeGate, judgeStep } from '../../analysis/judge.js'
import { formatDuration } from '../../config/duration.js'
import { Measurement } from '../../metrics/metric-spec.js'
import { CommandContext } from '../context.js'
import { BatchTarget } from './fleet-progress.js'
import { healthOnce } from './instance-health.js'

export type BatchJudgement = { ok: true; detail: string } | { ok: false; reason: string }

/**
 * A batch back in rotation must stay healthy for min-ready (checked every health-interval, or
 * every analysis-interval when gates are set), and each gate must pass on each of its instances.
 * A failed check or gate ends the wait at once.
 */
export async function judgeBatch(
  ctx: CommandContext,
  batch: readonly BatchTarget[],
  deadline: number,
  withGates = true
): Promise<BatchJudgement> {
  const { rolling, canary, health } = ctx.settings
  const gates = withGates ? rolling.gates : []
  const windowMs = gates.length > 0 ? canary.analysisIntervalMs : health.intervalMs
  const rounds = Math.max(1, Math.ceil(rolling.minReadyMs / windowMs))
  const instances = batch.map(t => t.instance)
  const readings = new Map<string, Measurement[]>()
  const started = ctx.clock.now()
  if (rolling.minReadyMs > 0)
    ctx.log.info(
      `  min-ready ${formatDuration(rolling.minReadyMs)}: ${instances.map(i => i.name).join(', ')} checked every ${formatDuration(windowMs)}${gates.length ? `, gates ${gates.map(g => g.name).join(', ')}` : ''}`
    )
  for (let round = 1; round <= rounds; round++) {
    const problem = await healthOnce(ctx, instances)
    if (problem !== '') return { ok: false, reason: `unhealthy back in rotation: ${problem}` }
    if (rolling.minReadyMs === 0) break
    if (ctx.clock.now() > deadline)
      return { ok: false, reason: 'progress-deadline passed during min-ready' }
    if (gates.length === 0) {
      await ctx.clock.sleep(windowMs)
      continue
    }
    const controller = new AbortController()
    const measured = await Promise.all(
      batch.flatMap(({ instance, version }) =>
        gates.map(async spec => {
          const window = {
            windowMs,
            environment: ctx.settings.environment,
            canary: { color: instance.name, version, address: instance.address },
            stable: { color: instance.name, version, address: instance.address },
            weight: 0
          }
          const m = await ctx.providers(spec.provider).measure(spec, window, controller.signal)
          return { key: `${instance.name}/${spec.name}`, m }
        })
      )
    )
    for (const { key, m } of measured) readings.set(key, [...(readings.get(key) ?? []), m])
    const verdicts = batch.flatMap(({ instance }) =>
      gates.map(spec => {
        const v = judgeGate(
          spec,
          readings.get(`${instance.name}/${spec.name}`) ?? [],
          round === rounds
        )
        return { ...v, reason: `${instance.name}: ${v.reason}` }
      })
    )
    const outcome = judgeStep(verdicts)
    ctx.log.info(
      `  min-ready window ${round}/${rounds} (${formatDuration(ctx.clock.now() - started)}): ${verdicts.map(v => v.reason).join(' · ')}`
    )
    if (outcome === 'fail' || outcome === 'inconclusive') {
      const deciding = verdicts.filter(v => v.outcome === outcome)
      return {
        ok: false,
        reason: `${outcome === 'fail' ? 'gate failed' : 'gates could not decide'}: ${deciding.map(v => v.reason).join('; ')}`
      }
    }
  }
  return {
    ok: true,
    detail: `${instances.map(i => i.name).join(', ')} stayed healthy${gates.length ? ` and passed ${gates.map(g => g.name).join(', ')}` : ''}`
  }
}
