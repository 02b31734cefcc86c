import { describe, expect, test } from '@jest/globals'
import { lnGamma } from '../../src/analysis/log-gamma.js'
import {
  EvidenceState,
  betaBinomialLogBF,
  crossed,
  START,
  updateEvidence,
  WindowCounts
} from '../../src/analysis/sequential-test.js'
import { seededRandom, simulateSecond } from '../support/simulation.js'

describe('lnGamma', () => {
  // Reference values: ln Γ(1/2) = ln √π; Γ(n) = (n−1)! computed exactly with BigInt for 10 and 100;
  // Γ(3/2) = √π / 2; Γ(1) = Γ(2) = 1.
  const factorial = (n: number): bigint => (n <= 1 ? 1n : BigInt(n) * factorial(n - 1))
  const lnBig = (x: bigint): number => {
    const digits = x.toString()
    return Math.log(Number(`0.${digits.slice(0, 17)}`)) + digits.length * Math.LN10
  }
  test.each([
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [1, 0],
    [2, 0],
    [1.5, Math.log(Math.sqrt(Math.PI) / 2)],
    [10, lnBig(factorial(9))],
    [100, lnBig(factorial(99))],
    [0.1, Math.log(9.513507698668732)] // Γ(0.1) from the reflection formula's published value
  ])('lnGamma(%f)', (x, expected) => {
    expect(lnGamma(x)).toBeCloseTo(expected, 10)
  })
  test('refuses x ≤ 0', () => {
    expect(() => lnGamma(0)).toThrow(RangeError)
  })
})

describe('betaBinomialLogBF', () => {
  // Independent check: for small counts the Bayes factor is a ratio of plain products,
  // Π(Kρ+i) Π(K(1−ρ)+j) / Π(K+k)  divided by  ρ^c (1−ρ)^b  (no gamma function involved).
  const direct = (c: number, b: number, rho: number, K: number): number => {
    let marginal = 1
    for (let i = 0; i < c; i++) marginal *= K * rho + i
    for (let j = 0; j < b; j++) marginal *= K * (1 - rho) + j
    for (let k = 0; k < c + b; k++) marginal /= K + k
    return Math.log(marginal / (Math.pow(rho, c) * Math.pow(1 - rho, b)))
  }
  test.each([
    [0, 0, 0.05],
    [3, 10, 0.05],
    [12, 20, 0.05],
    [5, 5, 0.2],
    [1, 40, 0.5]
  ])('c=%i b=%i ρ=%f matches the product form', (c, b, rho) => {
    expect(betaBinomialLogBF(c, b, rho, 100)).toBeCloseTo(direct(c, b, rho, 100), 9)
  })
})

describe('the counts e-process', () => {
  const window = (nc: number, c: number, nb: number, b: number): WindowCounts => ({
    canary: { requests: nc, events: c },
    baseline: { requests: nb, events: b }
  })

  test('no events, or no traffic on one side, carry no evidence', () => {
    expect(updateEvidence(START, window(100, 0, 1900, 0)).logE).toBe(0)
    expect(updateEvidence(START, window(0, 0, 1900, 20)).logE).toBe(0)
  })

  test('explains itself with totals and a p-value that only goes down', () => {
    let state = START
    const pValues: number[] = []
    for (let i = 0; i < 5; i++) {
      state = updateEvidence(state, window(100, 4, 1900, 19))
      pValues.push(state.pValue)
    }
    expect(state.canary).toEqual({ requests: 500, events: 20 })
    expect(state.baseline).toEqual({ requests: 9500, events: 95 })
    expect(pValues).toEqual([...pValues].sort((a, b) => b - a))
    expect(crossed(state, 0.01)).toBe(true)
  })

  test('property: the e-value is never negative and never NaN, whatever the counts', () => {
    const random = seededRandom(7)
    let state = START
    for (let i = 0; i < 2000; i++) {
      const nc = Math.floor(random() * 50)
      const nb = Math.floor(random() * 500)
      state = updateEvidence(
        state,
        window(nc, Math.floor(random() * (nc + 1)), nb, Math.floor(random() * (nb + 1)))
      )
      expect(Number.isFinite(state.logE)).toBe(true)
      expect(Math.exp(state.logE)).toBeGreaterThanOrEqual(0)
      expect(state.pValue).toBeGreaterThan(0)
      expect(state.pValue).toBeLessThanOrEqual(1)
    }
  })

  test('property: more canary events in a window never lower the evidence', () => {
    const random = seededRandom(11)
    for (let trial = 0; trial < 500; trial++) {
      let history = START
      for (let i = 0; i < 5; i++)
        history = updateEvidence(
          history,
          window(100, Math.floor(random() * 5), 1900, Math.floor(random() * 30))
        )
      const b = Math.floor(random() * 30)
      let previous = -Infinity
      for (let c = 0; c <= 10; c++) {
        const logE = updateEvidence(history, window(100, c, 1900, b)).logE
        expect(logE).toBeGreaterThanOrEqual(previous)
        previous = logE
      }
    }
  })

  test('a tolerance raises the bar: the same data carries less evidence', () => {
    const data = Array.from({ length: 20 }, () => window(100, 2, 1900, 19))
    const plain = data.reduce<EvidenceState>((s, w) => updateEvidence(s, w), START)
    const tolerant = data.reduce<EvidenceState>(
      (s, w) => updateEvidence(s, w, { relative: 0.5, absolute: 0 }),
      START
    )
    const absolute = data.reduce<EvidenceState>(
      (s, w) => updateEvidence(s, w, { relative: 0, absolute: 0.01 }),
      START
    )
    expect(tolerant.logE).toBeLessThan(plain.logE)
    expect(absolute.logE).toBeLessThan(plain.logE)
  })
})

/** One simulated canary: 200 req/s, canary share 5%, a look every second. Abort second, or undefined. */
function simulateCanary(
  seed: number,
  canaryP: number,
  baselineP: number,
  seconds: number,
  alpha: number
): number | undefined {
  const random = seededRandom(seed)
  let state = START
  for (let t = 1; t <= seconds; t++) {
    state = updateEvidence(state, simulateSecond(random, 200, 0.05, canaryP, baselineP))
    if (crossed(state, alpha)) return t
  }
  return undefined
}

describe('simulation (fixed seeds; 200 req/s, canary share 5%, baseline 1% errors, α = 0.01)', () => {
  test('healthy canaries: false aborts over an hour stay within α (tolerance: 2 standard errors)', () => {
    const runs = 300
    let aborted = 0
    for (let seed = 1; seed <= runs; seed++)
      if (simulateCanary(seed, 0.01, 0.01, 3600, 0.01) !== undefined) aborted++
    const rate = aborted / runs
    expect(rate).toBeLessThanOrEqual(0.01 + 2 * Math.sqrt((0.01 * 0.99) / runs))
  })

  test('a canary with triple the error rate is aborted in almost every run, within minutes', () => {
    const runs = 200
    const times = Array.from({ length: runs }, (_, i) =>
      simulateCanary(10_000 + i, 0.03, 0.01, 600, 0.01)
    )
    const aborted = times.filter((t): t is number => t !== undefined).sort((a, b) => a - b)
    expect(aborted.length / runs).toBeGreaterThanOrEqual(0.99)
    expect(aborted[Math.floor(aborted.length / 2)]).toBeLessThanOrEqual(60)
  })
})
