import { formatDuration } from '../config/duration.js'
import { renderCanaryCharts } from './canary-charts.js'
import { CanaryStepReport, ChartLimits } from './report.js'

const VERDICT = { pass: '✅ pass', fail: '❌ fail (abort)', inconclusive: '⏸ inconclusive (pause)' }

/** The canary steps as a table, then charts of every analysis window (canary-charts.ts). */
export function renderCanarySteps(
  steps: readonly CanaryStepReport[],
  limits: ChartLimits = {}
): string[] {
  if (steps.length === 0) return []
  const lines = [
    '### Canary steps',
    '',
    '| step | weight | requests | error rate | p95 | verdict | duration | why |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...steps.map(
      s =>
        `| ${s.index + 1}/${s.total} | ${s.weight}% | ${s.requests ?? '–'} | ${s.errorRate === undefined ? '–' : `${(s.errorRate * 100).toFixed(2)}%`} | ${s.p95Ms === undefined ? '–' : `${Math.round(s.p95Ms)} ms`} | ${VERDICT[s.outcome]} | ${formatDuration(s.durationMs)} | ${s.reason.replace(/\|/g, '\\|')} |`
    ),
    '',
    ...renderCanaryCharts(steps, limits)
  ]
  return lines
}

/** One line per step for the terminal. */
export function canaryStepsText(steps: readonly CanaryStepReport[]): string[] {
  return steps.map(
    s =>
      `  step ${s.index + 1}/${s.total} ${String(s.weight).padStart(3)}%  ${s.outcome.padEnd(12)} ${s.requests ?? '-'} req  ${s.errorRate === undefined ? '' : `${(s.errorRate * 100).toFixed(2)}% errors  `}${s.p95Ms === undefined ? '' : `p95 ${Math.round(s.p95Ms)} ms  `}${formatDuration(s.durationMs)}`
  )
}
