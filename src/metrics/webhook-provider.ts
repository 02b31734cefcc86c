import { HttpClient } from '../platform/http-client.js'
import { Clock } from '../platform/clock.js'
import { errorMeasurement, MeasureWindow, MetricProvider } from './metric-provider.js'
import { Measurement, MetricSpec } from './metric-spec.js'
import { reportedCounts } from './reported-counts.js'

const TIMEOUT_MS = 10_000

/**
 * A gate owned by another system: at the end of each window it is asked, and must answer 2xx.
 * With compare: baseline it answers both sides' counts for the window (reported-counts.ts).
 */
export class WebhookProvider implements MetricProvider {
  readonly type = 'webhook'
  constructor(
    private readonly http: HttpClient,
    private readonly clock: Clock
  ) {}

  async measure(
    metric: MetricSpec,
    window: MeasureWindow,
    signal: AbortSignal
  ): Promise<Measurement> {
    await this.clock.sleep(window.windowMs, signal)
    const body = {
      gate: metric.name,
      environment: window.environment,
      canary: window.canary,
      stable: window.stable,
      weight: window.weight
    }
    try {
      const response = await this.http.post(metric.url, body, TIMEOUT_MS)
      if (metric.compare === 'baseline')
        return response.status >= 200 && response.status < 300
          ? reportedCounts(response.body, `${metric.name} (${metric.url})`)
          : {
              phase: 'error',
              message: `${metric.name}: ${metric.url} answered ${response.status}; no counts`
            }
      const passed = response.status >= 200 && response.status < 300
      return {
        phase: 'ok',
        passed,
        message: `${metric.name}: ${metric.url} answered ${response.status}`
      }
    } catch (error) {
      return errorMeasurement(new Error(`${metric.url}: ${(error as Error).message}`))
    }
  }
}
