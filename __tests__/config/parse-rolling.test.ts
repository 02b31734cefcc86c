import { describe, expect, test } from '@jest/globals'
import { describePlan } from '../../src/commands/shared/plan.js'
import { parseInstances } from '../../src/config/parse-instances.js'
import { parseSettings } from '../../src/config/parse-settings.js'
import { parseCountSpec, resolveCount } from '../../src/config/rolling-batches.js'
import { testMachine } from '../support/fakes.js'
import { problemsOf } from '../support/problems.js'

const SIX = Array.from({ length: 6 }, (_, i) => `web-${i + 1}=10.0.0.${i + 1}:8080`).join('\n')
const BASE: Record<string, string> = {
  strategy: 'rolling',
  instances: SIX,
  'nginx-upstream-file': '/etc/nginx/upstream.conf',
  'deploy-command': '["./deploy.sh"]',
  version: 'v2'
}
const parse = (inputs: Record<string, string>, command?: string) => {
  const all = { ...BASE, ...inputs }
  return parseSettings(name => all[name], command, testMachine())
}

describe('rolling settings', () => {
  test('defaults: max-unavailable 25% of 6 rounds down to 1, batches of 1; no blue/green addresses needed', () => {
    const s = parse({})
    expect(s.strategy).toBe('rolling')
    expect(s.rolling).toMatchObject({
      batchSize: 1,
      maxUnavailable: 1,
      minReadyMs: 10_000,
      progressDeadlineMs: 600_000,
      drainTimeoutMs: 5_000,
      onFailure: 'rollback',
      onInterrupted: 'resume',
      gates: []
    })
    expect(s.rolling.instances[2]).toEqual({ name: 'web-3', address: '10.0.0.3:8080' })
  })

  test('the rolling command implies the strategy', () => {
    expect(parse({ strategy: 'blue-green' }, 'rolling').strategy).toBe('rolling')
  })

  test.each([
    [{ 'batch-size': '2', 'max-unavailable': '2' }, 2, 2],
    [{ 'batch-size': '50%', 'max-unavailable': '50%' }, 3, 3],
    [{ 'max-unavailable': '40%' }, 2, 2],
    [{ 'batch-size': '1', 'max-unavailable': '3' }, 1, 3],
    [{ 'rolling-preset': 'one-at-a-time' }, 1, 1],
    [{ 'rolling-preset': 'half-at-a-time' }, 3, 3],
    [{ 'rolling-preset': 'half-at-a-time', 'batch-size': '2' }, 2, 3]
  ])('%j → batch %i, max unavailable %i', (inputs, batch, unavailable) => {
    const s = parse(inputs)
    expect([s.rolling.batchSize, s.rolling.maxUnavailable]).toEqual([batch, unavailable])
  })

  test.each([
    [{ 'batch-size': '0' }, 'batch-size', /0 instances per batch would never update anything/],
    [{ 'batch-size': 'two' }, 'batch-size', /neither a count \(2\) nor a percentage/],
    [
      { 'max-unavailable': '100%' },
      'max-unavailable',
      /every instance out of rotation\. Allow at most 5/
    ],
    [{ 'max-unavailable': '6' }, 'max-unavailable', /every instance out of rotation/],
    [
      { 'batch-size': '3', 'max-unavailable': '2' },
      'batch-size',
      /drains more instances at once than max-unavailable allows \(2 of 6\)/
    ],
    [
      { instances: 'web-1=10.0.0.1:80', 'max-unavailable': '100%' },
      'instances',
      /at least 2 instances \(got 1\)/
    ],
    [{ instances: '' }, 'instances', /missing: list the instances/],
    [{ 'rolling-preset': 'all-at-once' }, 'rolling-preset', /unknown preset "all-at-once"/],
    [{ 'on-failure': 'ignore' }, 'on-failure', /use rollback or leave-drained/],
    [{ 'on-interrupted': 'ask' }, 'on-interrupted', /use resume or rollback/],
    [{ 'max-batches': '0' }, 'max-batches', /not a number of batches/],
    [{ 'min-ready': 'soon' }, 'min-ready', /not a duration/],
    [{ version: '' }, 'version', /missing/],
    [
      {
        metrics:
          '[{"name":"errors","provider":"http","query":"error-rate","max":0.01,"compare":"baseline"}]'
      },
      'metrics',
      /compare: baseline needs one stable version/
    ]
  ])('%j is refused on %s', (inputs, field, message) => {
    const problems = problemsOf(() => parse(inputs))
    expect(problems).toContainEqual({ field, message: expect.stringMatching(message) })
  })

  test('blue/green commands are refused for a fleet, naming the command to use', () => {
    expect(problemsOf(() => parse({}, 'switch'))).toContainEqual({
      field: 'command',
      message: expect.stringMatching(/command rolling/)
    })
  })

  test('gates given in metrics are judged per batch; none by default', () => {
    const s = parse({
      metrics: '[{"name":"errors","provider":"http","query":"error-rate","max":0.01}]'
    })
    expect(s.rolling.gates.map(g => g.name)).toEqual(['errors'])
  })
})

