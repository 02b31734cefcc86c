import { describe, expect, test } from '@jest/globals'
import { DEFAULT_METRICS, parseMetrics } from '../../src/config/parse-metrics.js'

function parse(text: string) {
  const problems: string[] = []
  const specs = parseMetrics(text, (field, message) => problems.push(`${field}: ${message}`))
  return { specs, problems }
}

describe('parseMetrics', () => {
  test('the default gate is the canary error rate at most 1%', () => {
    expect(parse(DEFAULT_METRICS)).toMatchObject({
      specs: [
        {
          name: 'error-rate',
          provider: 'http',
          query: 'error-rate',
          target: 'canary',
          rate: 20,
          url: '',
          command: undefined,
          max: 0.01,
          min: undefined,
          failureLimit: 0,
          consecutiveErrorLimit: 2,
          onNoData: 'pause',
          onError: 'pause'
        }
      ],
      problems: []
    })
  })

  test('compare: baseline gates, with their level, tolerance and threshold', () => {
    const { specs, problems } = parse(`
- { name: errors-vs-stable, provider: http, compare: baseline, alpha: 0.001, tolerance: 0.2, rate: 100 }
- { name: slow-vs-stable, provider: http, compare: baseline, query: latency, latency-threshold: 250 }
- { name: prom-vs-stable, provider: prometheus, compare: baseline, requests-query: 'sum by (version) (increase(r[{{window}}]))', events-query: 'sum by (version) (increase(e[{{window}}]))' }
`)
    expect(problems).toEqual([])
    expect(
      specs.map(s => [
        s.compare,
        s.query,
        s.alpha,
        s.toleranceRelative,
        s.toleranceAbsolute,
        s.latencyThresholdMs
      ])
    ).toEqual([
      // Unset alphas are shares of the rollout's budget, given out by parse-canary.
      ['baseline', 'error-rate', 0.001, 0.2, 0, undefined],
      ['baseline', 'latency', 0, 0, 0, 250],
      ['baseline', '', 0, 0, 0, undefined]
    ])
  })

  test('the absolute tolerance is refused, saying why and what to use', () => {
    const { problems } = parse(
      '[{name: a, provider: http, compare: baseline, tolerance-absolute: 0.005}]'
    )
    expect(problems).toEqual([
      expect.stringMatching(
        /^metrics\[0\]\.tolerance-absolute: was removed: .* use tolerance \(relative/
      )
    ])
  })

  test.each([
    [
      'nginx-log compare latency on a path',
      '[{name: a, provider: nginx-log, compare: baseline, query: latency, path: /recommend}]',
      []
    ],
    [
      'haproxy threshold on the mean answer time',
      '[{name: a, provider: haproxy, query: mean, max: 300}]',
      []
    ],
    [
      'haproxy cannot compare latency',
      '[{name: a, provider: haproxy, compare: baseline, query: latency}]',
      [/HAProxy's counters .* use error-rate, or provider: nginx-log/]
    ],
    [
      'haproxy has no percentiles',
      '[{name: a, provider: haproxy, query: p95, max: 300}]',
      [/not a haproxy statistic; use error-rate, mean \(HAProxy keeps no percentiles/]
    ],
    [
      'a path only filters the access log',
      '[{name: a, provider: http, max: 0.01, path: /x}]',
      [/path filters the access log: it works with provider: nginx-log/]
    ]
  ])('%s', (_name, text, expected) => {
    const { problems } = parse(text as string)
    expect(problems).toEqual((expected as RegExp[]).map(e => expect.stringMatching(e)))
  })

  test.each([
    [
      'compare with the gate of another system',
      '[{name: a, provider: command, command: [x], compare: baseline}, {name: b, provider: webhook, url: "http://x/", compare: baseline}, {name: c, provider: command, command: [x], direction: higher-is-better}]',
      /^metrics\[2\]\.direction: higher-is-better judges counts against the baseline: use it with compare: baseline/
    ],
    [
      'compare p95',
      '[{name: a, provider: http, compare: baseline, query: p95}]',
      /"p95" cannot be compared; use error-rate or latency/
    ],
    [
      'compare through the load balancer',
      '[{name: a, provider: http, compare: baseline, target: load-balancer}]',
      /remove target/
    ],
    [
      'prometheus compare without queries',
      '[{name: a, provider: prometheus, compare: baseline}]',
      /needs requests-query and events-query/
    ],
    [
      'prometheus compare mixing a counter and increase() over the window',
      "[{name: a, provider: prometheus, compare: baseline, requests-query: 'sum by (version) (r)', events-query: 'sum by (version) (increase(e[{{window}}]))'}]",
      /must both be counters .* or both use \{\{window\}\}/
    ],
    [
      'alpha too large',
      '[{name: a, provider: http, compare: baseline, alpha: 0.9}]',
      /alpha: 0.9 is not a level/
    ]
  ])('%s is refused', (_name, text, message) => {
    expect(parse(text).problems).toContainEqual(expect.stringMatching(message))
  })

  test('YAML with every provider', () => {
    const { specs, problems } = parse(`
- { name: p95, provider: http, query: p95, max: 300, target: load-balancer, rate: 50 }
- { name: errors, provider: prometheus, query: 'sum(rate(x[{{window}}]))', max: 0.01, failure-limit: 1, on-no-data: abort }
- { name: smoke, provider: command, command: [./check.sh, --quick] }
- { name: change-freeze, provider: webhook, url: 'https://gate.example.com/ok', on-error: abort }
`)
    expect(problems).toEqual([])
    expect(specs.map(s => [s.name, s.provider])).toEqual([
      ['p95', 'http'],
      ['errors', 'prometheus'],
      ['smoke', 'command'],
      ['change-freeze', 'webhook']
    ])
    expect(specs[1]).toMatchObject({ failureLimit: 1, onNoData: 'abort' })
    expect(specs[2].command).toEqual(['./check.sh', '--quick'])
  })

  test.each([
    ['not a list', '{name: x}', /metrics: must be a list/],
    ['empty', '[]', /the list is empty/],
    ['bad YAML', '[{name: x', /not valid YAML/],
    ['no name', '[{provider: http, max: 1}]', /metrics\[0\]\.name: missing/],
    [
      'duplicate name',
      '[{name: a, provider: http, max: 1}, {name: a, provider: http, max: 1}]',
      /metrics\[1\]\.name: "a" is used twice/
    ],
    [
      'unknown provider',
      '[{name: a, provider: datadog}]',
      /metrics\[0\]\.provider: "datadog" is not a provider/
    ],
    [
      'unknown key',
      '[{name: a, provider: http, max: 1, maximum: 2}]',
      /metrics\[0\]\.maximum: unknown key/
    ],
    [
      'http without threshold',
      '[{name: a, provider: http}]',
      /metrics\[0\]\.max: an http gate needs a threshold/
    ],
    [
      'http unknown statistic',
      '[{name: a, provider: http, query: p97, max: 1}]',
      /metrics\[0\]\.query: "p97" is not an http statistic/
    ],
    [
      'prometheus without query',
      '[{name: a, provider: prometheus, max: 1}]',
      /metrics\[0\]\.query: a prometheus gate needs a PromQL query/
    ],
    [
      'threshold not a number',
      '[{name: a, provider: http, max: lots}]',
      /metrics\[0\]\.max: "lots" is not a number/
    ],
    [
      'min above max',
      '[{name: a, provider: http, max: 1, min: 2}]',
      /metrics\[0\]\.min: min 2 is above max 1/
    ],
    [
      'negative failure limit',
      '[{name: a, provider: http, max: 1, failure-limit: -1}]',
      /failure-limit: -1 is not a whole number/
    ],
    [
      'command not a list',
      '[{name: a, provider: command, command: "./x.sh --y"}]',
      /metrics\[0\]\.command: a command gate needs command: a list/
    ],
    [
      'webhook without url',
      '[{name: a, provider: webhook}]',
      /metrics\[0\]\.url: a webhook gate needs an http\(s\) url/
    ],
    [
      'bad on-no-data',
      '[{name: a, provider: http, max: 1, on-no-data: ignore}]',
      /on-no-data: "ignore" is not one of pause, abort, pass/
    ],
    [
      'rate out of range',
      '[{name: a, provider: http, max: 1, rate: 0}]',
      /rate: 0 is not a request rate/
    ]
  ])('%s', (_name, text, message) => {
    expect(parse(text).problems).toContainEqual(expect.stringMatching(message))
  })
})
