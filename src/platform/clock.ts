/** Time, behind an interface so waits can be tested without waiting. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
  isoNow(): string
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
  isoNow: () => new Date().toISOString()
}
