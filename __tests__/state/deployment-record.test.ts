import { describe, expect, test } from '@jest/globals'
import { payloadOf, readPayload, recordOf, statusOf } from '../../src/state/deployment-record.js'
import { Phase, RolloutPlan } from '../../src/state/types.js'

const plan: RolloutPlan = {
  environment: 'prod',
  kind: 'rollback',
  version: 'v1',
  color: 'green',
  actor: 'octocat',
  runId: '9',
  runUrl: 'u',
  sha: '',
  seenUpTo: 0,
  description: 'd',
  force: false,
  strategy: 'blue-green',
  steps: ['deploy-green', 'verify', 'switch'],
  rollback: { from: { version: 'v2', color: 'blue' }, reason: 'errors' }
}
const deployment = {
  id: 5,
  sha: 's',
  ref: 'r',
  task: 'progressive-deploy',
  environment: 'prod',
  payload: payloadOf(plan),
  created_at: '2026-01-01T00:00:00Z',
  creator: null
}

describe('phases as deployment statuses', () => {
  test.each<[Phase, string]>([
    ['deploying', 'in_progress'],
    ['deployed', 'in_progress'],
    ['verified', 'in_progress'],
    ['live', 'success'],
    ['failed', 'failure'],
    ['superseded', 'inactive'],
    ['rolled-back', 'failure']
  ])('%s is written as %s and read back as %s', (phase, state) => {
    const status = statusOf({ phase, description: 'why' })
    expect(status.state).toBe(state)
    const record = recordOf(deployment, payloadOf(plan), [
      { id: 1, state: status.state, description: status.description, created_at: 't' }
    ])
    expect(record.phase).toBe(phase)
    expect(record.events[0].description).toBe('why')
  })

  test('statuses we did not write are read by their state', () => {
    const record = recordOf(deployment, payloadOf(plan), [
      { id: 2, state: 'inactive', description: '', created_at: 't2' },
      { id: 1, state: 'success', description: 'live: ok', created_at: 't1' }
    ])
    expect(record.events.map(e => e.phase)).toEqual(['live', 'superseded'])
    expect(record.phase).toBe('superseded')
  })

  test('the payload round-trips, also as a JSON string; foreign payloads are ignored', () => {
    expect(readPayload(deployment)).toEqual(payloadOf(plan))
    expect(readPayload({ ...deployment, payload: JSON.stringify(payloadOf(plan)) })).toEqual(
      payloadOf(plan)
    )
    expect(readPayload({ ...deployment, payload: {} })).toBeUndefined()
    expect(readPayload({ ...deployment, payload: 'not json' })).toBeUndefined()
    expect(recordOf(deployment, payloadOf(plan), [])).toMatchObject({
      phase: 'deploying',
      kind: 'rollback',
      rollback: plan.rollback,
      runId: '9'
    })
  })
})

describe('canary steps in deployment statuses', () => {
  test.each([
    ['canary' as const, 'canary 20% · step 3/5: baking 60s'],
    ['paused' as const, 'paused at 20% · step 3/5: waiting for promote (pause step)']
  ])('%s carries its step and weight, and reads back', (phase, description) => {
    const transition = {
      phase,
      description: description.split(': ')[1],
      step: { index: 2, total: 5, weight: 20 }
    }
    const status = statusOf(transition)
    expect(status).toEqual({ state: 'in_progress', description })
    const record = recordOf(deployment, payloadOf(plan), [{ id: 1, ...status, created_at: 't' }])
    expect(record.events[0]).toEqual({
      at: 't',
      phase,
      description: transition.description,
      step: transition.step
    })
  })
})
