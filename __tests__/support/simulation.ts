/** Seeded randomness for reproducible simulations (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Binomial(n, p) by inversion: fast when n·p is small, as error counts per second are. */
export function binomial(random: () => number, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0
  if (p >= 1) return n
  if (n * p > 50) {
    // Normal approximation for the rare large case (not used by the error simulations).
    const z = Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random())
    return Math.max(0, Math.min(n, Math.round(n * p + z * Math.sqrt(n * p * (1 - p)))))
  }
  const q = 1 - p
  let probability = Math.pow(q, n)
  let cumulative = probability
  const u = random()
  let k = 0
  while (u > cumulative && k < n) {
    probability *= ((n - k) / (k + 1)) * (p / q)
    cumulative += probability
    k++
  }
  return k
}

/** One second of traffic: requests split between canary and baseline at random, events per version. */
export interface Second {
  canary: { requests: number; events: number }
  baseline: { requests: number; events: number }
}

export function simulateSecond(
  random: () => number,
  rate: number,
  share: number,
  canaryP: number,
  baselineP: number
): Second {
  const canaryRequests = binomial(random, rate, share)
  const baselineRequests = rate - canaryRequests
  return {
    canary: { requests: canaryRequests, events: binomial(random, canaryRequests, canaryP) },
    baseline: { requests: baselineRequests, events: binomial(random, baselineRequests, baselineP) }
  }
}
