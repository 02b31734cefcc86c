import { describe, expect, test } from '@jest/globals'
import { HttpProvider, weightedTurns } from '../../src/metrics/http-provider.js'
import { HttpClient, HttpResponse } from '../../src/platform/http-client.js'
import { parseMetrics } from '../../src/config/parse-metrics.js'
import { FakeClock } from '../support/fakes.js'
import { gateSpec } from '../support/gate-spec.js'
import { measureWindow } from '../support/measure-window.js'

describe('the probe spread over several paths', () => {
  test('weighted turns give each path its share of every run, spread out', () => {
    const next = weightedTurns([
      { url: '/', weight: 3 },
      { url: '/recommend', weight: 1 }
    ])
    const turns = Array.from({ length: 8 }, next)
    expect(turns.filter(u => u === '/recommend')).toHaveLength(2)
    // Not in blocks: never three of "/" and then the rest.
    expect(turns.slice(0, 4)).toContain('/recommend')
  })

  test('a window of probing fails 1 in 4 requests when the one failing path has weight 1 of 4', async () => {
    const clock = new FakeClock()
    const asked: Record<string, number> = {}
    const http: HttpClient = {
      get: async (url: string): Promise<HttpResponse> => {
        const path = new URL(url).pathname
        asked[path] = (asked[path] ?? 0) + 1
        return { status: path === '/recommend' ? 500 : 200, headers: {}, body: '' }
      },
      post: async () => {
        throw new Error('not used')
      }
    }
    const provider = new HttpProvider(http, '', clock)
    const measured = await provider.measure(
      gateSpec({
        provider: 'http',
        query: 'error-rate',
        rate: 40,
        paths: [
          { path: '/', weight: 3 },
          { path: '/recommend', weight: 1 }
        ]
      }),
      measureWindow(1000, { canary: 'canary:80', stable: 'stable:80' }),
      new AbortController().signal
    )
    expect(asked).toEqual({ '/': 30, '/recommend': 10 })
    expect(measured).toMatchObject({ phase: 'ok', value: 0.25, requests: 40 })
  })
})

describe('the probe on a pool', () => {
  test('every instance of the canary pool gets its share, so one bad instance is seen', async () => {
    const asked: Record<string, number> = {}
    const http: HttpClient = {
      get: async (url: string): Promise<HttpResponse> => {
        const host = new URL(url).host
        asked[host] = (asked[host] ?? 0) + 1
        return { status: host === 'green-3:81' ? 503 : 200, headers: {}, body: '' }
      },
      post: async () => {
        throw new Error('not used')
      }
    }
    const window = measureWindow(1000)
    const measured = await new HttpProvider(http, '', new FakeClock()).measure(
      gateSpec({ provider: 'http', query: 'error-rate', rate: 30 }),
      {
        ...window,
        canary: {
          ...window.canary,
          address: 'green-1:81',
          addresses: ['green-1:81', 'green-2:81', 'green-3:81']
        }
      },
      new AbortController().signal
    )
    expect(asked).toEqual({ 'green-1:81': 10, 'green-2:81': 10, 'green-3:81': 10 })
    expect(measured).toMatchObject({ phase: 'ok', requests: 30 })
    expect(measured.value).toBeCloseTo(1 / 3)
  })
})

describe('parsing paths', () => {
  const parse = (text: string) => {
    const problems: string[] = []
    const specs = parseMetrics(text, (field, message) => problems.push(`${field}: ${message}`))
    if (problems.length > 0) throw new Error(problems.join('\n'))
    return specs
  }
  test('a map of path → weight, or a list with equal weights', () => {
    expect(
      parse('[{name: a, provider: http, max: 0.01, paths: {"/": 3, "/recommend?city=rome": 1}}]')[0]
        .paths
    ).toEqual([
      { path: '/', weight: 3 },
      { path: '/recommend?city=rome', weight: 1 }
    ])
    expect(
      parse('[{name: a, provider: http, max: 0.01, paths: ["/", "/recommend"]}]')[0].paths
    ).toEqual([
      { path: '/', weight: 1 },
      { path: '/recommend', weight: 1 }
    ])
  })
  test.each([
    [
      '[{name: a, provider: http, paths: ["recommend"]}]',
      /metrics\[0\]\.paths: "recommend" is not a path/
    ],
    [
      '[{name: a, provider: http, paths: {"/": 0}}]',
      /metrics\[0\]\.paths\."\/": 0 is not a weight/
    ],
    ['[{name: a, provider: http, url: /x, paths: ["/"]}]', /give url or paths, not both/],
    [
      '[{name: a, provider: prometheus, query: q, max: 1, paths: ["/"]}]',
      /works with provider: http/
    ],
    ['[{name: a, provider: http, paths: []}]', /give 1 to 20 paths/]
  ])('%s is refused', (text, message) => {
    expect(() => parse(text)).toThrow(message)
  })
})
