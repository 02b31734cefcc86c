/** Time, behind an interface so waits can be tested without waiting. */
export interface Clock {
  now(): number
  /** Resolves after `ms`, or at once when `signal` aborts (an analysis window cut short). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  isoNow(): string
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise(resolve => {
      if (signal?.aborted) return resolve()
      const timer = setTimeout(done, ms)
      function done(): void {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      signal?.addEventListener('abort', done, { once: true })
    }),
  isoNow: () => new Date().toISOString()
}
