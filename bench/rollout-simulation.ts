// Whole canary rollouts on simulated traffic, judged by the product's own compare-gate code
// (judgeAgainstBaseline with the evidence carried across steps) and its split of the error
// budget across gates (shareBudget). Pure apart from the seeded randomness.
import { evidenceAfter, judgeAgainstBaseline, START } from '../src/analysis/judge-baseline.js'
import { EvidenceState } from '../src/analysis/sequential-test.js'
import { shareBudget } from '../src/config/parse-canary.js'
import { Measurement } from '../src/metrics/metric-spec.js'
import { gateSpec } from '../__tests__/support/gate-spec.js'
import { binomial, seededRandom } from '../__tests__/support/simulation.js'

export interface RolloutSetup {
  steps: number[]
  bakeSeconds: number
  windowSeconds: number
  rate: number
  alpha: number
  /** Per request: an error, and (independently) slower than L. */
  baseline: { errors: number; slow: number }
  canary: { errors: number; slow: number }
}

export interface RolloutResult {
  /** Seconds from the start of the first step to the abort; undefined: completed. */
  abortedAt?: number
  /** The step (weight) that aborted. */
  step?: number
  gate?: string
  /** Requests the canary answered before the abort. */
  canaryRequests: number
}

/** The two gates of the bench, with the budget split as parse-canary splits it. */
export function rolloutGates(alpha: number) {
  const gates = [
    gateSpec({ name: 'errors', provider: 'nginx-log', compare: 'baseline', alpha: 0 }),
    gateSpec({
      name: 'slow',
      provider: 'nginx-log',
      compare: 'baseline',
      query: 'latency',
      alpha: 0
    })
  ]
  return shareBudget(gates, alpha, (field, message) => {
    throw new Error(`${field}: ${message}`)
  })
}

/** One rollout through every step, windows judged as the canary's bake judges them. */
export function simulateRollout(setup: RolloutSetup, seed: number): RolloutResult {
  const random = seededRandom(seed)
  const gates = rolloutGates(setup.alpha)
  const evidence: EvidenceState[] = gates.map(() => START)
  let canaryRequests = 0
  let second = 0
  for (const weight of setup.steps) {
    const share = weight / 100
    for (let w = 0; w < setup.bakeSeconds / setup.windowSeconds; w++) {
      const requests = setup.rate * setup.windowSeconds
      const toCanary = binomial(random, requests, share)
      const toBaseline = requests - toCanary
      canaryRequests += toCanary
      second += setup.windowSeconds
      for (let g = 0; g < gates.length; g++) {
        const kind = g === 0 ? 'errors' : 'slow'
        const window: Measurement =
          toBaseline === 0 || toCanary === 0
            ? { phase: 'no-data', message: 'one side took no traffic' }
            : {
                phase: 'ok',
                message: '',
                counts: {
                  canary: {
                    requests: toCanary,
                    events: binomial(random, toCanary, setup.canary[kind])
                  },
                  baseline: {
                    requests: toBaseline,
                    events: binomial(random, toBaseline, setup.baseline[kind])
                  }
                }
              }
        const verdict = judgeAgainstBaseline(gates[g], [window], false, evidence[g], weight === 100)
        if (verdict.outcome === 'fail')
          return { abortedAt: second, step: weight, gate: gates[g].name, canaryRequests }
        evidence[g] = evidenceAfter(gates[g], [window], evidence[g])
      }
    }
  }
  return { canaryRequests }
}
