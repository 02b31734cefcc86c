import { GateVerdict, judgeGate, judgeStep } from '../../analysis/judge.js'
import { evidenceAfter, START } from '../../analysis/judge-baseline.js'
import { EvidenceState } from '../../analysis/sequential-test.js'
import { formatDuration } from '../../config/duration.js'
import { MeasureWindow } from '../../metrics/metric-provider.js'
import { Measurement } from '../../metrics/metric-spec.js'
import { Weights } from '../../routers/traffic-router.js'
import { CommandContext } from '../context.js'
import { WindowPoint } from '../../report/report.js'
import { weightedErrorRate, windowPoint } from './window-point.js'

export interface BakeResult {
  outcome: 'pass' | 'fail' | 'inconclusive'
  /** One sentence: the deciding gate(s). */
  reason: string
  gates: GateVerdict[]
  durationMs: number
  /** From the http probe, when one ran: for the summary. */
  requests?: number
  errorRate?: number
  p95Ms?: number
  /** Every window's readings, for the charts. */
  windows: WindowPoint[]
}

/**
 * Holds a step's weight for its bake time, measuring every gate once per analysis window and
 * judging after each window, so a failing gate (or one that gave up) ends the step at once.
 * Each window also re-checks that the router still holds the split.
 */
export async function bakeStep(
  ctx: CommandContext,
  window: Omit<MeasureWindow, 'windowMs'>,
  weights: Weights,
  bakeMs: number,
  label: string,
  /** Each compare gate's evidence from earlier steps; updated with this step's windows. */
  evidence: Map<string, EvidenceState>
): Promise<BakeResult> {
  const { metrics, analysisIntervalMs } = ctx.settings.canary
  const rounds = Math.max(1, Math.round(bakeMs / analysisIntervalMs))
  const windowMs = bakeMs / rounds
  const readings: Measurement[][] = metrics.map(() => [])
  const windows: WindowPoint[] = []
  const controller = new AbortController()
  const latencyThresholdMs = await baselineLatencyThreshold(ctx, window, controller.signal)
  const started = ctx.clock.now()
  let gates: GateVerdict[] = []
  let outcome: GateVerdict['outcome'] = 'running'
  for (let round = 1; round <= rounds && outcome === 'running'; round++) {
    const current: MeasureWindow = { ...window, windowMs, latencyThresholdMs }
    const results = await Promise.all(
      metrics.map(spec => ctx.providers(spec.provider).measure(spec, current, controller.signal))
    )
    results.forEach((m, i) => readings[i].push(m))
    windows.push(windowPoint(metrics, results, ctx.clock.now() - started))
    await keepSplit(ctx, weights)
    gates = metrics.map((spec, i) =>
      judgeGate(spec, readings[i], round === rounds, {
        evidence: evidence.get(spec.name) ?? START,
        fullShare: window.weight >= 100
      })
    )
    outcome = judgeStep(gates)
    ctx.log.info(
      `  ${label} · window ${round}/${rounds} (${formatDuration(ctx.clock.now() - started)}): ${gates.map(g => g.reason).join(' · ')}`
    )
  }
  controller.abort()
  for (const [i, spec] of metrics.entries())
    if (spec.compare === 'baseline')
      evidence.set(spec.name, evidenceAfter(spec, readings[i], evidence.get(spec.name) ?? START))
  const decided = outcome === 'running' ? 'inconclusive' : outcome
  const deciding = gates.filter(g => g.outcome === decided)
  const probe = readings.flat().filter(m => m.requests !== undefined)
  return {
    outcome: decided,
    reason: (deciding.length > 0 ? deciding : gates).map(g => g.reason).join('; '),
    gates,
    durationMs: ctx.clock.now() - started,
    requests: probe.length ? probe.reduce((sum, m) => sum + (m.requests ?? 0), 0) : undefined,
    errorRate: probe.length ? weightedErrorRate(probe) : undefined,
    p95Ms: probe.length ? Math.max(...probe.map(m => m.p95Ms ?? 0)) : undefined,
    windows
  }
}

/**
 * Latency compare gates count answers slower than L, and L must be fixed before the step: unless
 * the gate states one (an SLO), it is the stable version's p95 over a short window just before.
 */
async function baselineLatencyThreshold(
  ctx: CommandContext,
  window: Omit<MeasureWindow, 'windowMs'>,
  signal: AbortSignal
): Promise<number | undefined> {
  const gate = ctx.settings.canary.metrics.find(
    m =>
      m.provider === 'http' &&
      m.compare === 'baseline' &&
      m.query === 'latency' &&
      m.latencyThresholdMs === undefined
  )
  if (!gate) return undefined
  // The gate's own paths, on the stable side (every instance of a pool) instead of the canary.
  const probe = { ...gate, compare: 'none' as const, query: 'p99', target: 'canary' as const }
  const measured = await ctx.providers('http').measure(
    probe,
    {
      ...window,
      canary: window.stable,
      windowMs: Math.min(ctx.settings.canary.analysisIntervalMs, 2000)
    },
    signal
  )
  if (measured.phase !== 'ok' || measured.value === undefined) {
    ctx.log.warn(
      `could not measure the baseline p99 before the step (${measured.message}); latency gates have no threshold`
    )
    return undefined
  }
  ctx.log.info(
    `  "slow" for this step: slower than ${Math.round(measured.value)} ms (the baseline's p99 just before it)`
  )
  return measured.value
}

/** HAProxy forgets runtime weights on a reload; the router puts them back and says so. */
async function keepSplit(ctx: CommandContext, weights: Weights): Promise<void> {
  try {
    const { held, detail } = await ctx.router.verify(weights)
    if (held === false) ctx.log.warn(`the router does not hold the canary split: ${detail}`)
  } catch (error) {
    ctx.log.warn(`could not check the canary split: ${(error as Error).message}`)
  }
}
