import { describe, expect, test } from '@jest/globals'
import { ConfigurationError } from '../../src/errors.js'
import { parseSettings } from '../../src/config/parse-settings.js'
import { testMachine } from '../support/fakes.js'

const base: Record<string, string> = {
  environment: 'production',
  version: 'v2',
  'deploy-command': './deploy.sh',
  'nginx-upstream-file': '/etc/nginx/conf.d/app.conf',
  'state-file': 'state.json'
}
const parse = (inputs: Record<string, string>) =>
  parseSettings(name => ({ ...base, ...inputs })[name], 'release', testMachine())
const problems = (inputs: Record<string, string>) => {
  try {
    parse(inputs)
  } catch (error) {
    return (error as ConfigurationError).problems.map(p => `${p.field}: ${p.message}`)
  }
  return []
}

describe('pools per color', () => {
  test('one instance per line, named or unnamed; the first is the color address', () => {
    const s = parse({
      'blue-addresses': '10.0.0.11:8080\n10.0.0.12:8080\n# a comment\nrecs-b3=10.0.0.13:8080',
      'green-address': '10.0.0.21:8080'
    })
    expect(s.pools.blue).toEqual([
      { name: 'blue-1', address: '10.0.0.11:8080' },
      { name: 'blue-2', address: '10.0.0.12:8080' },
      { name: 'recs-b3', address: '10.0.0.13:8080' }
    ])
    expect(s.pools.green).toEqual([{ name: 'green', address: '10.0.0.21:8080' }])
    expect(s.addresses.blue).toBe('10.0.0.11:8080')
    expect(s.minHealthy).toBeUndefined()
    expect(s.maxParallelDeploys).toBe(4)
  })

  test('refused with the field and the fix: both forms, an address in both colors, bad lines, min-healthy above a pool', () => {
    expect(
      problems({
        'blue-address': '10.0.0.11:8080',
        'blue-addresses': '10.0.0.12:8080',
        'green-addresses': '10.0.0.21:8080\nnot an address\n10.0.0.12:8080',
        'min-healthy': '3'
      })
    ).toEqual([
      'blue-addresses: set blue-address or blue-addresses, not both.',
      expect.stringMatching(/^green-addresses: line 2: .* is not an instance name/),
      'green-addresses: blue and green both point at 10.0.0.12:8080; give each color its own address.',
      'min-healthy: 3 is more than the 1 instance(s) of the smaller color; no deploy could pass.'
    ])
  })
})

describe('several load balancers (routers)', () => {
  test('each entry gives its own router settings; what it leaves out is shared', () => {
    const s = parse({
      'blue-address': '10.0.0.11:8080',
      'green-address': '10.0.0.21:8080',
      'router-command-prefix': 'sudo',
      routers: JSON.stringify([
        { name: 'lb1' },
        { name: 'lb2', 'router-command-prefix': 'ssh deploy@lb2', 'probe-url': 'http://lb2/' }
      ])
    })
    expect(s.routers.map(r => [r.name, r.commandPrefix.join(' '), r.probeUrl])).toEqual([
      ['lb1', 'sudo', ''],
      ['lb2', 'ssh deploy@lb2', 'http://lb2/']
    ])
    expect(s.router).toBe(s.routers[0])
  })

  test('problems are named by entry: unknown keys, a name used twice, a bad value', () => {
    expect(
      problems({
        'blue-address': '10.0.0.11:8080',
        'green-address': '10.0.0.21:8080',
        routers: JSON.stringify([
          { name: 'lb1', 'health-path': '/x' },
          { name: 'lb1', router: 'traefik' }
        ])
      })
    ).toEqual([
      expect.stringMatching(
        /^routers\[1\]: unknown key "health-path"; a load balancer takes name and router, /
      ),
      'routers[2].name: "lb1" is used twice; give every load balancer its own name.',
      'routers[2].router: unknown router "traefik"; use nginx, haproxy, kubernetes-service, gateway-api or ingress-nginx.'
    ])
  })
})
