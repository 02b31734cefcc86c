import { describe, expect, test } from '@jest/globals'
import { chartPoints, niceTop, renderCanaryCharts } from '../../src/report/canary-charts.js'
import { CanaryStepReport, WindowPoint } from '../../src/report/report.js'

function step(
  index: number,
  weight: number,
  windows: WindowPoint[],
  outcome: CanaryStepReport['outcome'] = 'pass'
): CanaryStepReport {
  return {
    startedAt: 1_000 + index * 20_000,
    index,
    total: 5,
    weight,
    outcome,
    reason: 'r',
    durationMs: windows[windows.length - 1]?.atMs ?? 0,
    windows
  }
}

/** The numbers of one series line of a chart (`line [..]` / `bar [..]`), in order of appearance. */
function series(markdown: string[], chartTitle: string): number[][] {
  const text = markdown.join('\n')
  const chart = text.split('```mermaid').find(c => c.includes(`title "${chartTitle}"`)) ?? ''
  return [...chart.matchAll(/^\s+(?:line|bar) \[(.*)\]$/gm)].map(m => m[1].split(', ').map(Number))
}

describe('canary charts', () => {
  test('a canary aborted in its first window still shows the 10% that aborted it, against the 1% limit', () => {
    const md = renderCanaryCharts(
      [step(0, 5, [{ atMs: 10_000, requests: 200, errorRate: 0.1, p95Ms: 40 }], 'fail')],
      { errorRate: 0.01 }
    )
    // Two points: what the one window measured held from its start to its end.
    expect(series(md, 'Error rate (%)')).toEqual([
      [10, 10],
      [1, 1]
    ])
    expect(md.join('\n')).toMatch(/x-axis "seconds since the first step began" \["0", "10"\]/)
    // The axis fits the values: 10% is not lost on a 0–100 scale, nor cut off.
    expect(md.join('\n')).toMatch(/y-axis "% of requests failed" 0 --> 20\n/)
    expect(md.join('\n')).toContain('**red**: the limit, 1%')
  })

  test('five steps: weight on its own chart; errors near a 1% limit on a scale that shows them; p95 from 0', () => {
    const weights = [1, 5, 20, 50, 100]
    const steps = weights.map((w, i) =>
      step(i, w, [
        { atMs: 10_000, errorRate: 0.004, p95Ms: 120 + i },
        { atMs: 20_000, errorRate: 0.006, baselineErrorRate: 0.005, p95Ms: 130 + i }
      ])
    )
    const md = renderCanaryCharts(steps, { errorRate: 0.01, p95Ms: 300 })
    const text = md.join('\n')
    expect(series(md, 'Share of traffic on the canary (%)')).toEqual([weights.flatMap(w => [w, w])])
    const [canary, limit, baseline] = series(md, 'Error rate (%)')
    expect(canary).toEqual(weights.flatMap(() => [0.4, 0.6]))
    expect(limit).toEqual(Array(10).fill(1))
    expect(baseline).toEqual(weights.flatMap(() => [0, 0.5]))
    expect(text).toMatch(/y-axis "% of requests failed" 0 --> 2\n/)
    expect(text).toMatch(/y-axis "ms" 0 --> 500\n/)
    expect(series(md, 'p95 latency (ms)')[1]).toEqual(Array(10).fill(300))
    // Each chart has its own palette and says which series is which.
    expect(text.match(/plotColorPalette/g)).toHaveLength(3)
    expect(text).toContain('**grey**: the baseline')
  })

  test('more windows than a chart can show: one point per step', () => {
    const windows = Array.from({ length: 30 }, (_, i) => ({ atMs: (i + 1) * 1000, errorRate: 0 }))
    const points = chartPoints([step(0, 5, windows), step(1, 50, windows), step(2, 100, windows)])
    expect(points.map(p => p.weight)).toEqual([5, 50, 100])
  })

  test('axis tops are round numbers above the largest value', () => {
    expect([0.1, 0.8, 1, 3, 10, 42, 380].map(niceTop)).toEqual([0.2, 1, 2, 5, 20, 100, 500])
  })
})
