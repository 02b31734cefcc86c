import { ConfigurationError } from '../../src/errors.js'
import { describe, expect, test } from '@jest/globals'
import { parseArgv, parseSettings } from '../../src/config/parse-settings.js'
import { describePlan } from '../../src/commands/shared/plan.js'
import { BASE_INPUTS, testMachine } from '../support/fakes.js'
import { problemsOf } from '../support/problems.js'

const parse = (
  inputs: Record<string, string | undefined>,
  command?: string,
  existing: string[] | 'all' = 'all'
) => {
  const all: Record<string, string | undefined> = { ...BASE_INPUTS, ...inputs }
  return parseSettings(
    name => all[name],
    command,
    testMachine({}, path => existing === 'all' || existing.includes(path))
  )
}

describe('parseSettings', () => {
  test('applies defaults to a minimal valid configuration', () => {
    const settings = parse({})
    expect(settings).toMatchObject({
      command: 'release',
      strategy: 'blue-green',
      environment: 'production',
      version: 'v2',
      addresses: { blue: '127.0.0.1:9001', green: '127.0.0.1:9002' },
      deploy: ['./deploy.sh'],
      switchTo: 'idle',
      confirmTimeoutMs: 10_000,
      force: false,
      state: { type: 'file', file: '/work/repo/.progressive-deploy/state.json' }
    })
    expect(settings.health).toMatchObject({
      path: '/healthz',
      expectStatus: 200,
      intervalMs: 100,
      timeoutMs: 5000,
      deadlineMs: 1000
    })
    expect(settings.router).toMatchObject({
      type: 'nginx',
      upstreamName: 'app',
      binary: 'nginx',
      commandPrefix: [],
      probeHeader: 'x-upstream-addr'
    })
  })

  test('reads a router command prefix as words and a deploy command as one argument per line', () => {
    const settings = parse({
      'router-command-prefix': 'ssh  deploy@lb1',
      'deploy-command': './deploy.sh\n--color\nmy value with spaces\n'
    })
    expect(settings.router.commandPrefix).toEqual(['ssh', 'deploy@lb1'])
    expect(settings.deploy).toEqual(['./deploy.sh', '--color', 'my value with spaces'])
  })

  test.each([
    [
      'unknown strategy',
      { strategy: 'big-bang' },
      'strategy',
      /unknown strategy "big-bang".*blue-green/
    ],
    ['unknown command', { command: 'launch' }, 'command', /unknown command "launch"/],
    ['bad probe URL', { 'probe-url': 'localhost:8080' }, 'probe-url', /not an http\(s\) URL/],
    ['bad service URL', { 'service-url': 'ftp://x' }, 'service-url', /not an http\(s\) URL/],
    [
      'missing deploy command',
      { 'deploy-command': '' },
      'deploy-command',
      /missing.*deploy-command or deploy-script/
    ],
    [
      'deploy command and script both',
      { 'deploy-script': './d.sh' },
      'deploy-command',
      /either deploy-command or deploy-script/
    ],
    [
      'deploy command JSON with a number',
      { 'deploy-command': '["a", 1]' },
      'deploy-command',
      /only strings/
    ],
    [
      'same address for both colors',
      { 'green-address': '127.0.0.1:9001' },
      'green-address',
      /both point at 127.0.0.1:9001/
    ],
    ['address without port', { 'blue-address': 'localhost' }, 'blue-address', /not host:port/],
    ['port out of range', { 'blue-address': 'localhost:70000' }, 'blue-address', /not host:port/],
    ['missing address', { 'green-address': '' }, 'green-address', /missing/],
    ['missing version', { version: '' }, 'version', /missing/],
    ['bad duration', { 'health-deadline': 'soon' }, 'health-deadline', /not a duration/],
    ['zero duration', { 'health-interval': '0s' }, 'health-interval', /not a duration/],
    ['bad status', { 'health-status': '20' }, 'health-status', /not an HTTP status/],
    ['bad regex', { 'health-body': '(' }, 'health-body', /not a valid regular expression/],
    [
      'health path without slash',
      { 'health-path': 'healthz' },
      'health-path',
      /must start with "\/"/
    ],
    ['unknown switch target', { 'switch-to': 'red' }, 'switch-to', /not a switch target/],
    ['unknown router', { router: 'traefik' }, 'router', /unknown router "traefik"/],
    ['unknown state store', { state: 'redis' }, 'state', /unknown state store/],
    ['force not boolean', { force: 'yes' }, 'force', /true or false/],
    ['missing include file', { 'nginx-upstream-file': '' }, 'nginx-upstream-file', /missing/],
    [
      'bad upstream name',
      { 'nginx-upstream-name': 'app;evil' },
      'nginx-upstream-name',
      /not an nginx upstream name/
    ]
  ])('%s is refused with the field named', (_name, inputs, field, message) => {
    const problems = problemsOf(() => parse(inputs))
    expect(problems).toContainEqual({ field, message: expect.stringMatching(message) })
  })

  test('an include file that does not exist is refused, with how to create it', () => {
    const problems = problemsOf(() =>
      parse({ 'nginx-upstream-file': '/nope/upstream.conf' }, undefined, [])
    )
    expect(problems).toContainEqual({
      field: 'nginx-upstream-file',
      message: expect.stringMatching(/does not exist\. Create it/)
    })
  })

  test('behind a command prefix the include file is not looked for locally', () => {
    const settings = parse(
      {
        'nginx-upstream-file': '/remote/upstream.conf',
        'router-command-prefix': 'ssh lb1',
        'deploy-command': '["./d"]'
      },
      undefined,
      []
    )
    expect(settings.router.upstreamFile).toBe('/remote/upstream.conf')
  })

  test('reports every problem at once', () => {
    const problems = problemsOf(() =>
      parse({ strategy: 'x', 'probe-url': 'nope', 'health-status': 'abc' })
    )
    expect(problems.map(p => p.field)).toEqual(
      expect.arrayContaining(['strategy', 'probe-url', 'health-status'])
    )
    const error = new ConfigurationError(problems)
    expect(error.message).toMatch(/^Invalid settings:\n {2}- /)
  })

  test('commands that do not deploy need no version or deploy command', () => {
    expect(() => parse({ version: '', 'deploy-command': '' }, 'switch')).not.toThrow()
    expect(() => parse({ version: '', 'deploy-command': '' }, 'status')).not.toThrow()
  })
})

