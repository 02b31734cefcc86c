import { describe, expect, test } from '@jest/globals'
import { parseCanarySteps } from '../../src/config/canary-steps.js'
import { Phase } from '../../src/state/types.js'
import { canaryStrategy } from '../../src/strategies/canary.js'
import { positionOf } from '../../src/strategies/index.js'
import { rollingStrategy } from '../../src/strategies/rolling.js'
import { record } from '../support/records.js'

const steps = parseCanarySteps('10, pause, 50, 100', 1000) as Exclude<
  ReturnType<typeof parseCanarySteps>,
  string
>
const canary = canaryStrategy(steps)
const pass = { outcome: 'pass' as const, reason: 'ok' }
const fail = { outcome: 'fail' as const, reason: 'errors' }
const unsure = { outcome: 'inconclusive' as const, reason: 'no data' }

describe('canary strategy', () => {
  test.each<[string, Phase, number, typeof pass | typeof fail | typeof unsure, object]>([
    ['deployed passes verification', 'deployed', -1, pass, { phase: 'verified' }],
    [
      'verified starts the first step',
      'verified',
      -1,
      pass,
      { phase: 'canary', step: { index: 0, weight: 10, total: 4 } }
    ],
    [
      'a passed step stops at the pause after it',
      'canary',
      0,
      pass,
      { phase: 'paused', step: { index: 1, weight: 10 } }
    ],
    [
      'promoted from the pause, the next weight',
      'paused',
      1,
      pass,
      { phase: 'canary', step: { index: 2, weight: 50 } }
    ],
    [
      'promoted past gates that could not decide, the pause after is passed too',
      'paused',
      0,
      pass,
      { phase: 'canary', step: { index: 2, weight: 50 } }
    ],
    ['the last step passed: live', 'canary', 3, pass, { phase: 'live' }],
    ['a failed gate aborts', 'canary', 2, fail, { phase: 'failed', description: 'errors' }],
    [
      'gates that cannot decide pause where they are',
      'canary',
      2,
      unsure,
      { phase: 'paused', step: { index: 2, weight: 50 } }
    ],
    ['a failed deploy fails', 'deploying', -1, fail, { phase: 'failed' }]
  ])('%s', (_name, phase, index, verdict, expected) => {
    expect(canary.next({ phase, index }, verdict)).toMatchObject(expected)
  })

  test('lists its steps as people read them', () => {
    expect(canary.steps).toEqual([
      'deploy-green',
      'verify',
      'canary 10%',
      'pause',
      'canary 50%',
      'canary 100%'
    ])
  })

  test('a record still baking a step has not finished it; a pause it waits at is done', () => {
    const baking = record('v2', 'green', ['verified', 'canary'])
    baking.events[1].step = { index: 2, total: 4, weight: 50 }
    expect(positionOf(baking)).toEqual({ phase: 'canary', index: 1 })
    const waiting = record('v2', 'green', ['verified', 'paused'])
    waiting.events[1].step = { index: 1, total: 4, weight: 10 }
    expect(positionOf(waiting)).toEqual({ phase: 'paused', index: 1 })
  })
})

describe('rolling strategy', () => {
  const rolling = rollingStrategy({ instances: [], batches: [['a'], ['b'], ['c']] })
  test.each<[number, typeof pass | typeof fail | typeof unsure, Phase]>([
    [1, pass, 'rolling'],
    [3, pass, 'live'],
    [1, fail, 'failed'],
    [1, unsure, 'paused']
  ])('after %i batches done, %o → %s', (index, verdict, phase) => {
    expect(rolling.next({ phase: 'rolling', index }, verdict).phase).toBe(phase)
  })
})
