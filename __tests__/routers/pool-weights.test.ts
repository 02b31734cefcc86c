import { describe, expect, test } from '@jest/globals'
import { colorShares, memberWeights } from '../../src/routers/pool-weights.js'
import { toPercentages } from '../../src/routers/traffic-router.js'

const pool = (color: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `${color}-${i + 1}`, address: `10.0.0.${i}:80` }))

describe('memberWeights', () => {
  test('a split is divided evenly over each color, exactly: 3 blue and 2 green at 95 / 5', () => {
    const pools = { blue: pool('blue', 3), green: pool('green', 2) }
    const w = memberWeights({ blue: 95, green: 5 }, pools)
    expect(w).toEqual({ 'blue-1': 190, 'blue-2': 190, 'blue-3': 190, 'green-1': 15, 'green-2': 15 })
    expect(toPercentages(colorShares(toPercentages(w), pools))).toEqual({ blue: 95, green: 5 })
  })

  test('all on one color takes the other out entirely', () => {
    const pools = { blue: pool('blue', 3), green: pool('green', 3) }
    expect(memberWeights({ blue: 0, green: 100 }, pools)).toEqual({
      'blue-1': 0,
      'blue-2': 0,
      'blue-3': 0,
      'green-1': 100,
      'green-2': 100,
      'green-3': 100
    })
  })

  test('under a cap (HAProxy: 256) the split stays close and no instance with a share drops to 0', () => {
    const pools = { blue: pool('blue', 4), green: pool('green', 3) }
    for (const canary of [1, 5, 20, 50]) {
      const w = memberWeights({ blue: 100 - canary, green: canary }, pools, 256)
      expect(Math.max(...Object.values(w))).toBeLessThanOrEqual(256)
      expect(Math.min(...Object.values(w))).toBeGreaterThan(0)
      const shares = toPercentages(colorShares(toPercentages(w), pools))
      expect(Math.abs(shares.green - canary)).toBeLessThan(0.5)
    }
  })
})
