import { answeredBy } from '../__tests__/support/lab.js'

/**
 * Runs `act` (a switch to `target`) while one client sends fresh requests back to back through
 * every front; returns how long `act` took and when, from its start, the answers became all
 * `target` for good (the first answer after the last one from elsewhere). Measures only.
 */
export async function timeToAllNew(
  fronts: readonly string[],
  target: string,
  act: () => Promise<void>,
  settleMs = 300
): Promise<{ commandMs: number; allNewMs: number }> {
  const samples: { at: number; color: string }[] = []
  const started = performance.now()
  let done = false
  const poller = (async () => {
    while (!done)
      for (const url of fronts) {
        const at = performance.now() - started
        samples.push({ at, color: await answeredBy(url).catch(() => 'error') })
      }
  })()
  let commandMs = 0
  try {
    await act()
  } finally {
    commandMs = performance.now() - started
    await new Promise(r => setTimeout(r, settleMs))
    done = true
    await poller
  }
  return { commandMs, allNewMs: allNewAfter(samples, target) }
}

/** The time of the first sample after the last one not from `target` (NaN: never all on it). */
export function allNewAfter(
  samples: readonly { at: number; color: string }[],
  target: string
): number {
  let lastOther = -1
  samples.forEach((s, i) => {
    if (s.color !== target) lastOther = i
  })
  return samples[lastOther + 1]?.at ?? Number.NaN
}
