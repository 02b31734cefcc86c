import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startLoad } from '../../demo/load-generator.js'
import { CanaryLab, runInProcess, startCanaryLab } from '../support/canary-lab.js'
import { answeredBy } from '../support/lab.js'

/**
 * An abort is confirmed by the router's own state (HAProxy's runtime weights; nginx's workers
 * after the reload) and a bounded probe sample, not by a streak sized for the old split: from
 * 5%, 20% and 50% under load, the abort step says what was seen, and real clients agree.
 */
describe.each(['nginx', 'haproxy'] as const)('abort confirmation on %s under load', router => {
  let lab: CanaryLab
  beforeAll(async () => {
    lab = await startCanaryLab(`abort-${router}`, router)
    await lab.startCanary({ failRate: 0.2 })
  })
  afterAll(async () => {
    await lab?.stop()
  })

  test.each([5, 20, 50])(
    'from %i%%: one consistent message, and no client sees the canary after it',
    async weight => {
      const loads = [
        startLoad({
          url: lab.url,
          kind: 'fresh',
          concurrency: 4,
          pauseMs: 1,
          maxDurationMs: 60_000
        }),
        startLoad({
          url: lab.url,
          kind: 'keep-alive',
          concurrency: 4,
          pauseMs: 1,
          maxDurationMs: 60_000
        })
      ]
      let runEnded = 0
      try {
        const { report, error } = await runInProcess('release', {
          ...lab.inputs,
          environment: `abort-${weight}`,
          version: 'v2',
          'canary-steps': `${weight}, 100`,
          'analysis-interval': '1s',
          metrics: JSON.stringify([
            { name: 'errors', provider: 'http', query: 'error-rate', max: 0.02, rate: 50 }
          ])
        })
        runEnded = performance.now()
        expect(error).toBeUndefined()
        expect(report.result).toBe('failure')
        expect(report.canarySteps).toEqual([expect.objectContaining({ weight, outcome: 'fail' })])
        const abort = report.steps.find(s => s.name === 'abort: 100% back to blue')
        expect(abort?.outcome).toBe('ok')
        const routerSays = router === 'nginx' ? 'nginx reloaded with' : 'HAProxy holds'
        // Every probe answer came from blue (a request reset by nginx's reload may fail: said so).
        expect(abort?.detail).toMatch(
          new RegExp(
            `^${routerSays} 100% blue; (\\d+) of \\d+ probe answers from blue(; \\d+ probe requests failed)?$`
          )
        )
        expect(report.headline).toMatch(/^canary v2 aborted; all traffic is back on blue\./)
        await new Promise(r => setTimeout(r, 500))
      } finally {
        await Promise.all(loads.map(l => l.stop()))
      }
      // Real clients agree with the message: none got an answer from the canary once the run ended.
      for (const load of loads) expect(load.lastAnswerFrom('v2') ?? 0).toBeLessThan(runEnded)
      expect(loads.some(l => l.lastAnswerFrom('v2') !== undefined)).toBe(true)
      for (let i = 0; i < 5; i++) expect(await answeredBy(lab.url)).toBe('blue')
    },
    60_000
  )
})