describe('the rollout error budget and the default gate', () => {
  const canary = (inputs: Record<string, string>) =>
    parse({ strategy: 'canary', ...inputs }, 'canary-step')

  test('compare gates without an alpha of their own share what the gates with one leave of it', () => {
    const settings = canary({
      alpha: '0.01',
      metrics:
        '[{name: a, provider: http, compare: baseline, alpha: 0.002}, {name: b, provider: http, compare: baseline}, {name: c, provider: http, compare: baseline, query: latency}, {name: d, provider: http, max: 0.01}]'
    })
    expect(settings.canary.metrics.map(m => [m.name, m.alpha])).toEqual([
      ['a', 0.002],
      ['b', 0.004],
      ['c', 0.004],
      ['d', 0]
    ])
    expect(settings.canary.metrics.reduce((sum, m) => sum + m.alpha, 0)).toBeCloseTo(0.01)
  })

  test('own alphas that use up the budget are refused', () => {
    expect(
      problemsOf(() =>
        canary({
          metrics:
            '[{name: a, provider: http, compare: baseline, alpha: 0.01}, {name: b, provider: http, compare: baseline}]'
        })
      )
    ).toEqual([
      { field: 'alpha', message: expect.stringMatching(/add up to 0\.01, leaving nothing/) }
    ])
  })

  test.each([
    [{}, 'http', 'none'],
    [{ 'nginx-access-log': '/var/log/nginx/recs.json' }, 'nginx-log', 'baseline'],
    [{ router: 'haproxy', 'haproxy-socket': '/run/haproxy.sock' }, 'haproxy', 'baseline']
  ])('with %o the default gate is %s (compare %s)', (inputs, provider, compare) => {
    const [gate] = canary(inputs as Record<string, string>).canary.metrics
    expect([gate.provider, gate.compare]).toEqual([provider, compare])
  })

  test('an nginx-log gate needs the access log, a haproxy gate the HAProxy router', () => {
    expect(
      problemsOf(() =>
        canary({
          metrics:
            '[{name: a, provider: nginx-log, compare: baseline}, {name: b, provider: haproxy, max: 0.01}]'
        })
      ).map(p => p.field)
    ).toEqual(['nginx-access-log', 'router'])
  })
})

describe('parseArgv', () => {
  test.each([
    ['["./a.sh", "x y"]', ['./a.sh', 'x y']],
    ['./a.sh\n  --flag  \n\nvalue', ['./a.sh', '--flag', 'value']],
    ['[]', undefined],
    ['[not json', undefined]
  ])('%j', (text, expected) => {
    expect(parseArgv(text)).toEqual(expected)
  })
})

