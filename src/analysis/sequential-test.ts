import { lnGamma } from './log-gamma.js'

/**
 * Anytime-valid test of "the canary's event rate (errors, or requests slower than L) is no higher
 * than the baseline's", on counts from both versions over the same windows (Lindon & Malek 2022;
 * ../shared/ANALYSIS-NOTES.md). Under that null, an event lands on the canary with probability ρ =
 * the canary's measured share of requests. Each window multiplies the e-value by the likelihood
 * ratio of θ (a plug-in alternative fitted on earlier windows only, never below the null) against
 * ρ: a test martingale, so by Ville's inequality P(E ever ≥ 1/α) ≤ α however often we look.
 */
export interface WindowCounts {
  canary: { requests: number; events: number }
  baseline: { requests: number; events: number }
}

export interface Tolerance {
  /** Abort only when the canary's rate is above baseline × (1 + relative) ... */
  relative: number
  /** ... and above baseline + absolute (a fraction, 0.005 = half a point). */
  absolute: number
}

export interface EvidenceState {
  /** ln of the e-value so far (0 at the start). */
  logE: number
  /** Running minimum of min(1, 1/E): the sequential p-value. */
  pValue: number
  /** Totals since the step began. */
  canary: { requests: number; events: number }
  baseline: { requests: number; events: number }
}

export const START: EvidenceState = {
  logE: 0,
  pValue: 1,
  canary: { requests: 0, events: 0 },
  baseline: { requests: 0, events: 0 }
}

/** Pseudo-counts that keep the plug-in rate ratio finite and modest on little data. */
const PRIOR_EVENTS = 0.5
/** The plug-in alternative never assumes more than this rate ratio (keeps single windows from dominating). */
const MAX_RATIO = 20

/** Adds one window's counts to the evidence. Pure. */
export function updateEvidence(
  state: EvidenceState,
  window: WindowCounts,
  tolerance: Tolerance = { relative: 0, absolute: 0 }
): EvidenceState {
  const nc = window.canary.requests
  const nb = window.baseline.requests
  const c = window.canary.events
  const b = window.baseline.events
  let logE = state.logE
  if (nc > 0 && nb > 0 && c + b > 0) {
    const rho = nc / (nc + nb)
    const nullRatio = nullRateRatio(state, tolerance)
    const rho0 = share(rho, nullRatio)
    const ratio = Math.max(nullRatio, plugInRatio(state))
    const theta = share(rho, ratio)
    logE += c * Math.log(theta / rho0) + b * Math.log((1 - theta) / (1 - rho0))
  }
  return {
    logE,
    pValue: Math.min(state.pValue, Math.min(1, Math.exp(-logE))),
    canary: { requests: state.canary.requests + nc, events: state.canary.events + c },
    baseline: { requests: state.baseline.requests + nb, events: state.baseline.events + b }
  }
}

/** P(an event comes from the canary) when its rate is `ratio` × the baseline's and it has share ρ. */
function share(rho: number, ratio: number): number {
  return (rho * ratio) / (1 - rho + rho * ratio)
}

/** The rate ratio estimated from earlier windows (smoothed), at least 1. */
function plugInRatio(state: EvidenceState): number {
  const canaryRate = (state.canary.events + PRIOR_EVENTS) / (state.canary.requests + 1)
  const baselineRate = (state.baseline.events + PRIOR_EVENTS) / (state.baseline.requests + 1)
  return Math.min(MAX_RATIO, Math.max(1, canaryRate / baselineRate))
}

/**
 * The largest rate ratio the null allows: 1 + relative, and enough for + absolute at the
 * baseline rate seen so far (earlier windows only, so the test stays valid).
 */
function nullRateRatio(state: EvidenceState, tolerance: Tolerance): number {
  const relative = 1 + tolerance.relative
  if (tolerance.absolute <= 0) return relative
  const baselineRate = (state.baseline.events + PRIOR_EVENTS) / (state.baseline.requests + 1)
  return Math.max(relative, (baselineRate + tolerance.absolute) / baselineRate)
}

/** True when the evidence says "canary worse" at level α. */
export function crossed(state: EvidenceState, alpha: number): boolean {
  return state.logE >= Math.log(1 / alpha)
}

/**
 * The fixed-share variant from the notes: Bayes factor of a Beta(Kρ, K(1−ρ)) prior on the
 * canary's share of events against ρ, for c canary and b baseline events. Abort when
 * logBF ≥ ln(1/α) and c/n > ρ. Used for reference and tests.
 */
export function betaBinomialLogBF(c: number, b: number, rho: number, K = 100): number {
  const n = c + b
  return (
    lnGamma(K) -
    lnGamma(K + n) +
    lnGamma(K * rho + c) -
    lnGamma(K * rho) +
    lnGamma(K * (1 - rho) + b) -
    lnGamma(K * (1 - rho)) -
    c * Math.log(rho) -
    b * Math.log(1 - rho)
  )
}
