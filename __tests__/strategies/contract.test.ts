import { describe, expect, test } from '@jest/globals'
import { contractRefusal } from '../../src/strategies/contract.js'
import { RolloutRecord } from '../../src/state/types.js'

const live = (events: string[]) =>
  ({
    version: 'v2',
    events: events.map((description, i) => ({
      at: `2026-11-30T0${i}:00:00Z`,
      phase: 'live',
      description
    }))
  }) as unknown as RolloutRecord

describe('rollback after a contract', () => {
  test('refused for an earlier version, unless forced; allowed before any contract', () => {
    const contracted = live([
      'v2 takes all traffic',
      'contract-command started',
      'contract-command exit 0'
    ])
    expect(contractRefusal(contracted, 'v1', false)).toMatch(
      /^v2's contract-command ran at 2026-11-30T02:00:00Z: v1 is from before it/
    )
    expect(contractRefusal(contracted, 'v1', true)).toBeUndefined()
    expect(contractRefusal(live(['v2 takes all traffic']), 'v1', false)).toBeUndefined()
    expect(contractRefusal(undefined, 'v1', false)).toBeUndefined()
  })

  test('a contract that started and never recorded its end (the run was killed) counts as run', () => {
    expect(contractRefusal(live(['v2 live', 'contract-command started']), 'v1', false)).toMatch(
      /started at 2026-11-30T01:00:00Z and its end was never recorded, so it may have run: v1 is from before it/
    )
    // One that failed changed nothing the tool knows of: the way back stays open.
    const failedOne = live(['v2 live', 'contract-command started', 'contract-command exit 3'])
    expect(contractRefusal(failedOne, 'v1', false)).toBeUndefined()
  })
})
