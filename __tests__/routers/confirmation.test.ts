import { describe, expect, test } from '@jest/globals'
import { confirmWithSample, ProbeSample } from '../../src/routers/confirmation.js'

const sample = (over: Partial<ProbeSample>): ProbeSample => ({
  target: 'blue',
  answers: 24,
  fromTarget: 24,
  fromOthers: {},
  failed: 0,
  elapsedMs: 300,
  ...over
})

describe('confirmWithSample: the router showed it, the probe agrees or contradicts', () => {
  test('every answer from the target: held, with the count', () => {
    expect(confirmWithSample('HAProxy holds 100% blue', sample({}))).toEqual({
      held: true,
      detail: 'HAProxy holds 100% blue; 24 of 24 probe answers from blue'
    })
  })

  test('an answer from the other side contradicts it, and the detail names what was seen', () => {
    expect(
      confirmWithSample(
        'HAProxy holds 100% blue',
        sample({ fromTarget: 22, fromOthers: { green: 2 } })
      )
    ).toEqual({
      held: false,
      detail: 'HAProxy holds 100% blue, yet 24 probe answers after it had 2 from green'
    })
  })

  test('failed probe requests are neither for nor against; they are said', () => {
    expect(
      confirmWithSample('nginx reloaded with 100% blue', sample({ fromTarget: 20, failed: 4 }))
    ).toEqual({
      held: true,
      detail:
        'nginx reloaded with 100% blue; 20 of 24 probe answers from blue; 4 probe requests failed'
    })
    expect(
      confirmWithSample(
        'nginx reloaded with 100% blue',
        sample({ answers: 8, fromTarget: 0, failed: 8, elapsedMs: 2000 })
      )
    ).toEqual({
      held: true,
      detail:
        'nginx reloaded with 100% blue; the probe got no answer in 2000 ms; 8 probe requests failed'
    })
  })

  test('without a probe, the router state alone', () => {
    expect(confirmWithSample('HAProxy holds 100% blue')).toEqual({
      held: true,
      detail: 'HAProxy holds 100% blue'
    })
  })
})
