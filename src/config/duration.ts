/** Parses "500ms", "30s", "2m", "1h" or a bare number of seconds into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text)
  if (!match) return undefined
  const value = Number(match[1])
  const unit = match[2] ?? 's'
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit] as number
  return Math.round(value * factor)
}

/** Readable form of a duration in milliseconds, for logs and summaries. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const minutes = Math.floor(ms / 60_000)
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`
}
