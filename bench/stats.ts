/** Small statistics for benchmark reports. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low)
}

export const median = (values: readonly number[]): number => quantile(values, 0.5)

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

/**
 * 95% interval for a proportion (Wilson score): honest at 0 events, where the normal
 * approximation claims certainty.
 */
export function wilson95(events: number, runs: number): [number, number] {
  if (runs === 0) return [0, 1]
  const z = 1.96
  const p = events / runs
  const denominator = 1 + (z * z) / runs
  const centre = (p + (z * z) / (2 * runs)) / denominator
  const half = (z * Math.sqrt((p * (1 - p)) / runs + (z * z) / (4 * runs * runs))) / denominator
  return [Math.max(0, centre - half), Math.min(1, centre + half)]
}
