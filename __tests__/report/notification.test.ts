import { describe, expect, test } from '@jest/globals'
import { notificationOf } from '../../src/report/notification.js'
import { failed, succeeded } from '../../src/report/outcome.js'
import { RolloutRecord } from '../../src/state/types.js'

const record = (phase: RolloutRecord['phase'], stepped = false) =>
  ({
    version: 'v2',
    color: 'green',
    phase,
    events: stepped ? [{ phase: 'canary', step: { index: 0, total: 2, weight: 10 } }] : []
  }) as unknown as RolloutRecord

describe('notifications', () => {
  test('each ending is named: pause, promote, abort, rollback, finish; status and plan say nothing', () => {
    const of = (
      command: Parameters<typeof notificationOf>[0],
      outcome: Parameters<typeof notificationOf>[2]
    ) =>
      notificationOf(command, 'production', outcome, 'https://github.com/o/r/actions/runs/1')?.event
    expect(of('canary-step', succeeded('paused', { release: record('paused', true) }))).toBe(
      'pause'
    )
    expect(of('promote', succeeded('live', { release: record('live', true) }))).toBe('promote')
    expect(of('release', failed('aborted', { release: record('failed', true) }))).toBe('abort')
    expect(of('abort', failed('aborted'))).toBe('abort')
    expect(of('rollback', succeeded('rolled back'))).toBe('rollback')
    expect(of('release', failed('health check failed', { release: record('failed') }))).toBe(
      'finish'
    )
    expect(of('release', 'start')).toBe('start')
    expect(of('rollback', 'start')).toBeUndefined()
    expect(of('status', succeeded('fine'))).toBeUndefined()
    expect(of('plan', 'start')).toBeUndefined()
  })

  test('the text carries the sentence and a Slack link to the run', () => {
    const note = notificationOf(
      'switch',
      'production',
      succeeded('v2 on green takes all traffic.'),
      'https://x/runs/1'
    )
    expect(note?.text).toBe(
      '✅ progressive-deploy finish in production: v2 on green takes all traffic. <https://x/runs/1|run>'
    )
  })

  test("a user's value never becomes Slack markup: no mention, no link", () => {
    const note = notificationOf(
      'release',
      'production',
      failed('canary <!channel> aborted & <https://evil|here>'),
      ''
    )
    expect(note?.text).toBe(
      '❌ progressive-deploy finish in production: canary &lt;!channel&gt; aborted &amp; &lt;https://evil|here&gt;'
    )
    // The plain JSON field keeps the sentence as it is.
    expect(note?.headline).toBe('canary <!channel> aborted & <https://evil|here>')
  })
})