describe('plan shows every gate in full', () => {
  test('source, paths, rate, threshold, alpha and what happens when unsure', () => {
    const settings = parse(
      {
        strategy: 'canary',
        alpha: '0.01',
        'nginx-access-log': '/var/log/nginx/recs.json',
        'prometheus-url': 'http://prom:9090',
        metrics: JSON.stringify([
          {
            name: 'probe',
            provider: 'http',
            max: 0.01,
            rate: 50,
            paths: { '/': 3, '/recommend': 1 }
          },
          { name: 'real', provider: 'nginx-log', compare: 'baseline', path: '/recommend' },
          { name: 'slow', provider: 'nginx-log', compare: 'baseline', query: 'latency' },
          {
            name: 'prom',
            provider: 'prometheus',
            compare: 'baseline',
            'requests-query': 'sum by (version) (http_requests_total)',
            'events-query': 'sum by (version) (http_requests_total{status="500"})'
          }
        ])
      },
      'canary-step'
    )
    const rows = Object.fromEntries(describePlan(settings))
    expect(rows['gate: probe']).toBe(
      'http probe: GET / ×3, /recommend ×1 on the canary at 50 req/s; error-rate; threshold ≤ 0.01; failures allowed 0; no data → pause; errors → pause'
    )
    expect(rows['gate: real']).toBe(
      'nginx access log /var/log/nginx/recs.json: error-rate of real requests under /recommend, per color; canary against the baseline: sequential test, α 0.0033 for the whole rollout (evidence carries across steps); failures allowed 0; no data → pause; errors → pause'
    )
    expect(rows['gate: slow']).toMatch(
      /slow = slower than the baseline's p99.9 over its answers so far \(p99 below 1000 answers\)/
    )
    expect(rows['gate: prom']).toMatch(
      /^prometheus http:\/\/prom:9090: requests sum by \(version\) \(http_requests_total\), events .* by version \(counters, differenced between the window ends\); canary against the baseline/
    )
  })
})

describe('sticky and canary-match', () => {
  test('need a canary on nginx-mode lua with one instance per color', () => {
    const lua = { strategy: 'canary', 'nginx-mode': 'lua', 'nginx-lua-socket': '/run/pd.sock' }
    expect(
      parse({ ...lua, sticky: 'cookie:uid', 'canary-match': 'header:X-Canary' }).canary
    ).toMatchObject({
      sticky: { kind: 'cookie', name: 'uid' },
      match: { kind: 'header', name: 'X-Canary' }
    })
    expect(problemsOf(() => parse({ ...lua, sticky: 'uid' }))).toContainEqual({
      field: 'sticky',
      message:
        '"uid" is not cookie:<name> or header:<name> (a name of letters, digits, _ and -), e.g. cookie:uid.'
    })
    expect(problemsOf(() => parse({ strategy: 'canary', sticky: 'cookie:uid' }))).toContainEqual({
      field: 'sticky',
      message: expect.stringMatching(/^needs router nginx with nginx-mode lua, or haproxy/)
    })
    const haproxy = { strategy: 'canary', router: 'haproxy', 'haproxy-socket': '/run/h.sock' }
    expect(parse({ ...haproxy, sticky: 'header:X-User' }).canaryMap).toBe(
      '/etc/haproxy/progressive-deploy.map'
    )
    expect(
      problemsOf(() =>
        parse({ ...haproxy, sticky: 'header:X-User', 'haproxy-map': '/m.map; shutdown sessions' })
      )
    ).toContainEqual({
      field: 'haproxy-map',
      message: expect.stringMatching(/is not an absolute path/)
    })
    expect(
      problemsOf(() => parse({ ...lua, strategy: 'blue-green', 'canary-match': 'header:X-Canary' }))
    ).toContainEqual({
      field: 'canary-match',
      message: 'applies to the steps of a canary; strategy is blue-green.'
    })
  })
})

describe('warm-up from a request file, for a duration', () => {
  test('lines are paths or GET paths; the duration sets the count; what cannot be read is said', () => {
    const machine = testMachine({}, () => true)
    machine.readFile = file => (file === '/w/requests.txt' ? 'GET /a?x=1\n/b\n' : undefined)
    const all: Record<string, string> = {
      ...BASE_INPUTS,
      'warmup-file': '/w/requests.txt',
      'warmup-duration': '30s',
      'warmup-rate': '20'
    }
    const s = parseSettings(name => all[name], 'switch', machine)
    expect(s.warmup).toEqual({
      paths: ['/a?x=1', '/b'],
      requests: 600,
      rate: 20,
      maxErrorRate: 0.01
    })
    const missing: Record<string, string> = { ...all, 'warmup-file': '/w/none.txt' }
    expect(
      problemsOf(() => parseSettings(name => missing[name], 'switch', machine))
    ).toContainEqual({
      field: 'warmup-file',
      message: '"/w/none.txt" cannot be read (paths are relative to the working directory).'
    })
    const both: Record<string, string> = { ...all, 'warmup-paths': '/c' }
    expect(problemsOf(() => parseSettings(name => both[name], 'switch', machine))).toContainEqual({
      field: 'warmup-file',
      message: 'set either warmup-paths or warmup-file, not both.'
    })
  })
})
