import { HttpClient } from './http-client.js'
import { Logger } from './logger.js'

/** A notification never holds a release up longer than this, start or end. */
export const NOTIFY_TIMEOUT_MS = 3000

/**
 * Posts notifications to notify-webhook without waiting for them: a slow or failing webhook is
 * a warning in the log, never a failed or slowed release. settle() waits for those in flight,
 * each at most NOTIFY_TIMEOUT_MS, before the process ends.
 */
export class WebhookNotifier {
  private readonly pending = new Set<Promise<void>>()

  constructor(
    private readonly url: string,
    private readonly http: HttpClient,
    private readonly log: Logger
  ) {}

  send(payload: { event: string }): void {
    const sent = this.http.post(this.url, payload, NOTIFY_TIMEOUT_MS).then(
      answer => {
        if (answer.status >= 300)
          this.log.warn(
            `notify-webhook answered ${answer.status} to the ${payload.event} notification; the release goes on.`
          )
      },
      (error: Error) =>
        this.log.warn(
          `notify-webhook: the ${payload.event} notification failed (${error.message}); the release goes on.`
        )
    )
    const tracked = sent.finally(() => this.pending.delete(tracked))
    this.pending.add(tracked)
  }

  async settle(): Promise<void> {
    // The request's own timeout covers a silent server; this covers one that trickles.
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.all(this.pending),
      new Promise(resolve => (timer = setTimeout(resolve, NOTIFY_TIMEOUT_MS)))
    ])
    clearTimeout(timer)
  }
}