describe('instance list', () => {
  test('lines as name=host:port or "name host:port", comments and blank lines skipped', () => {
    expect(parseInstances('# fleet\nweb-1=10.0.0.1:80\n\nweb-2 10.0.0.2:80\n')).toEqual({
      instances: [
        { name: 'web-1', address: '10.0.0.1:80' },
        { name: 'web-2', address: '10.0.0.2:80' }
      ],
      problems: []
    })
  })

  test('a JSON list of {name, address} (what a YAML list in the config file becomes)', () => {
    expect(
      parseInstances('[{"name":"a","address":"h1:1"},{"name":"b","address":"h2:2"}]').instances
    ).toEqual([
      { name: 'a', address: 'h1:1' },
      { name: 'b', address: 'h2:2' }
    ])
  })

  test('each problem names its line', () => {
    expect(
      parseInstances(
        'web-1=10.0.0.1:80\nweb-1=10.0.0.9:80\nweb-2=nowhere\nweb 3=10.0.0.3:80\nweb-4=10.0.0.1:80'
      ).problems
    ).toEqual([
      'line 2: the name "web-1" is used twice; give every instance its own name.',
      'line 3: "nowhere" is not host:port (e.g. 10.0.0.5:8080).',
      'line 4: "web 3" is not an instance name (1 to 64 letters, digits, _ . -; with HAProxy it is the server name).',
      'line 5: web-4 and web-1 both point at 10.0.0.1:80.'
    ])
  })
})

describe('counts', () => {
  test('percentages of max-unavailable round down, batch sizes up, both at least 1', () => {
    const p = (text: string) =>
      parseCountSpec(text) as Exclude<ReturnType<typeof parseCountSpec>, string>
    expect(resolveCount(p('25%'), 10, 'down')).toBe(2)
    expect(resolveCount(p('25%'), 10, 'up')).toBe(3)
    expect(resolveCount(p('10%'), 3, 'down')).toBe(1)
    expect(resolveCount(p('30%'), 10, 'down')).toBe(3)
    expect(resolveCount(p('4'), 10, 'down')).toBe(4)
    expect(parseCountSpec('150%')).toMatch(/outside/)
    expect(parseCountSpec('1.5')).toMatch(/not a whole number/)
  })
})

describe('the rolling plan as a person reads it', () => {
  test('batches, capacity and timing, from the resolved settings', () => {
    const rows = Object.fromEntries(describePlan(parse({ 'max-unavailable': '40%' })))
    expect(rows.batches).toBe('1. web-1, web-2 · 2. web-3, web-4 · 3. web-5, web-6')
    expect(rows.capacity).toBe('at most 2 of 6 out of rotation (never fewer than 4 serving)')
    expect(rows['gate: health']).toMatch(/^GET http:\/\/<instance address>\/healthz → 200/)
    expect(rows['instance web-6']).toBe('10.0.0.6:8080')
    expect(rows['gate: smoke test']).toBeUndefined()
  })
})
