import { describe, expect, test } from '@jest/globals'
import { HttpClient, HttpResponse } from '../../src/platform/http-client.js'
import { differences, PrometheusProvider } from '../../src/metrics/prometheus-provider.js'
import { FakeClock } from '../support/fakes.js'
import { gateSpec } from '../support/gate-spec.js'
import { measureWindow } from '../support/measure-window.js'

/** Prometheus answering counter queries per version from a table that time moves on. */
class CounterPrometheus implements HttpClient {
  readonly queries: string[] = []
  constructor(
    private readonly clock: FakeClock,
    private readonly at: (t: number, query: string) => Record<string, number>
  ) {}
  async get(url: string): Promise<HttpResponse> {
    const query = new URL(url).searchParams.get('query') ?? ''
    this.queries.push(query)
    const result = Object.entries(this.at(this.clock.t, query)).map(([version, value]) => ({
      metric: { version },
      value: [this.clock.t / 1000, String(value)]
    }))
    return {
      status: 200,
      headers: {},
      body: JSON.stringify({ status: 'success', data: { resultType: 'vector', result } })
    }
  }
  async post(): Promise<HttpResponse> {
    throw new Error('not used')
  }
}

const gate = gateSpec({
  name: 'errors',
  provider: 'prometheus',
  compare: 'baseline',
  requestsQuery: 'sum by (version) (http_requests_total)',
  eventsQuery: 'sum by (version) (http_requests_total{status="500"})'
})

describe('prometheus compare gates on counters: differenced between the window ends', () => {
  test('exact counts per version, nothing extrapolated', async () => {
    const clock = new FakeClock()
    const prometheus = new CounterPrometheus(clock, (t, query) => {
      const errors = query.includes('500')
      // Before the window: v1 1000 requests (10 errors), v2 50 (1); the window adds 1900/19 and 100/7.
      return t === 0
        ? errors
          ? { v1: 10, v2: 1 }
          : { v1: 1000, v2: 50 }
        : errors
          ? { v1: 29, v2: 8 }
          : { v1: 2900, v2: 150 }
    })
    const provider = new PrometheusProvider(prometheus, 'http://prom', clock)
    const measured = await provider.measure(
      gate,
      measureWindow(10_000),
      new AbortController().signal
    )
    expect(measured).toEqual({
      phase: 'ok',
      message: 'canary 7/100, baseline 19/1900',
      counts: { canary: { requests: 100, events: 7 }, baseline: { requests: 1900, events: 19 } }
    })
    // Two reads per query: at the window's start and at its end.
    expect(prometheus.queries).toHaveLength(4)
  })

  test('a counter reset (the process restarted) counts from 0; a version new in the window from 0', () => {
    expect(differences({ v1: 500, v2: 40 }, { v1: 30, v2: 90, v3: 12 })).toEqual({
      v1: 30,
      v2: 50,
      v3: 12
    })
  })
})
