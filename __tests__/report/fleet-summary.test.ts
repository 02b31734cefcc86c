import { describe, expect, test } from '@jest/globals'
import { renderFleet } from '../../src/report/fleet-summary.js'
import { FleetColumn } from '../../src/report/report.js'

const column = (label: string, atMs: number, cells: Record<string, string>): FleetColumn => ({
  label,
  atMs,
  instances: Object.fromEntries(
    Object.entries(cells).map(([name, v]) => [
      name,
      { version: v.replace(' drained', '').replace('?', ''), inRotation: !v.endsWith(' drained') }
    ])
  )
})

describe('the fleet table', () => {
  test('under its heading; a moment equal to the one before is folded into it; no legend without marks', () => {
    const md = renderFleet(
      [
        column('start', 0, { 'recs-1': 'v1', 'recs-2': 'v1' }),
        column('batch 1/2', 1000, { 'recs-1': 'v2', 'recs-2': 'v1' }),
        column('batch 2/2', 2000, { 'recs-1': 'v2', 'recs-2': 'v2' }),
        column('end', 2000, { 'recs-1': 'v2', 'recs-2': 'v2' })
      ],
      { 'recs-1': '10.0.0.1:80', 'recs-2': '10.0.0.2:80' }
    )
    expect(md[0]).toBe('### Fleet: version per instance')
    expect(md[2]).toBe(
      '| instance | address | start (0 ms) | batch 1/2 (1.0 s) | batch 2/2 · end (2.0 s) |'
    )
    expect(md).toContain('| recs-1 | 10.0.0.1:80 | v1 | v2 | v2 |')
    expect(md.join('\n')).not.toMatch(/drained|_\?_/)
  })

  test('the legend explains exactly the marks the table uses', () => {
    const md = renderFleet([
      column('start', 0, { 'recs-1': '?', 'recs-2': '?' }),
      column('failed', 1000, { 'recs-1': 'v2 drained', 'recs-2': '?' })
    ]).join('\n')
    expect(md).toContain('| recs-1 | ? | v2 (drained) |')
    expect(md).toContain('_(drained)_: out of rotation')
    expect(md).toContain('_?_: no version recorded for the instance (progressive-deploy has not')
  })
})
