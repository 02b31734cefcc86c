import { parseDuration } from './duration.js'
import { wordList } from './lists.js'
import { quote } from './text-rules.js'

/** One step of a canary: send `weight`% of traffic to the new version and bake, or wait for a person. */
export type CanaryStep = { kind: 'weight'; weight: number; bakeMs: number } | { kind: 'pause' }

export const DEFAULT_STEPS = '1,5,20,50,100'
/** More steps than this is a typo or a generated list gone wrong. */
const MAX_STEPS = 100

/**
 * Parses a step list: "1, 5, 20, pause, 50, 100" (whole percentages, increasing, ending at 100;
 * "pause" waits for `promote`), or the same as a YAML list, an optional bake per step ("5@2m"),
 * or a preset: linear-10-every-1m (10, 20, ... 100, baking 1 min each), canary-10-then-100 (10,
 * then 100). Returns the steps or the reason they are wrong.
 */
export function parseCanarySteps(
  text: string,
  defaultBakeMs: number,
  /** canary-match is set: a first step of 0 ("internal") sends only matched requests. */
  internalFirst = false
): CanaryStep[] | string {
  const preset = presetSteps(text.trim(), defaultBakeMs)
  if (preset !== undefined) return preset
  const words = wordList(text, /[\s,]+/, { numbers: true })
  if (words === undefined)
    return 'a list must hold percentages and "pause", e.g. [1, 5, 20, pause, 100]'
  if (words.length === 0) return 'the list is empty; give percentages like 1, 5, 20, 50, 100'
  if (words.length > MAX_STEPS)
    return `${words.length} steps are too many; give at most ${MAX_STEPS}`
  const steps: CanaryStep[] = []
  let last = 0
  for (const [index, word] of words.entries()) {
    if (word === 'pause') {
      steps.push({ kind: 'pause' })
      continue
    }
    const internal = /^(internal|0)%?(?:@(.+))?$/.exec(word)
    if (internal && index === 0) {
      if (!internalFirst)
        return `a first step of ${internal[1]} sends no traffic; set canary-match (e.g. header:X-Canary) to send your own users first`
      const bakeMs = internal[2] === undefined ? defaultBakeMs : parseDuration(internal[2])
      if (bakeMs === undefined || bakeMs <= 0 || bakeMs > 24 * 3_600_000)
        return `${quote(internal[2])} in ${quote(word)} is not a bake duration up to 24h`
      steps.push({ kind: 'weight', weight: 0, bakeMs })
      continue
    }
    const match = /^(-?[\d.]+)%?(?:@(.+))?$/.exec(word)
    const weight = match ? Number(match[1]) : NaN
    if (!match || !Number.isFinite(weight))
      return `${quote(word)} is neither a percentage nor "pause"`
    if (weight <= 0 || weight > 100) return `${weight} is outside 0 < weight ≤ 100`
    // The routers split traffic in whole percent: 0.4 would send nothing while the log said 0.4%.
    if (!Number.isInteger(weight))
      return `${weight} is not a whole percentage; the routers split traffic in steps of 1%, so use ${Math.max(1, Math.round(weight))}`
    if (weight <= last) return `steps must increase: ${weight} comes after ${last}`
    const bakeMs = match[2] === undefined ? defaultBakeMs : parseDuration(match[2])
    if (bakeMs === undefined || bakeMs <= 0 || bakeMs > 24 * 3_600_000)
      return `${quote(match[2])} in ${quote(word)} is not a bake duration up to 24h (e.g. 5@2m)`
    steps.push({ kind: 'weight', weight, bakeMs })
    last = weight
  }
  if (last !== 100)
    return `the last weight must be 100 (the new version takes all traffic), not ${last}`
  if (steps[0].kind === 'pause')
    return 'a canary cannot start with a pause: the first step sends traffic'
  return steps
}

function presetSteps(text: string, defaultBakeMs: number): CanaryStep[] | undefined {
  const linear = /^linear-(\d+)-every-(\w+)$/.exec(text)
  if (linear) {
    const increment = Number(linear[1])
    const bakeMs = parseDuration(linear[2])
    if (increment <= 0 || increment > 100 || bakeMs === undefined || bakeMs > 24 * 3_600_000)
      return undefined
    const steps: CanaryStep[] = []
    for (let w = increment; w < 100; w += increment)
      steps.push({ kind: 'weight', weight: w, bakeMs })
    steps.push({ kind: 'weight', weight: 100, bakeMs })
    return steps
  }
  const twoStep = /^canary-(\d+)-then-100$/.exec(text)
  if (twoStep) {
    const weight = Number(twoStep[1])
    if (weight <= 0 || weight >= 100) return undefined
    return [
      { kind: 'weight', weight, bakeMs: defaultBakeMs },
      { kind: 'weight', weight: 100, bakeMs: defaultBakeMs }
    ]
  }
  return undefined
}

/** "1 → 5 → pause → 100" for plans and summaries. */
export function describeSteps(steps: readonly CanaryStep[]): string {
  return steps.map(s => (s.kind === 'pause' ? 'pause' : `${s.weight}%`)).join(' → ')
}
