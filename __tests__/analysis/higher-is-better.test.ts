import { describe, expect, test } from '@jest/globals'
import { judgeAgainstBaseline } from '../../src/analysis/judge-baseline.js'
import { parseMetrics } from '../../src/config/parse-metrics.js'
import { Measurement } from '../../src/metrics/metric-spec.js'
import { gateSpec } from '../support/gate-spec.js'

const clickThrough = gateSpec({
  name: 'click-through',
  compare: 'baseline',
  direction: 'higher-is-better',
  requestsQuery: 'sum by (version) (recommendations_shown_total)',
  eventsQuery: 'sum by (version) (recommendation_clicks_total)'
})

/** Windows of `trials` per side with these click rates. */
function windows(
  n: number,
  trials: number,
  canaryRate: number,
  baselineRate: number
): Measurement[] {
  return Array.from({ length: n }, () => ({
    phase: 'ok' as const,
    message: '',
    counts: {
      canary: { requests: trials, events: Math.round(trials * canaryRate) },
      baseline: { requests: trials, events: Math.round(trials * baselineRate) }
    }
  }))
}

describe('business gates: higher is better', () => {
  test('a canary with 20% lower click-through is aborted, and the verdict says it in its own terms', () => {
    const verdict = judgeAgainstBaseline(clickThrough, windows(20, 400, 0.08, 0.1), false)
    expect(verdict.outcome).toBe('fail')
    expect(verdict.reason).toMatch(
      /^click-through: canary 640\/8000 click-through \(8\.00%\) vs baseline 800\/8000 click-through \(10\.00%\).*→ the canary's click-through is lower than the baseline's: abort$/
    )
  })

  test('an equal one, or a better one, passes', () => {
    expect(judgeAgainstBaseline(clickThrough, windows(10, 400, 0.1, 0.1), true).outcome).toBe(
      'pass'
    )
    expect(judgeAgainstBaseline(clickThrough, windows(10, 400, 0.14, 0.1), true).outcome).toBe(
      'pass'
    )
  })

  test('only with counts against the baseline (prometheus, a command or a webhook)', () => {
    const problems: string[] = []
    parseMetrics(
      '[{name: ctr, provider: http, query: error-rate, compare: baseline, direction: higher-is-better}]',
      (field, message) => problems.push(`${field}: ${message}`)
    )
    expect(problems.join('\n')).toMatch(
      /direction: higher-is-better judges counts against the baseline: use it with compare: baseline and provider prometheus .*, command or webhook/
    )
  })
})
