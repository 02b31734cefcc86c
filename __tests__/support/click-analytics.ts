import http from 'node:http'

type Tally = Record<string, { shown: number; clicks: number }>

/**
 * An analytics system's counts of recommendations shown and clicked, per version, and its gate
 * API: each question (`/gate`, POST with the window as progressive-deploy's webhook sends it, or
 * GET ?canary=&stable= from a command) answers both sides' counts since the last one. Used by
 * the business-gate test and the sticky benchmark.
 */
export class ClickAnalytics {
  private readonly tally: Tally = {}
  private readonly reported: Tally = {}

  /** One recommendation shown by `version`, clicked or not. */
  count(version: string, clicked: boolean): void {
    const counted = (this.tally[version] ??= { shown: 0, clicks: 0 })
    counted.shown++
    if (clicked) counted.clicks++
  }

  /** What was counted so far is not reported: the next answer starts from now. */
  startFromNow(): void {
    for (const [version, counted] of Object.entries(this.tally))
      this.reported[version] = { ...counted }
  }

  /** Answers a gate question; false when the request is not one. */
  async answer(request: http.IncomingMessage, response: http.ServerResponse): Promise<boolean> {
    if (!request.url?.startsWith('/gate')) return false
    let body = ''
    for await (const chunk of request) body += chunk
    const query = new URL(request.url, 'http://x').searchParams
    const asked =
      request.method === 'POST'
        ? (JSON.parse(body) as { canary: { version: string }; stable: { version: string } })
        : {
            canary: { version: query.get('canary') ?? '' },
            stable: { version: query.get('stable') ?? '' }
          }
    // No stable release recorded (empty, or "unknown" after a forced switch): every version
    // but the canary.
    const stable = !['', 'unknown'].includes(asked.stable.version)
      ? [asked.stable.version]
      : Object.keys(this.tally).filter(v => v !== asked.canary.version)
    const baseline = stable
      .map(v => this.since(v))
      .reduce((sum, s) => ({ trials: sum.trials + s.trials, events: sum.events + s.events }), {
        trials: 0,
        events: 0
      })
    response.setHeader('content-type', 'application/json')
    response.end(JSON.stringify({ canary: this.since(asked.canary.version), baseline }))
    return true
  }

  private since(version: string): { trials: number; events: number } {
    const now = this.tally[version] ?? { shown: 0, clicks: 0 }
    const before = this.reported[version] ?? { shown: 0, clicks: 0 }
    this.reported[version] = { ...now }
    return { trials: now.shown - before.shown, events: now.clicks - before.clicks }
  }
}
