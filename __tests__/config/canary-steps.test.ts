import { describe, expect, test } from '@jest/globals'
import { describeSteps, parseCanarySteps } from '../../src/config/canary-steps.js'

const bake = 60_000

describe('parseCanarySteps', () => {
  test('the default list, pauses and per-step bake times', () => {
    expect(parseCanarySteps('1,5,20,50,100', bake)).toEqual(
      [1, 5, 20, 50, 100].map(weight => ({ kind: 'weight', weight, bakeMs: bake }))
    )
    expect(parseCanarySteps('5%, pause, 20@2m 100', bake)).toEqual([
      { kind: 'weight', weight: 5, bakeMs: bake },
      { kind: 'pause' },
      { kind: 'weight', weight: 20, bakeMs: 120_000 },
      { kind: 'weight', weight: 100, bakeMs: bake }
    ])
  })

  test('with canary-match, a first step of 0 (internal) sends only matched requests', () => {
    expect(parseCanarySteps('internal@10m, 5, 100', bake, true)).toEqual([
      { kind: 'weight', weight: 0, bakeMs: 600_000 },
      { kind: 'weight', weight: 5, bakeMs: bake },
      { kind: 'weight', weight: 100, bakeMs: bake }
    ])
    expect(parseCanarySteps('0, 100', bake, true)).toMatchObject([{ weight: 0 }, { weight: 100 }])
    expect(parseCanarySteps('5, 0, 100', bake, true)).toMatch(/0 is outside/)
  })

  test('presets', () => {
    const linear = parseCanarySteps('linear-25-every-30s', bake)
    expect(describeSteps(linear as never)).toBe('25% → 50% → 75% → 100%')
    expect((linear as { bakeMs: number }[]).every(s => s.bakeMs === 30_000)).toBe(true)
    expect(describeSteps(parseCanarySteps('linear-30-every-1m', bake) as never)).toBe(
      '30% → 60% → 90% → 100%'
    )
    expect(parseCanarySteps('canary-10-then-100', bake)).toEqual([
      { kind: 'weight', weight: 10, bakeMs: bake },
      { kind: 'weight', weight: 100, bakeMs: bake }
    ])
  })

  test.each([
    ['', /the list is empty/],
    ['5, 1, 100', /steps must increase: 1 comes after 5/],
    ['5, 5, 100', /steps must increase: 5 comes after 5/],
    ['5, 150', /150 is outside 0 < weight ≤ 100/],
    ['-5, 100', /-5 is outside/],
    ['0, 100', /a first step of 0 sends no traffic; set canary-match/],
    ['5, 0, 100', /0 is outside/],
    ['internal, 100', /a first step of internal sends no traffic/],
    ['five, 100', /"five" is neither a percentage nor "pause"/],
    ['5, 50', /the last weight must be 100/],
    ['pause, 50, 100', /cannot start with a pause/],
    ['5@soon, 100', /"soon" in "5@soon" is not a bake duration/],
    ['linear-0-every-1m', /"linear-0-every-1m" is neither/],
    ['canary-100-then-100', /is neither/]
  ])('%j is refused: %s', (text, message) => {
    const result = parseCanarySteps(text, bake)
    expect(typeof result).toBe('string')
    expect(result).toMatch(message)
  })
})
