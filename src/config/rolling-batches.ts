import { quote } from './text-rules.js'

/**
 * Batch sizing for rolling updates, in the spirit of Kubernetes: a count ("2") or a share of the
 * fleet ("25%"). Pure; returns the resolved count or the reason the value is wrong.
 */
export type CountSpec = { kind: 'count'; value: number } | { kind: 'percent'; value: number }

export const ROLLING_PRESETS = ['one-at-a-time', 'half-at-a-time'] as const
export type RollingPreset = (typeof ROLLING_PRESETS)[number]

export function parseCountSpec(text: string): CountSpec | string {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text)
  if (!match) return `${quote(text)} is neither a count (2) nor a percentage (25%)`
  const value = Number(match[1])
  if (match[2] === '%') {
    if (value <= 0 || value > 100) return `${value}% is outside 0% < share ≤ 100%`
    return { kind: 'percent', value }
  }
  if (!Number.isInteger(value)) return `${value} is not a whole number of instances`
  if (value === 0) return '0 instances per batch would never update anything; give 1 or more'
  return { kind: 'count', value }
}

/**
 * Resolves a spec against a fleet of `total`. Percentages of max-unavailable round down (as in
 * Kubernetes, so the limit is never exceeded) and batch sizes round up; both are at least 1.
 */
export function resolveCount(spec: CountSpec, total: number, round: 'down' | 'up'): number {
  if (spec.kind === 'count') return spec.value
  const exact = (spec.value * total) / 100
  const rounded = round === 'down' ? Math.floor(exact + 1e-9) : Math.ceil(exact - 1e-9)
  return Math.max(1, rounded)
}

/** What a preset sets: batch size and max unavailable alike. */
export function presetCount(preset: RollingPreset, total: number): number {
  return preset === 'one-at-a-time' ? 1 : Math.max(1, Math.floor(total / 2))
}

/** The instances in order, cut into batches of `size`. */
export function planBatches(names: readonly string[], size: number): string[][] {
  const batches: string[][] = []
  for (let i = 0; i < names.length; i += size) batches.push(names.slice(i, i + size))
  return batches
}
