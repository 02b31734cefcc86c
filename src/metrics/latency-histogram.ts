/**
 * Latencies in fixed buckets: 1 ms wide up to 1 s, 10 ms up to 10 s, then one overflow bucket.
 * Memory stays the same however many requests a probe sends (no array of samples).
 */
export class LatencyHistogram {
  private readonly fine = new Uint32Array(1000)
  private readonly coarse = new Uint32Array(900)
  private overflow = 0
  count = 0

  add(ms: number): void {
    this.count++
    if (ms < 1000) this.fine[Math.max(0, Math.floor(ms))]++
    else if (ms < 10_000) this.coarse[Math.floor((ms - 1000) / 10)]++
    else this.overflow++
  }

  /** The q-quantile in ms (upper edge of its bucket); undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined
    const rank = Math.max(1, Math.ceil(q * this.count))
    let seen = 0
    for (let i = 0; i < this.fine.length; i++) if ((seen += this.fine[i]) >= rank) return i + 1
    for (let i = 0; i < this.coarse.length; i++)
      if ((seen += this.coarse[i]) >= rank) return 1000 + (i + 1) * 10
    return 10_000
  }

  /** How many recorded latencies were above `ms` (to bucket resolution). */
  countAbove(ms: number): number {
    let above = this.overflow
    for (let i = 0; i < this.coarse.length; i++) if (1000 + i * 10 >= ms) above += this.coarse[i]
    for (let i = 0; i < this.fine.length; i++) if (i >= ms) above += this.fine[i]
    return above
  }
}
