import { formatDuration } from '../config/duration.js'
import { CanaryStepReport } from './report.js'

const VERDICT = { pass: '✅ pass', fail: '❌ fail (abort)', inconclusive: '⏸ inconclusive (pause)' }

/** The canary steps as a table and Mermaid charts of weight, error rate and p95 across steps. */
export function renderCanarySteps(steps: readonly CanaryStepReport[]): string[] {
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
    ''
  ]
  const axis = `x-axis [${steps.map(s => `"${s.index + 1}: ${s.weight}%"`).join(', ')}]`
  lines.push(
    '```mermaid',
    'xychart-beta',
    '  title "Canary weight and error rate (%) per step"',
    `  ${axis}`,
    '  y-axis "percent" 0 --> 100',
    `  bar [${steps.map(s => s.weight).join(', ')}]`,
    `  line [${steps.map(s => round((s.errorRate ?? 0) * 100)).join(', ')}]`,
    '```',
    ''
  )
  if (steps.some(s => s.p95Ms !== undefined)) {
    lines.push(
      '```mermaid',
      'xychart-beta',
      '  title "Canary p95 latency (ms) per step"',
      `  ${axis}`,
      '  y-axis "ms"',
      `  line [${steps.map(s => Math.round(s.p95Ms ?? 0)).join(', ')}]`,
      '```',
      ''
    )
  }
  return lines
}

/** One line per step for the terminal. */
export function canaryStepsText(steps: readonly CanaryStepReport[]): string[] {
  return steps.map(
    s =>
      `  step ${s.index + 1}/${s.total} ${String(s.weight).padStart(3)}%  ${s.outcome.padEnd(12)} ${s.requests ?? '-'} req  ${s.errorRate === undefined ? '' : `${(s.errorRate * 100).toFixed(2)}% errors  `}${s.p95Ms === undefined ? '' : `p95 ${Math.round(s.p95Ms)} ms  `}${formatDuration(s.durationMs)}`
  )
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
