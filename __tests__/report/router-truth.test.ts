import { describe, expect, test } from '@jest/globals'
import { failed, succeeded } from '../../src/report/outcome.js'
import { withRouterTruth } from '../../src/report/router-truth.js'
import { deriveState } from '../../src/state/derive-state.js'
import { record } from '../support/records.js'

const state = deriveState('prod', [
  record('v1', 'green', ['live']),
  record('v2', 'blue', ['verified'])
])

describe('outcomes say what the router holds', () => {
  test('moved traffic but could not record it: one sentence, and the outputs name what serves', () => {
    const outcome = withRouterTruth(
      failed('GitHub API POST failed: server error 500'),
      { weights: { blue: 100, green: 0 }, state },
      'blue-green',
      'GitHub API POST failed: server error 500.'
    )
    expect(outcome.result).toBe('failure')
    expect(outcome.headline).toBe(
      'v2 on blue takes all traffic; recording it failed: GitHub API POST failed: server error 500. The next run records it.'
    )
    expect(outcome.serving).toEqual({
      before: { color: 'green', version: 'v1' },
      after: { color: 'blue', version: 'v2' }
    })
  })

  test('a failure before anything moved does not claim a move it did not make', () => {
    const outcome = withRouterTruth(
      failed('GitHub API GET failed: server error 503'),
      { weights: { blue: 100, green: 0 }, before: { blue: 100, green: 0 } },
      'blue-green',
      'GitHub API GET failed: server error 503'
    )
    expect(outcome.headline).toBe(
      'GitHub API GET failed: server error 503. (no recorded version) on blue takes all traffic.'
    )
  })

  test('a success the router contradicts is a failure', () => {
    const outcome = withRouterTruth(
      succeeded('v2 on blue takes all traffic.', {
        serving: {
          before: { color: 'green', version: 'v1' },
          after: { color: 'blue', version: 'v2' }
        }
      }),
      { weights: { blue: 0, green: 100 }, state },
      'blue-green'
    )
    expect(outcome.result).toBe('failure')
    expect(outcome.headline).toMatch(/But the router sends all traffic to green \(v1\), not blue\./)
    expect(outcome.serving?.after).toEqual({ color: 'green', version: 'v1' })
  })

  test('a failure with traffic where the records say: the headline says where it is', () => {
    const agreed = deriveState('prod', [record('v1', 'green', ['live'])])
    const outcome = withRouterTruth(
      failed('nginx reload failed'),
      { weights: { blue: 0, green: 100 }, state: agreed },
      'blue-green',
      'nginx reload failed'
    )
    expect(outcome.headline).toBe('nginx reload failed. v1 on green takes all traffic.')
  })

  test('a router that cannot be read is said, not guessed', () => {
    const outcome = withRouterTruth(failed('x'), { error: 'connect ENOENT' }, 'canary')
    expect(outcome.headline).toBe('x (The router could not be read afterwards: connect ENOENT.)')
    expect(outcome.serving).toBeUndefined()
  })

  test('a rolling update reports the version the whole fleet in rotation runs, none when mixed', () => {
    const snapshot = {
      batchesDone: 1,
      batches: 2,
      instances: { a: { version: 'v1', inRotation: true }, b: { version: 'v2', inRotation: true } }
    }
    const mixed = withRouterTruth(
      failed('batch 2 failed', { fleet: { snapshot, version: 'v2' } }),
      { weights: { a: 50, b: 50 } },
      'rolling'
    )
    expect(mixed.fleet?.version).toBe('')
    const back = withRouterTruth(
      failed('batch 2 failed', { fleet: { snapshot, version: 'v2' } }),
      { weights: { a: 100, b: 0 } },
      'rolling'
    )
    expect(back.fleet?.version).toBe('v1')
    expect(back.headline).toBe('batch 2 failed. The router has 1 × v1, 1 × v2, 1 out of rotation.')
  })
})
