import { describe, expect, test } from '@jest/globals'
import { deriveState } from '../../src/state/derive-state.js'
import { record } from '../support/records.js'

const rec = record

describe('deriveState', () => {
  test('live, last known good and what runs where, whatever the record order', () => {
    const v1 = rec('v1', 'green', ['deploying', 'deployed', 'live', 'superseded'])
    const v2 = rec('v2', 'blue', ['deploying', 'deployed', 'live'])
    const v3 = rec('v3', 'green', ['deploying', 'failed'])
    const state = deriveState('prod', [v3, v1, v2])
    expect(state.live?.version).toBe('v2')
    expect(state.lastKnownGood?.version).toBe('v1')
    expect(state.colors.green?.version).toBe('v3')
    expect(state.colors.blue?.version).toBe('v2')
    expect(state.inProgress).toBeUndefined()
  })

  test('a rolled-back release is never the last known good; a superseded one that never went live neither', () => {
    const v1 = rec('v1', 'green', ['deploying', 'live', 'superseded'])
    const v2 = rec('v2', 'blue', ['deploying', 'live', 'rolled-back'])
    const v1again = rec('v1', 'green', ['deploying', 'live'])
    const state = deriveState('prod', [v1, v2, v1again])
    expect(state.live?.id).toBe(v1again.id)
    expect(state.lastKnownGood).toBeUndefined()
  })

  test('the newest in-progress release holds the lease; other environments are ignored', () => {
    const live = rec('v1', 'green', ['live'])
    const deploying = rec('v2', 'blue', ['deploying', 'deployed'])
    const elsewhere = rec('v9', 'blue', ['deploying'], 'staging')
    const state = deriveState('prod', [live, deploying, elsewhere])
    expect(state.inProgress?.version).toBe('v2')
    expect(state.colors.blue?.version).toBe('v2')
  })
})
