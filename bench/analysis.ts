// npm run bench: canary analysis methods side by side on simulated traffic (fixed seeds, 1000 runs
// per cell): 200 req/s, canary share 5%, baseline 1% errors. Writes bench/results/analysis.json
// and analysis.md. Reproducible: same seeds, same table.
import { writeFileSync } from 'node:fs'
import { benchRun } from './run-id.js'
import { analysisTable } from './tables.js'
import path from 'node:path'
import {
  crossed,
  EvidenceState,
  START,
  updateEvidence,
  WindowCounts
} from '../src/analysis/sequential-test.js'
import { seededRandom, simulateSecond } from '../__tests__/support/simulation.js'
import { median, quantile, round, wilson95 } from './stats.js'
import { RolloutSetup, simulateRollout } from './rollout-simulation.js'

const ROOT = path.resolve(import.meta.dirname, '..')
const RUNS = 1000
const HOUR = 3600
const RATE = 200
const SHARE = 0.05
const BASELINE = 0.01
const ALPHA = 0.01

/** Standard normal upper quantiles used by the z-test. */
const Z_ALPHA = 2.3263 // one-sided 0.01
const Z_BETA = 1.6449 // power 0.95

/** Canary requests a fixed-horizon two-proportion z-test needs for power 0.95 at 3% vs 1%. */
function zTestCanaryRequests(pc: number, pb: number): number {
  const k = (1 - SHARE) / SHARE
  const pBar = (pc + k * pb) / (1 + k)
  const a = Z_ALPHA * Math.sqrt(pBar * (1 - pBar) * (1 + 1 / k))
  const b = Z_BETA * Math.sqrt(pc * (1 - pc) + (pb * (1 - pb)) / k)
  return Math.ceil(((a + b) / (pc - pb)) ** 2)
}

type Method = {
  name: string
  /** Fresh state for one run; returns the decision function called every second with that second's counts. */
  start(): (second: number, counts: WindowCounts) => boolean
}

const sequential = (windowSeconds: number): Method => ({
  name: `this test (α 0.01, counts every ${windowSeconds} s)`,
  start() {
    let state: EvidenceState = START
    let pending: WindowCounts = empty()
    return (second, counts) => {
      pending = add(pending, counts)
      if (second % windowSeconds !== 0) return false
      state = updateEvidence(state, pending)
      pending = empty()
      return (
        crossed(state, ALPHA) &&
        state.canary.events / Math.max(1, state.canary.requests) >
          state.baseline.events / Math.max(1, state.baseline.requests)
      )
    }
  }
})

const HORIZON_REQUESTS = zTestCanaryRequests(0.03, BASELINE)
const zTest: Method = {
  name: `fixed-horizon z-test (α 0.01 one-sided, power 0.95 at 3%: ${HORIZON_REQUESTS} canary requests, one look)`,
  start() {
    let total = empty()
    let looked = false
    return (_second, counts) => {
      total = add(total, counts)
      if (looked || total.canary.requests < HORIZON_REQUESTS) return false
      looked = true
      const pc = total.canary.events / total.canary.requests
      const pb = total.baseline.events / total.baseline.requests
      const pooled =
        (total.canary.events + total.baseline.events) /
        (total.canary.requests + total.baseline.requests)
      const se = Math.sqrt(
        pooled * (1 - pooled) * (1 / total.canary.requests + 1 / total.baseline.requests)
      )
      return se > 0 && (pc - pb) / se > Z_ALPHA
    }
  }
}

const threshold = (everySeconds: number): Method => ({
  name: `threshold: error rate > 2% over 60 s, checked every ${everySeconds} s`,
  start() {
    const lastMinute: WindowCounts[] = []
    return (second, counts) => {
      lastMinute.push(counts)
      if (lastMinute.length > 60) lastMinute.shift()
      if (second < 60 || second % everySeconds !== 0) return false
      const sum = lastMinute.reduce(add, empty())
      return sum.canary.requests > 0 && sum.canary.events / sum.canary.requests > 0.02
    }
  }
})

const METHODS = [sequential(1), sequential(10), zTest, threshold(10), threshold(60)]

function empty(): WindowCounts {
  return { canary: { requests: 0, events: 0 }, baseline: { requests: 0, events: 0 } }
}
function add(a: WindowCounts, b: WindowCounts): WindowCounts {
  return {
    canary: {
      requests: a.canary.requests + b.canary.requests,
      events: a.canary.events + b.canary.events
    },
    baseline: {
      requests: a.baseline.requests + b.baseline.requests,
      events: a.baseline.events + b.baseline.events
    }
  }
}

/** Runs every method on the same simulated hour; returns the abort second per method (undefined: never). */
function simulate(
  seed: number,
  canaryP: number,
  baselineP: number,
  seconds: number
): (number | undefined)[] {
  const random = seededRandom(seed)
  const deciders = METHODS.map(m => m.start())
  const aborted: (number | undefined)[] = METHODS.map(() => undefined)
  for (let t = 1; t <= seconds && aborted.some(a => a === undefined); t++) {
    const counts = simulateSecond(random, RATE, SHARE, canaryP, baselineP)
    deciders.forEach((decide, i) => {
      if (aborted[i] === undefined && decide(t, counts)) aborted[i] = t
    })
  }
  return aborted
}

