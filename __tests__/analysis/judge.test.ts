import { describe, expect, test } from '@jest/globals'
import { judgeGate, judgeStep } from '../../src/analysis/judge.js'
import { Measurement, MetricSpec } from '../../src/metrics/metric-spec.js'
import { gateSpec } from '../support/gate-spec.js'
import { evidenceAfter } from '../../src/analysis/judge-baseline.js'

const spec = (over: Partial<MetricSpec> = {}): MetricSpec =>
  gateSpec({ name: 'errors', provider: 'prometheus', max: 0.01, ...over })
const ok = (value: number): Measurement => ({ phase: 'ok', value, message: '' })
const err: Measurement = { phase: 'error', message: 'connection refused' }
const none: Measurement = { phase: 'no-data', message: 'empty' }

describe('judgeGate', () => {
  test.each<[string, Partial<MetricSpec>, Measurement[], boolean, string]>([
    ['within max while baking', {}, [ok(0.005)], false, 'running'],
    ['within max at the end', {}, [ok(0.005), ok(0.009)], true, 'pass'],
    ['over max fails at once', {}, [ok(0.05)], false, 'fail'],
    ['failures within the limit', { failureLimit: 1 }, [ok(0.05), ok(0.001)], true, 'pass'],
    ['failures over the limit', { failureLimit: 1 }, [ok(0.05), ok(0.06)], false, 'fail'],
    ['under min fails', { max: undefined, min: 0.9 }, [ok(0.5)], false, 'fail'],
    ['errors within the limit keep running', {}, [err, err], false, 'running'],
    ['errors in a row over the limit pause', {}, [err, err, err], false, 'inconclusive'],
    [
      'errors in a row over the limit abort when told',
      { onError: 'abort' },
      [err, err, err],
      false,
      'fail'
    ],
    ['errors then a value reset the count', {}, [err, err, ok(0.001), err], true, 'pass'],
    ['no data at the end pauses', {}, [none, none], true, 'inconclusive'],
    ['no data at the end aborts when told', { onNoData: 'abort' }, [none], true, 'fail'],
    ['no data at the end passes when told', { onNoData: 'pass' }, [none], true, 'pass'],
    ['errors only, within the limit, at the end: never a pass', {}, [err], true, 'inconclusive'],
    [
      'a failed command',
      { max: undefined },
      [{ phase: 'ok', passed: false, message: 'exited 1' }],
      false,
      'fail'
    ],
    [
      'a passed command',
      { max: undefined },
      [{ phase: 'ok', passed: true, message: 'exit 0' }],
      true,
      'pass'
    ]
  ])('%s', (_name, over, measurements, final, outcome) => {
    expect(judgeGate(spec(over), measurements, final).outcome).toBe(outcome)
  })

  test('explains itself', () => {
    expect(
      judgeGate(spec({ provider: 'http', query: 'error-rate' }), [ok(0.1)], false).reason
    ).toBe('errors: 10.00% errors (max 1.00%) (1 of 1 measurements failed, limit 0)')
    expect(
      judgeGate(spec({ provider: 'http', query: 'p95', max: 300 }), [ok(420)], false).reason
    ).toMatch(/p95 420 ms \(max 300 ms\)/)
  })
})

describe('judgeStep', () => {
  const g = (outcome: 'pass' | 'fail' | 'inconclusive' | 'running') => ({
    name: outcome,
    outcome,
    reason: ''
  })
  test.each<[('pass' | 'fail' | 'inconclusive' | 'running')[], string]>([
    [['pass', 'pass'], 'pass'],
    [['pass', 'running'], 'running'],
    [['running', 'fail'], 'fail'],
    [['running', 'inconclusive'], 'inconclusive'],
    [['inconclusive', 'fail'], 'fail']
  ])('%j → %s', (gates, outcome) => {
    expect(judgeStep(gates.map(g))).toBe(outcome)
  })
})

