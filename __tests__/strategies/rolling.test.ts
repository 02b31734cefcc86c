import { describe, expect, test } from '@jest/globals'
import { planBatches } from '../../src/config/rolling-batches.js'
import {
  batchesDone,
  describeFleet,
  drainAllowed,
  planRollingStart,
  revertBatches,
  stuckWithoutHistory
} from '../../src/strategies/rolling.js'
import { deriveState } from '../../src/state/derive-state.js'
import { FleetSnapshot, RolloutRecord } from '../../src/state/types.js'

const instances = ['a', 'b', 'c', 'd', 'e'].map((name, i) => ({ name, address: `h:${i + 1}` }))
const settings = { instances, batchSize: 2, onInterrupted: 'resume' as const }

function fleetRecord(
  id: number,
  version: string,
  phase: RolloutRecord['phase'],
  fleet: FleetSnapshot,
  from = 'v1'
): RolloutRecord {
  return {
    id,
    environment: 'prod',
    kind: 'release',
    version,
    color: 'fleet',
    phase,
    createdAt: '2026-11-27T00:00:00Z',
    updatedAt: '2026-11-27T00:00:00Z',
    actor: 'ci',
    runId: '1',
    runUrl: '',
    sha: '',
    events: [{ at: '2026-11-27T00:00:00Z', phase, description: '', fleet }],
    fleet: {
      instances: instances.map(i => ({ ...i, from })),
      batches: planBatches(
        instances.map(i => i.name),
        2
      )
    }
  }
}
const snapshot = (versions: string, drained = ''): FleetSnapshot => ({
  batchesDone: 0,
  batches: 3,
  instances: Object.fromEntries(
    instances.map((i, n) => [
      i.name,
      {
        version: versions[n] === '?' ? '' : `v${versions[n]}`,
        inRotation: !drained.includes(i.name)
      }
    ])
  )
})

describe('planning a rolling run', () => {
  test('batches keep the instance order; the last one may be smaller', () => {
    expect(planBatches(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([['a', 'b'], ['c', 'd'], ['e']])
  })

  test('nothing recorded: every instance runs the fallback version (rollback-version), in rotation', () => {
    const start = planRollingStart(undefined, settings, 'v2', 'v1')
    expect(start.kind).toBe('start')
    expect(start.plan.instances.map(i => i.from)).toEqual(Array(5).fill('v1'))
    expect(start.snapshot.instances.a).toEqual({ version: 'v1', inRotation: true })
    expect(start.snapshot.batchesDone).toBe(0)
  })

  test('after a finished update, "before" is what each instance runs now', () => {
    const state = deriveState('prod', [fleetRecord(1, 'v2', 'live', snapshot('22222'))])
    const start = planRollingStart(state, settings, 'v3', '')
    expect(start.kind).toBe('start')
    expect(start.plan.instances.map(i => i.from)).toEqual(Array(5).fill('v2'))
  })

  test('an unfinished update of the same version resumes after its last finished batch, keeping its "before"', () => {
    const state = deriveState('prod', [fleetRecord(1, 'v2', 'rolling', snapshot('22?11', 'c'))])
    const start = planRollingStart(state, settings, 'v2', '')
    expect(start.kind).toBe('resume')
    expect(start.snapshot.batchesDone).toBe(1)
    expect(start.plan.instances.map(i => i.from)).toEqual(Array(5).fill('v1'))
  })

  test('after a failed update left instances on the new version, their "before" is still the old one', () => {
    const state = deriveState('prod', [fleetRecord(1, 'v2', 'failed', snapshot('2?111', 'b'))])
    const start = planRollingStart(state, settings, 'v2', '')
    expect(start.kind).toBe('start')
    expect(start.plan.instances.map(i => i.from)).toEqual(Array(5).fill('v1'))
    expect(start.snapshot.instances.b).toEqual({ version: '', inRotation: false })
  })

  test('on-interrupted: rollback undoes an unfinished update instead', () => {
    const state = deriveState('prod', [fleetRecord(1, 'v2', 'paused', snapshot('22111'))])
    expect(planRollingStart(state, { ...settings, onInterrupted: 'rollback' }, 'v2', '').kind).toBe(
      'revert'
    )
  })

  test('batchesDone counts whole batches from the first, in rotation only', () => {
    const plan = planRollingStart(undefined, settings, 'v2', 'v1').plan
    expect(batchesDone(plan, snapshot('22221'), 'v2')).toBe(2)
    expect(batchesDone(plan, snapshot('22221', 'b'), 'v2')).toBe(0)
    expect(batchesDone(plan, snapshot('12222'), 'v2')).toBe(0)
  })
})

describe('capacity', () => {
  const all = { a: 20, b: 20, c: 20, d: 20, e: 20 }
  test('a drain within max-unavailable is allowed', () => {
    expect(drainAllowed(all, instances, ['a', 'b'], 2)).toEqual({ allowed: true })
  })
  test('a drain past max-unavailable is refused, counting instances already out', () => {
    const result = drainAllowed({ ...all, e: 0 }, instances, ['a', 'b'], 2)
    expect(result).toEqual({
      allowed: false,
      reason: expect.stringMatching(
        /would leave 2 of 5 instances serving; max-unavailable allows no fewer than 3 \(out of rotation: e\)/
      )
    })
  })
  test('taking out again what is already out costs nothing: allowed even below the limit', () => {
    const out = { ...all, d: 0, e: 0 }
    expect(drainAllowed(out, instances, ['d', 'e'], 1)).toEqual({ allowed: true })
    // One more that still serves is refused.
    expect(drainAllowed(out, instances, ['c', 'd'], 1).allowed).toBe(false)
  })
  test('never all: at least one stays even when max-unavailable would allow it', () => {
    const two = instances.slice(0, 2)
    expect(drainAllowed({ a: 50, b: 50 }, two, ['a', 'b'], 2).allowed).toBe(false)
  })
})

describe('undoing', () => {
  test('touched instances go back newest batch first; untouched ones and unknown "before" are left', () => {
    const plan = planRollingStart(undefined, settings, 'v2', 'v1').plan
    expect(revertBatches(plan, snapshot('22?11', 'c'))).toEqual([['c'], ['a', 'b']])
    const unknownBefore = { ...plan, instances: plan.instances.map(i => ({ ...i, from: '' })) }
    expect(revertBatches(unknownBefore, snapshot('22?11', 'c'))).toEqual([])
  })

  test('with no earlier version recorded, only touched instances are reported as stuck', () => {
    const plan = planRollingStart(undefined, settings, 'v2', '').plan
    // a: updated and back; b: drained mid-deploy; c-e: untouched (version unknown too).
    const fleet = snapshot('2????', 'b')
    for (const name of ['c', 'd', 'e']) fleet.instances[name] = { version: '', inRotation: true }
    expect(stuckWithoutHistory(plan, fleet, 'v2')).toEqual(['a', 'b'])
  })

  test('the fleet in a few words', () => {
    expect(describeFleet(snapshot('22?11', 'c'))).toBe(
      '2 × v2, 1 × unknown, 2 × v1, 1 out of rotation'
    )
  })
})
