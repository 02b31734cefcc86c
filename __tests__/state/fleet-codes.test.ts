import { describe, expect, test } from '@jest/globals'
import { decodeFleet, encodeFleet } from '../../src/state/fleet-codes.js'
import {
  MAX_DESCRIPTION,
  readPayload,
  recordOf,
  statusOf
} from '../../src/state/deployment-record.js'
import { FleetPlan, FleetSnapshot } from '../../src/state/types.js'
import { planBatches } from '../../src/config/rolling-batches.js'

function fleetOf(size: number): FleetPlan {
  const names = Array.from({ length: size }, (_, i) => `web-${i + 1}`)
  return {
    instances: names.map((name, i) => ({
      name,
      address: `10.0.${i >> 8}.${i & 255}:80`,
      from: 'v1'
    })),
    batches: planBatches(names, 2)
  }
}

describe('fleet codes in deployment status descriptions', () => {
  test('run-length encoded: new, old, unknown; upper case when drained; round trip', () => {
    const plan = fleetOf(6)
    const snapshot: FleetSnapshot = {
      batchesDone: 1,
      batches: 3,
      instances: {
        'web-1': { version: 'v2', inRotation: true },
        'web-2': { version: 'v2', inRotation: true },
        'web-3': { version: '', inRotation: false },
        'web-4': { version: 'v2', inRotation: false },
        'web-5': { version: 'v1', inRotation: true },
        'web-6': { version: 'v1', inRotation: true }
      }
    }
    const code = encodeFleet(plan, 'v2', snapshot)
    expect(code).toBe('2n1U1N2o')
    expect(decodeFleet(plan, 'v2', code)).toEqual(snapshot.instances)
    expect(decodeFleet(plan, 'v2', '2n1U')).toBeUndefined()
  })

  test('a status carries the fleet, and a record read back from GitHub has it on its event', () => {
    const plan = fleetOf(200)
    const instances = Object.fromEntries(
      plan.instances.map((i, n) => [
        i.name,
        { version: n < 120 ? 'v2' : 'v1', inRotation: n !== 120 }
      ])
    )
    const fleet: FleetSnapshot = { batchesDone: 60, batches: 100, instances }
    const status = statusOf(
      {
        phase: 'rolling',
        description: 'batch 61/100: web-121, web-122 out of rotation for v2 ' + 'x'.repeat(200),
        fleet
      },
      { fleet: plan, version: 'v2' }
    )
    expect(status.state).toBe('in_progress')
    expect(status.description.length).toBeLessThanOrEqual(MAX_DESCRIPTION)
    expect(status.description).toMatch(/^rolling · batch 60\/100 \[120n1O79o\]: batch 61\/100/)
    const deployment = {
      id: 7,
      environment: 'prod',
      created_at: '2026-11-27T00:00:00Z',
      payload: {
        'progressive-deploy': 1,
        strategy: 'rolling',
        kind: 'release',
        version: 'v2',
        color: 'fleet',
        actor: 'ci',
        runId: '1',
        runUrl: '',
        steps: [],
        fleet: plan
      }
    }
    const payload = readPayload(deployment as never)
    expect(payload).toBeDefined()
    const record = recordOf(deployment as never, payload!, [
      {
        id: 1,
        state: status.state,
        description: status.description,
        created_at: '2026-11-27T00:00:01Z'
      } as never
    ])
    expect(record.phase).toBe('rolling')
    expect(record.color).toBe('fleet')
    expect(record.events[0].fleet).toEqual(fleet)
  })
})
