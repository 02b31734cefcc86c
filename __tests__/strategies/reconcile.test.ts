import { describe, expect, test } from '@jest/globals'
import { deriveState } from '../../src/state/derive-state.js'
import { Phase } from '../../src/state/types.js'
import { reconcile } from '../../src/strategies/reconcile.js'
import { record } from '../support/records.js'

const fixes = (
  records: ReturnType<typeof record>[],
  weights: Record<string, number>,
  holderGone = false
) =>
  reconcile(deriveState('prod', records), weights, holderGone).map(
    f => `${f.record.version} → ${f.transition.phase}`
  )

describe('reconcile: the records say what the router holds', () => {
  test.each<
    [string, [string, 'blue' | 'green', Phase[]][], Record<string, number>, boolean, string[]]
  >([
    [
      'switched, but live was never recorded (the API failed): the verified one is live, the old one superseded',
      [
        ['v1', 'green', ['live']],
        ['v2', 'blue', ['verified']]
      ],
      { blue: 100, green: 0 },
      false,
      ['v2 → live', 'v1 → superseded']
    ],
    [
      'records and router agree: nothing to do',
      [
        ['v1', 'green', ['live', 'superseded']],
        ['v2', 'blue', ['verified', 'live']]
      ],
      { blue: 100, green: 0 },
      false,
      []
    ],
    [
      'two releases left live: the one the router serves stays, the other is superseded',
      [
        ['v1', 'green', ['live']],
        ['v2', 'blue', ['verified', 'live']]
      ],
      { blue: 100, green: 0 },
      false,
      ['v2 → live', 'v1 → superseded']
    ],
    [
      'switched back by hand to a superseded release: it is live again',
      [
        ['v1', 'green', ['live', 'superseded']],
        ['v2', 'blue', ['live']]
      ],
      { blue: 0, green: 100 },
      false,
      ['v1 → live', 'v2 → superseded']
    ],
    [
      'a canary still baking its 100% step belongs to its run',
      [
        ['v1', 'green', ['live']],
        ['v2', 'blue', ['verified', 'canary']]
      ],
      { blue: 100, green: 0 },
      false,
      []
    ],
    [
      'a canary at 100% whose run is gone: live',
      [
        ['v1', 'green', ['live']],
        ['v2', 'blue', ['verified', 'canary']]
      ],
      { blue: 100, green: 0 },
      true,
      ['v2 → live', 'v1 → superseded']
    ],
    [
      'a split is left to the canary and to people',
      [
        ['v1', 'green', ['live']],
        ['v2', 'blue', ['verified', 'canary']]
      ],
      { blue: 20, green: 80 },
      true,
      []
    ],
    [
      'a release still deploying on the color that serves is not made live',
      [
        ['v1', 'green', ['live']],
        ['v2', 'blue', ['deploying']]
      ],
      { blue: 100, green: 0 },
      true,
      []
    ]
  ])('%s', (_name, rows, weights, gone, expected) => {
    expect(
      fixes(
        rows.map(([v, c, p]) => record(v, c, p)),
        weights,
        gone
      )
    ).toEqual(expected)
  })
})