function cell(canaryP: number, baselineP: number, seedBase: number) {
  const results = Array.from({ length: RUNS }, (_, run) =>
    simulate(seedBase + run, canaryP, baselineP, HOUR)
  )
  return METHODS.map((method, i) => {
    const times = results.map(r => r[i])
    const aborts = times.filter((t): t is number => t !== undefined)
    return {
      method: method.name,
      abortedWithinHour: round(aborts.length / RUNS, 3),
      abortedWithin10Min: round(aborts.filter(t => t <= 600).length / RUNS, 3),
      medianSeconds: aborts.length ? median(aborts) : null,
      p95Seconds: aborts.length ? round(quantile(aborts, 0.95)) : null
    }
  })
}

console.log(`bench: analysis simulation, ${RUNS} runs per cell ...`)
const started = performance.now()
const healthy = cell(BASELINE, BASELINE, 1)
const worse = {
  '1.5%': cell(0.015, BASELINE, 100_000),
  '2%': cell(0.02, BASELINE, 200_000),
  '3%': cell(0.03, BASELINE, 300_000)
}
// Latency ×1.3 on a lognormal baseline (median 100 ms, σ 0.5); L = the baseline p95 (227.6 ms).
// Slow events: baseline P(X > L) = 5%; canary P(1.3·X > L) = 1 − Φ((ln(L/1.3) − ln 100)/0.5) = 13.1%.
const latency = { slower: cell(0.1314, 0.05, 400_000), same: cell(0.05, 0.05, 500_000) }

// Whole rollouts (steps 1, 5, 20, 50, 100; an errors gate and a "slower than L" gate sharing
// α 0.01), judged window by window by the product's compare-gate code with evidence carried
// across steps. Healthy: both versions 1% errors and 0.1% slower than L (L = the baseline's
// p99.9, as the nginx-log gate takes it once it has seen 1,000 baseline answers).
const SLOWER_THAN_L = 0.001
const HEALTHY_ROLLOUTS = 10_000
const BAD_ROLLOUTS = 1000
const ROLLOUT: Omit<RolloutSetup, 'windowSeconds' | 'canary'> = {
  steps: [1, 5, 20, 50, 100],
  bakeSeconds: 60,
  rate: RATE,
  alpha: ALPHA,
  baseline: { errors: BASELINE, slow: SLOWER_THAN_L }
}
function rollouts(
  windowSeconds: number,
  canary: RolloutSetup['canary'],
  runs: number,
  seed: number
) {
  const results = Array.from({ length: runs }, (_, i) =>
    simulateRollout({ ...ROLLOUT, windowSeconds, canary }, seed + i)
  )
  const aborted = results.filter(r => r.abortedAt !== undefined)
  const times = aborted.map(r => r.abortedAt as number)
  const [low, high] = wilson95(aborted.length, runs)
  const byStep: Record<string, number> = {}
  for (const r of aborted) byStep[`${r.step}%`] = (byStep[`${r.step}%`] ?? 0) + 1
  return {
    runs,
    aborted: aborted.length,
    abortRate: round(aborted.length / runs, 4),
    abortRate95: [round(low, 4), round(high, 4)],
    medianSecondsToAbort: times.length ? median(times) : null,
    p95SecondsToAbort: times.length ? round(quantile(times, 0.95)) : null,
    abortsByStep: byStep,
    medianCanaryRequestsBeforeAbort: aborted.length
      ? median(aborted.map(r => r.canaryRequests))
      : null
  }
}
const wholeRollouts = Object.fromEntries(
  [10, 2].map(windowSeconds => [
    `${windowSeconds}s windows`,
    {
      healthy: rollouts(
        windowSeconds,
        { errors: BASELINE, slow: SLOWER_THAN_L },
        HEALTHY_ROLLOUTS,
        600_000
      ),
      errors3pct: rollouts(
        windowSeconds,
        { errors: 0.03, slow: SLOWER_THAN_L },
        BAD_ROLLOUTS,
        700_000
      ),
      // +500 ms on 3% of requests: those are all slower than L (the baseline's p99.9, well under
      // 500 ms), the other 97% as slow as the baseline's.
      slowTail: rollouts(
        windowSeconds,
        { errors: BASELINE, slow: SLOWER_THAN_L * 0.97 + 0.03 },
        BAD_ROLLOUTS,
        800_000
      )
    }
  ])
)

const result = {
  ...benchRun(),
  runs: RUNS,
  setup: {
    rate: RATE,
    canaryShare: SHARE,
    baselineErrorRate: BASELINE,
    alpha: ALPHA,
    zTestHorizonCanaryRequests: HORIZON_REQUESTS
  },
  healthy,
  worse,
  latency,
  rollouts: {
    setup: { ...ROLLOUT, healthyRuns: HEALTHY_ROLLOUTS, badRuns: BAD_ROLLOUTS },
    ...wholeRollouts
  },
  seconds: round((performance.now() - started) / 1000)
}
writeFileSync(
  path.join(ROOT, 'bench/results/analysis.json'),
  `${JSON.stringify(result, null, 2)}\n`
)

console.log(analysisTable(result).join('\n'))
console.log(`(${result.seconds} s)`)
