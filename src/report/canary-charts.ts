import { CanaryStepReport, ChartLimits } from './report.js'

/** Series colours, readable on GitHub's light and dark backgrounds alike. */
const COLOUR = { canary: '#2563eb', limit: '#dc2626', baseline: '#6b7280', weight: '#0d9488' }
/** More windows than this are drawn one point per step: a chart, not a barcode. */
const MAX_POINTS = 60

interface ChartPoint {
  /** Seconds since the canary's first step began (the end of the window). */
  atS: number
  weight: number
  errorRate?: number
  baselineErrorRate?: number
  p95Ms?: number
}

/**
 * Mermaid charts of a canary, one point per analysis window: the share of traffic on the canary;
 * its error rate against the gates' limit (and the baseline's, where a compare gate counted it)
 * on a scale that shows the limit; its p95 from 0 with its limit. Pure.
 */
export function renderCanaryCharts(
  steps: readonly CanaryStepReport[],
  limits: ChartLimits
): string[] {
  const points = chartPoints(steps)
  if (points.length === 0) return []
  const axis = `  x-axis "seconds since the first step began" [${points.map(p => `"${p.atS}"`).join(', ')}]`
  const lines = [
    ...chart(
      'Share of traffic on the canary (%)',
      axis,
      '  y-axis "% of requests" 0 --> 100',
      [COLOUR.weight],
      [`  bar [${points.map(p => p.weight).join(', ')}]`]
    ),
    caption(steps, points.length),
    ''
  ]
  if (points.some(p => p.errorRate !== undefined)) {
    const limit = limits.errorRate === undefined ? undefined : limits.errorRate * 100
    const baseline = points.some(p => p.baselineErrorRate !== undefined)
    const values = points.flatMap(p => [(p.errorRate ?? 0) * 100, (p.baselineErrorRate ?? 0) * 100])
    const top = niceTop(Math.max(...values, limit ?? 0, 0.1))
    const series = [`  line [${points.map(p => percent(p.errorRate)).join(', ')}]`]
    const colours = [COLOUR.canary]
    const legend = ['**blue**: the canary']
    if (limit !== undefined) {
      series.push(`  line [${points.map(() => round(limit)).join(', ')}]`)
      colours.push(COLOUR.limit)
      legend.push(`**red**: the limit, ${round(limit)}%`)
    }
    if (baseline) {
      series.push(`  line [${points.map(p => percent(p.baselineErrorRate)).join(', ')}]`)
      colours.push(COLOUR.baseline)
      legend.push('**grey**: the baseline (the stable version, same windows)')
    }
    lines.push(
      ...chart(
        'Error rate (%)',
        axis,
        `  y-axis "% of requests failed" 0 --> ${top}`,
        colours,
        series
      ),
      `Lines: ${legend.join(' · ')}.`,
      ''
    )
  }
  if (points.some(p => p.p95Ms !== undefined)) {
    const limit = limits.p95Ms
    const top = niceTop(Math.max(...points.map(p => p.p95Ms ?? 0), limit ?? 0, 1))
    const series = [`  line [${points.map(p => Math.round(p.p95Ms ?? 0)).join(', ')}]`]
    const colours = [COLOUR.canary]
    const legend = ['**blue**: the canary']
    if (limit !== undefined) {
      series.push(`  line [${points.map(() => Math.round(limit)).join(', ')}]`)
      colours.push(COLOUR.limit)
      legend.push(`**red**: the limit, ${Math.round(limit)} ms`)
    }
    lines.push(
      ...chart('p95 latency (ms)', axis, `  y-axis "ms" 0 --> ${top}`, colours, series),
      `Lines: ${legend.join(' · ')}.`,
      ''
    )
  }
  return lines
}

/** What the points are: windows, steps, or one window drawn from its start to its end. */
function caption(steps: readonly CanaryStepReport[], points: number): string {
  const windows = steps.reduce((n, s) => n + (s.windows?.length ?? 0), 0)
  if (windows === 1)
    return "Bars: the canary's share of traffic. One analysis window: what it measured is drawn from its start to its end."
  if (windows === 0 || windows > MAX_POINTS)
    return `Bars: the canary's share of traffic, one point per step (${steps.length} ${steps.length === 1 ? 'step' : 'steps'}${windows > MAX_POINTS ? `; ${windows} analysis windows are too many to draw` : ''}).`
  return `Bars: the canary's share of traffic in each analysis window (${points} windows).`
}

function chart(
  title: string,
  axis: string,
  yAxis: string,
  colours: readonly string[],
  series: readonly string[]
): string[] {
  const init = { themeVariables: { xyChart: { plotColorPalette: colours.join(', ') } } }
  return [
    '```mermaid',
    `%%{init: ${JSON.stringify(init)}}%%`,
    'xychart-beta',
    `  title "${title}"`,
    axis,
    yAxis,
    ...series,
    '```',
    ''
  ]
}

/** One point per window, or per step when there are too many; a lone window gets its start too. */
export function chartPoints(steps: readonly CanaryStepReport[]): ChartPoint[] {
  if (steps.length === 0) return []
  const origin = steps[0].startedAt
  const seconds = (ms: number) => Math.round(ms / 100) / 10
  const perWindow = steps.flatMap(step =>
    (step.windows ?? []).map(w => ({
      atS: seconds(step.startedAt - origin + w.atMs),
      weight: step.weight,
      ...defined({ errorRate: w.errorRate, baselineErrorRate: w.baselineErrorRate, p95Ms: w.p95Ms })
    }))
  )
  const points =
    perWindow.length > 0 && perWindow.length <= MAX_POINTS
      ? perWindow
      : steps.map(step => ({
          atS: seconds(step.startedAt - origin + step.durationMs),
          weight: step.weight,
          ...defined({ errorRate: step.errorRate, p95Ms: step.p95Ms })
        }))
  // A line needs two points: what one window measured held from its start to its end.
  if (points.length === 1) {
    const step = steps[0]
    const windowMs = step.windows?.[0]?.atMs ?? step.durationMs
    return [
      { ...points[0], atS: seconds(step.startedAt - origin + windowMs) - seconds(windowMs) },
      ...points
    ]
  }
  return points
}

function defined<T extends Record<string, number | undefined>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>
}

/** A round number above `value` for the top of an axis: 1, 2, 2.5 or 5 times a power of ten. */
export function niceTop(value: number): number {
  const target = value * 1.25
  const power = 10 ** Math.floor(Math.log10(target))
  const step = [1, 2, 2.5, 5, 10].find(f => f * power >= target) ?? 10
  return Number((step * power).toPrecision(3))
}

function percent(rate: number | undefined): number {
  return round((rate ?? 0) * 100)
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
