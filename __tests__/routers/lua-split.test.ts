import { describe, expect, test } from '@jest/globals'
import { parseSplit, renderSplit, unusableAddresses } from '../../src/routers/lua-split.js'
import { testSettings } from '../support/fakes.js'

const targets = [
  { name: 'blue-1', address: '10.0.0.1:80' },
  { name: 'blue-2', address: '10.0.0.2:80' },
  { name: 'green-1', address: '10.0.0.3:80' }
]

describe('the Lua balancer split', () => {
  test('weights in ten-thousandths that always sum to 10,000, read back as the same percentages', () => {
    const split = renderSplit(targets, { 'blue-1': 100 / 3, 'blue-2': 100 / 3, 'green-1': 100 / 3 })
    expect(split).toBe('10.0.0.1:80 3334\n10.0.0.2:80 3333\n10.0.0.3:80 3333\n')
    const { weights, unknown } = parseSplit(split, targets)
    expect(unknown).toEqual([])
    expect(weights['green-1']).toBeCloseTo(33.33, 2)
  })

  test('a canary step with sticky users and canary-match: the rules first, the canary marked; read back the same', () => {
    const pair = [targets[0], targets[2]]
    const split = renderSplit(
      pair,
      { 'blue-1': 95, 'green-1': 5 },
      {
        canary: 'green-1',
        sticky: { kind: 'cookie', name: 'uid' },
        match: { kind: 'header', name: 'X-Canary' }
      }
    )
    expect(split).toBe(
      'sticky cookie uid\nmatch header X-Canary\n10.0.0.1:80 9500\n10.0.0.3:80 500 canary\n'
    )
    expect(parseSplit(split, pair).weights).toEqual({ 'blue-1': 95, 'green-1': 5 })
    // Without sticky or canary-match there is nothing to mark: the plain split.
    expect(renderSplit(pair, { 'blue-1': 95, 'green-1': 5 }, { canary: 'green-1' })).toBe(
      '10.0.0.1:80 9500\n10.0.0.3:80 500\n'
    )
  })

  test('a server the service does not know is reported, not counted as one of its targets', () => {
    const { weights, unknown } = parseSplit('10.0.0.1:80 5000\n10.9.9.9:80 5000\n', targets)
    expect(unknown).toEqual(['10.9.9.9:80'])
    expect(weights['blue-1']).toBe(100)
  })

  test('only IPv4 host:port: the balancer does not resolve names', () => {
    expect(unusableAddresses([...targets, { name: 'x', address: 'app.internal:80' }])).toEqual([
      'app.internal:80'
    ])
  })
})

describe('nginx-mode settings', () => {
  test('lua through router-command-prefix is taken (curl there reaches the socket); an unknown mode is refused', () => {
    const remote = testSettings('switch', {
      'nginx-mode': 'lua',
      'router-command-prefix': '["ssh", "deploy@lb1"]'
    })
    expect(remote.router).toMatchObject({ nginxMode: 'lua', commandPrefix: ['ssh', 'deploy@lb1'] })
    expect(() => testSettings('switch', { 'nginx-mode': 'magic' })).toThrow(
      /nginx-mode: unknown mode "magic"; use reload or lua/
    )
    expect(() =>
      testSettings('switch', { 'nginx-mode': 'lua', 'nginx-lua-socket': 'rel.sock' })
    ).toThrow(/nginx-lua-socket: "rel.sock" is not an absolute path/)
  })
})
