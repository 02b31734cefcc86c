/**
 * Where one command's time goes, in ms since the process started (performance.now()): the
 * entry marks when its bundle was loaded, run.ts when settings were read and the command began
 * and ended, and the report's steps say when each began. PD_TIMING=1 prints it; the benchmark
 * reads it to show what a switch costs beyond the swap itself.
 */
const marks: Record<string, number> = {}
let steps: { name: string; startMs: number; durationMs: number }[] = []

export function mark(name: string): void {
  marks[name] = Math.round(performance.now() * 10) / 10
}

export function markSteps(
  list: readonly { name: string; startedAtMs: number; durationMs: number }[]
): void {
  steps = list.map(s => ({
    name: s.name,
    startMs: Math.round(s.startedAtMs * 10) / 10,
    durationMs: Math.round(s.durationMs * 10) / 10
  }))
}

export function timeline(): Record<string, unknown> {
  return { ...marks, steps }
}
