import { describe, expect, test } from '@jest/globals'
import { LatencyHistogram } from '../../src/metrics/latency-histogram.js'
import { fillQuery, readResult } from '../../src/metrics/prometheus-provider.js'
import { confirmationsNeeded } from '../../src/routers/traffic-probe.js'
import { nextCanaryAction, canaryWeights } from '../../src/strategies/canary.js'
import { measureWindow } from '../support/measure-window.js'

const window = measureWindow(30_000)

describe('Prometheus results', () => {
  test.each([
    [
      200,
      {
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: {}, value: [1, '0.25'] }] }
      },
      { phase: 'ok', value: 0.25 }
    ],
    [
      200,
      { status: 'success', data: { resultType: 'scalar', result: [1, '3'] } },
      { phase: 'ok', value: 3 }
    ],
    [200, { status: 'success', data: { resultType: 'vector', result: [] } }, { phase: 'no-data' }],
    [
      200,
      { status: 'success', data: { resultType: 'vector', result: [{ value: [1, 'NaN'] }] } },
      { phase: 'no-data' }
    ],
    [
      200,
      {
        status: 'success',
        data: { resultType: 'vector', result: [{ value: [1, '1'] }, { value: [1, '2'] }] }
      },
      { phase: 'error', message: expect.stringMatching(/returned 2 series; aggregate/) }
    ],
    [
      400,
      { status: 'error', error: 'parse error at char 5' },
      { phase: 'error', message: expect.stringMatching(/400: parse error/) }
    ],
    [
      200,
      { status: 'success', data: { resultType: 'matrix', result: [] } },
      { phase: 'error', message: expect.stringMatching(/unsupported result type matrix/) }
    ]
  ])('%i %j', (status, body, expected) => {
    expect(readResult(status, JSON.stringify(body))).toMatchObject(expected)
  })

  test('a body that is not JSON is an error, not a pass', () => {
    expect(readResult(502, '<html>bad gateway</html>')).toMatchObject({ phase: 'error' })
  })

  test('fills the window and both versions into the query', () => {
    expect(
      fillQuery(
        'rate(x{version="{{canary_version}}",c="{{ canary_color }}"}[{{window}}]) / rate(x{version="{{stable_version}}"}[{{window}}]) {{unknown}}',
        window
      )
    ).toBe('rate(x{version="v2",c="green"}[30s]) / rate(x{version="v1"}[30s]) {{unknown}}')
  })

  test('a rolling batch fills in the instance being judged', () => {
    const instance = {
      ...window,
      canary: { color: 'web-3', version: 'v2', address: '10.0.0.3:80' }
    }
    expect(fillQuery('x{instance="{{canary_address}}",name="{{canary_color}}"}', instance)).toBe(
      'x{instance="10.0.0.3:80",name="web-3"}'
    )
  })
})

describe('LatencyHistogram', () => {
  test('quantiles within a bucket of the truth, in fixed memory', () => {
    const h = new LatencyHistogram()
    for (let i = 1; i <= 1000; i++) h.add(i) // 1..1000 ms
    expect(h.quantile(0.5)).toBe(501)
    expect(h.quantile(0.95)).toBeGreaterThanOrEqual(950)
    expect(h.quantile(0.95)).toBeLessThanOrEqual(960)
    h.add(50_000)
    expect(h.quantile(1)).toBe(10_000)
    expect(new LatencyHistogram().quantile(0.5)).toBeUndefined()
  })
})

describe('canary decisions', () => {
  const steps = [
    { kind: 'weight' as const, weight: 10, bakeMs: 1 },
    { kind: 'pause' as const },
    { kind: 'weight' as const, weight: 100, bakeMs: 1 }
  ]
  test.each([
    [-1, false, { kind: 'shift', index: 0, weight: 10 }],
    [0, false, { kind: 'pause', index: 1 }],
    [0, true, { kind: 'shift', index: 2, weight: 100 }],
    [1, false, { kind: 'shift', index: 2, weight: 100 }],
    [2, false, { kind: 'complete' }]
  ])('after step %i (promoting %s)', (done, promoting, expected) => {
    expect(nextCanaryAction(steps, done, promoting)).toMatchObject(expected)
  })
  test('weights keep the rest on stable', () => {
    expect(canaryWeights('green', 5)).toEqual({ green: 5, blue: 95 })
  })
})

describe('confirmationsNeeded', () => {
  test.each([
    [0, 5],
    [0.5, 10],
    [0.9, 66],
    [0.99, 688],
    [0.999, 1000]
  ])('prior share %f → %i answers in a row', (share, needed) => {
    expect(confirmationsNeeded(share)).toBe(needed)
  })
})
