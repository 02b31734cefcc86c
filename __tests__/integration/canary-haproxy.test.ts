import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { MemoryLogger } from '../../src/platform/logger.js'
import { SocketHaproxyRuntime } from '../../src/platform/haproxy-socket.js'
import { HaproxyRouter } from '../../src/routers/haproxy-router.js'
import { canaryUnderLoad, expectHealthyCanary } from '../support/canary-checks.js'
import { CanaryLab, runInProcess, startCanaryLab } from '../support/canary-lab.js'
import { answeredBy } from '../support/lab.js'

let lab: CanaryLab
beforeAll(async () => {
  lab = await startCanaryLab('canary-haproxy', 'haproxy')
})
afterAll(async () => {
  await lab?.stop()
})

const router = (log = new MemoryLogger()) =>
  new HaproxyRouter(
    { backend: 'be', servers: { blue: 'blue', green: 'green' } },
    new SocketHaproxyRuntime(lab.haproxy!.socket),
    undefined,
    log
  )

describe('canary on real HAProxy (runtime API, no reload)', () => {
  test('a healthy canary goes 1 → 5 → 20 → 50 → 100 under load: no failed request, split within 1 point per step', async () => {
    await lab.startCanary({})
    const run = await canaryUnderLoad(lab, { environment: 'healthy' })
    expectHealthyCanary(run)
    expect(run.keepAlive.connectionErrors).toBe(0)
    expect(await router().getWeights()).toEqual({ blue: 0, green: 100 })
    for (let i = 0; i < 5; i++) expect(await answeredBy(lab.url)).toBe('green')
    expect(
      (
        await runInProcess('switch', {
          ...lab.inputs,
          environment: 'healthy',
          'switch-to': 'blue',
          force: 'true'
        })
      ).report.result
    ).toBe('success')
  }, 60_000)

  test('a canary answering 10% errors is aborted and HAProxy sends everything back to stable', async () => {
    await lab.startCanary({ failRate: 0.1 })
    const { report } = await runInProcess('release', {
      ...lab.inputs,
      environment: 'errors',
      version: 'v2',
      metrics: JSON.stringify([
        { name: 'canary-errors', provider: 'http', query: 'error-rate', max: 0.02, rate: 50 }
      ])
    })
    expect(report.result).toBe('failure')
    expect(report.canarySteps).toEqual([expect.objectContaining({ weight: 1, outcome: 'fail' })])
    expect(await router().getWeights()).toEqual({ blue: 100, green: 0 })
    for (let i = 0; i < 10; i++) expect(await answeredBy(lab.url)).toBe('blue')
  }, 30_000)

  test('a split it set is applied again after HAProxy was reloaded (runtime changes do not survive a reload)', async () => {
    const log = new MemoryLogger()
    const r = router(log)
    await r.setWeights({ blue: 95, green: 5 })
    await lab.haproxy!.reload()
    expect(await router().getWeights()).toEqual({ blue: 100, green: 0 })
    expect(await r.verify({ blue: 95, green: 5 })).toEqual({
      held: true,
      detail: 'HAProxy holds 95% blue / 5% green'
    })
    expect(await router().getWeights()).toEqual({ blue: 95, green: 5 })
    expect(log.lines).toEqual([
      expect.stringMatching(
        /HAProxy holds 100% blue \/ 0% green instead of 95% blue \/ 5% green \(reloaded since\?\); applying it again/
      )
    ])
    await r.setWeights({ blue: 100, green: 0 })
  })

  test('refuses any change that would leave no server taking traffic', async () => {
    const r = router()
    await expect(r.setWeights({ blue: 0, green: 0 })).rejects.toThrow(
      /leaves no server taking traffic/
    )
    await expect(r.drain(['blue'])).rejects.toThrow(
      /refusing to drain blue: no other server would take traffic/
    )
    expect(await r.getWeights()).toEqual({ blue: 100, green: 0 })
  })

  test('a wrong backend or server name is a clear error', async () => {
    const wrong = new HaproxyRouter(
      { backend: 'nope', servers: { blue: 'blue', green: 'green' } },
      new SocketHaproxyRuntime(lab.haproxy!.socket),
      undefined,
      new MemoryLogger()
    )
    await expect(wrong.getWeights()).rejects.toThrow(/HAProxy has no backend "nope"/)
    const server = new HaproxyRouter(
      { backend: 'be', servers: { blue: 'blue', green: 'grn' } },
      new SocketHaproxyRuntime(lab.haproxy!.socket),
      undefined,
      new MemoryLogger()
    )
    await expect(server.getWeights()).rejects.toThrow(/no server "grn" \(for green\)/)
  })
})