describe('judgeGate with compare: baseline', () => {
  const compareSpec = spec({
    provider: 'http',
    query: 'error-rate',
    compare: 'baseline',
    max: undefined
  })
  const counts = (c: number, b: number): Measurement => ({
    phase: 'ok',
    message: '',
    counts: { canary: { requests: 500, events: c }, baseline: { requests: 500, events: b } }
  })

  test('clear evidence fails mid-step with counts, evidence and p-value', () => {
    const verdict = judgeGate(compareSpec, [counts(15, 5), counts(16, 5), counts(15, 4)], false)
    expect(verdict.outcome).toBe('fail')
    expect(verdict.reason).toMatch(
      /^errors: canary 46\/1500 errors \(3\.07%\) vs baseline 14\/1500 errors \(0\.93%\); evidence ln E \d+\.\d\d of 4\.61 \(α 0\.01\), sequential p [\d.e-]+ → the canary is worse than the baseline: abort$/
    )
  })

  test('similar counts keep running, then pass at the end', () => {
    const same = [counts(5, 5), counts(4, 6), counts(6, 5)]
    expect(judgeGate(compareSpec, same, false).outcome).toBe('running')
    expect(judgeGate(compareSpec, same, true)).toMatchObject({
      outcome: 'pass',
      reason: expect.stringMatching(/no evidence the canary is worse: pass$/)
    })
  })

  test('a canary better than baseline never fails', () => {
    expect(judgeGate(compareSpec, [counts(0, 20), counts(0, 25)], true).outcome).toBe('pass')
  })

  test('a tolerance keeps a slightly worse canary going', () => {
    const slightlyWorse = [counts(7, 5), counts(8, 5), counts(7, 6), counts(8, 5)]
    expect(judgeGate({ ...compareSpec, toleranceRelative: 1 }, slightlyWorse, true).outcome).toBe(
      'pass'
    )
  })

  test('no counts at all follows on-no-data', () => {
    expect(judgeGate(compareSpec, [{ phase: 'no-data', message: 'none' }], true).outcome).toBe(
      'inconclusive'
    )
  })
})

describe('one error budget per rollout: a compare gate carries its evidence across steps', () => {
  const spec = gateSpec({ name: 'errors', provider: 'http', compare: 'baseline', alpha: 0.01 })
  const window = (canaryEvents: number): Measurement => ({
    phase: 'ok',
    message: '',
    counts: {
      canary: { requests: 100, events: canaryEvents },
      baseline: { requests: 1900, events: 19 }
    }
  })

  test('evidence that did not cross in one step goes on from there in the next', () => {
    const step1 = [window(4), window(4)]
    const after1 = evidenceAfter(spec, step1)
    expect(judgeGate(spec, step1, true).outcome).toBe('pass')
    expect(after1.logE).toBeGreaterThan(0)
    // The same two windows again, alone, would not abort; carried on from step 1 they do.
    const step2 = [window(4), window(4)]
    expect(judgeGate(spec, step2, true).outcome).toBe('pass')
    expect(judgeGate(spec, step2, true, { evidence: after1, fullShare: false }).outcome).toBe(
      'fail'
    )
  })

  test('at 100% the baseline takes nothing: no data is a pass when the evidence never crossed', () => {
    const noBaseline: Measurement = {
      phase: 'no-data',
      message: 'no requests for v1 in the window'
    }
    const verdict = judgeGate(spec, [noBaseline, noBaseline], true, {
      evidence: evidenceAfter(spec, [window(1)]),
      fullShare: true
    })
    expect(verdict.outcome).toBe('pass')
    expect(verdict.reason).toMatch(
      /the baseline takes no traffic at 100%, nothing to compare; the evidence of earlier steps never crossed/
    )
    // Below 100% the same no data is not a pass.
    expect(judgeGate(spec, [noBaseline, noBaseline], true).outcome).toBe('inconclusive')
  })
})
