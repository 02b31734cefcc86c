import { describe, expect, test } from '@jest/globals'
import { ConfigurationError } from '../../src/errors.js'
import {
  blueGreen,
  liveColorOf,
  planDeploy,
  planRollback,
  planSwitch
} from '../../src/strategies/blue-green.js'
import { deriveState } from '../../src/state/derive-state.js'
import { Phase } from '../../src/state/types.js'
import { record } from '../support/records.js'

const rec = record
const BLUE = { blue: 100, green: 0 }
const GREEN = { blue: 0, green: 100 }

describe('blue/green phase machine', () => {
  test.each<[Phase, 'pass' | 'fail' | 'inconclusive', Phase]>([
    ['deploying', 'pass', 'deployed'],
    ['deployed', 'pass', 'verified'],
    ['verified', 'pass', 'live'],
    ['deploying', 'fail', 'failed'],
    ['deployed', 'fail', 'failed'],
    ['verified', 'inconclusive', 'failed']
  ])('%s + %s → %s', (phase, outcome, next) => {
    expect(blueGreen.next({ phase, index: -1 }, { outcome, reason: 'r' })).toEqual({
      phase: next,
      description: 'r'
    })
  })
  test('nothing follows live', () => {
    expect(() =>
      blueGreen.next({ phase: 'live', index: -1 }, { outcome: 'pass', reason: '' })
    ).toThrow(/bug/)
  })
})

describe('planDeploy and liveColorOf', () => {
  test('deploys to the color without traffic', () => {
    expect(planDeploy(BLUE)).toEqual({ color: 'green', live: 'blue' })
    expect(planDeploy(GREEN)).toEqual({ color: 'blue', live: 'green' })
  })
  test.each([[{ blue: 50, green: 50 }], [{ blue: 0, green: 0 }]])(
    'refuses a router that holds %j',
    weights => {
      expect(() => liveColorOf(weights)).toThrow(ConfigurationError)
    }
  )
})

describe('planSwitch', () => {
  const v1 = rec('v1', 'blue', ['deploying', 'live'])
  test.each<[string, Phase[], 'idle' | 'previous' | 'blue' | 'green', boolean, object]>([
    [
      'verified green',
      ['deploying', 'deployed', 'verified'],
      'idle',
      false,
      { kind: 'switch', from: 'blue', to: 'green', back: false }
    ],
    [
      'deployed but unverified green',
      ['deploying', 'deployed'],
      'green',
      false,
      { kind: 'switch', to: 'green', back: false }
    ],
    [
      'switch back to a superseded green',
      ['live', 'superseded'],
      'previous',
      false,
      { kind: 'switch', to: 'green', back: true }
    ],
    ['failed green, forced', ['deploying', 'failed'], 'idle', true, { kind: 'switch', to: 'green' }]
  ])('%s', (_name, phases, option, force, expected) => {
    const state = deriveState('prod', [v1, rec('v2', 'green', phases)])
    expect(planSwitch(option, BLUE, state, force)).toMatchObject(expected)
  })

  test.each<[string, Phase[], RegExp]>([
    ['failed green', ['deploying', 'failed'], /green runs v2, which is marked failed.*force: true/],
    ['green still deploying', ['deploying'], /still deploying/]
  ])('refuses %s', (_name, phases, message) => {
    const state = deriveState('prod', [v1, rec('v2', 'green', phases)])
    expect(() => planSwitch('idle', BLUE, state, false)).toThrow(message)
  })

  test('refuses a color with no record unless forced', () => {
    expect(() => planSwitch('idle', BLUE, undefined, false)).toThrow(
      /nothing is recorded as deployed on green/
    )
    expect(planSwitch('idle', BLUE, undefined, true)).toMatchObject({
      kind: 'switch',
      to: 'green',
      record: undefined
    })
  })

  test('switching to the color that already serves changes nothing', () => {
    expect(planSwitch('blue', BLUE, undefined, false)).toEqual({
      kind: 'no-op',
      color: 'blue',
      reason: 'blue already takes all traffic'
    })
  })
})

describe('planRollback', () => {
  test('switches back without redeploy when the good version still runs idle', () => {
    const state = deriveState('prod', [
      rec('v1', 'green', ['live', 'superseded']),
      rec('v2', 'blue', ['live'])
    ])
    expect(planRollback(state, BLUE, '')).toMatchObject({
      version: 'v1',
      color: 'green',
      redeploy: false
    })
  })

  test('redeploys when the idle color now runs another (failed) release', () => {
    const v1 = rec('v1', 'green', ['live', 'superseded'])
    const v2 = rec('v2', 'blue', ['live'])
    const v3 = rec('v3', 'green', ['deploying', 'failed'])
    const state = deriveState('prod', [v1, v2, v3])
    expect(planRollback(state, BLUE, '')).toMatchObject({
      version: 'v1',
      color: 'green',
      redeploy: true
    })
  })

  test('a named version is honoured', () => {
    const state = deriveState('prod', [
      rec('v1', 'green', ['live', 'superseded']),
      rec('v2', 'blue', ['live'])
    ])
    expect(planRollback(state, BLUE, 'v0.9')).toMatchObject({ version: 'v0.9', redeploy: true })
  })

  test.each<
    [
      string,
      () => ReturnType<typeof deriveState> | undefined,
      Record<string, number>,
      string,
      RegExp
    ]
  >([
    ['no state', () => undefined, BLUE, '', /nothing to roll back/],
    [
      'no earlier release',
      () => deriveState('prod', [rec('v2', 'blue', ['live'])]),
      BLUE,
      '',
      /no earlier good release.*rollback-version/
    ],
    [
      'router disagrees with state',
      () =>
        deriveState('prod', [
          rec('v1', 'green', ['live', 'superseded']),
          rec('v2', 'blue', ['live'])
        ]),
      GREEN,
      '',
      /router sends traffic to green/
    ],
    [
      'version already live',
      () => deriveState('prod', [rec('v2', 'blue', ['live'])]),
      BLUE,
      'v2',
      /already live/
    ]
  ])('refuses: %s', (_name, state, weights, version, message) => {
    expect(() => planRollback(state(), weights, version)).toThrow(message)
  })
})
