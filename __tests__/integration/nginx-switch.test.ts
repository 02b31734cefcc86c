import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startLoad } from '../../demo/load-generator.js'
import { parseSettings } from '../../src/config/parse-settings.js'
import { systemClock } from '../../src/platform/clock.js'
import { ExecCommandRunner } from '../../src/platform/command-runner.js'
import { NodeHttpClient } from '../../src/platform/http-client.js'
import { MemoryLogger } from '../../src/platform/logger.js'
import { createRouter } from '../../src/routers/factory.js'
import { TrafficRouter } from '../../src/routers/traffic-router.js'
import { answeredBy, Lab, startLab, reloadResets } from '../support/lab.js'

let lab: Lab
const routerFor = (extra: Record<string, string> = {}): TrafficRouter => {
  const inputs: Record<string, string> = { ...lab.inputs, ...extra }
  const settings = parseSettings(name => inputs[name], 'switch')
  return createRouter(settings, {
    runner: new ExecCommandRunner(),
    http: new NodeHttpClient(),
    clock: systemClock,
    log: new MemoryLogger()
  })
}

beforeAll(async () => {
  lab = await startLab('switch')
})
afterAll(async () => {
  await lab?.stop()
})

/** Fresh requests until five in a row come from `color`; resolves to the time it took. */
describe('nginx router against real nginx', () => {
  test('reads the hand-written upstream the user started with', async () => {
    expect(await routerFor().getWeights()).toEqual({ blue: 100, green: 0 })
  })

  test('20 switches under fresh-connection load: no failed request; once confirmed, new requests go to the target', async () => {
    const router = routerFor()
    const load = startLoad({
      url: lab.nginx.url,
      kind: 'fresh',
      concurrency: 4,
      maxDurationMs: 60_000
    })
    let confirmed = 0
    const afterwards: string[] = []
    for (let i = 0; i < 20; i++) {
      const to = i % 2 === 0 ? 'green' : 'blue'
      const weights = to === 'green' ? { blue: 0, green: 100 } : { blue: 100, green: 0 }
      await router.setWeights(weights)
      const { held, detail } = await router.verify(weights)
      if (held === true) confirmed += 1
      // nginx's own workers showed the reload, and the probe agreed.
      expect(detail).toMatch(
        new RegExp(`^nginx reloaded with 100% ${to}; \\d+ of \\d+ probe answers from ${to}`)
      )
      // Order, not time: once the switch is confirmed, every new request reaches the target.
      for (let n = 0; n < 5; n++) afterwards.push(`${to}: ${await answeredBy(lab.nginx.url)}`)
      expect(await router.getWeights()).toEqual(weights)
    }
    const stats = await load.stop()

    expect(confirmed).toBe(20)
    expect(afterwards.filter(a => a.split(': ')[0] !== a.split(': ')[1])).toEqual([])
    expect(stats.requests).toBeGreaterThan(200)
    expect(stats.non2xx).toBe(0)
    expect(stats.connectionErrors).toBeLessThanOrEqual(reloadResets(stats.requests))
    expect(Object.keys(stats.byVersion).sort()).toEqual(['v1', 'v2'])
  })

  test('works the same through a command prefix (files and nginx run via the prefix)', async () => {
    const router = routerFor({ 'router-command-prefix': 'env' })
    await router.setWeights({ blue: 0, green: 100 })
    expect(await router.verify({ blue: 0, green: 100 })).toMatchObject({
      held: true,
      detail: expect.stringMatching(/^nginx reloaded with 100% green; /)
    })
    await router.setWeights({ blue: 100, green: 0 })
    expect((await router.verify({ blue: 100, green: 0 })).held).toBe(true)
    expect(await answeredBy(lab.nginx.url)).toBe('blue')
  })

  test('refuses a split that leaves no server taking traffic and changes nothing', async () => {
    const router = routerFor()
    const before = await router.getWeights()
    await expect(router.setWeights({ blue: 0, green: 0 })).rejects.toThrow(
      /leaves no server taking traffic/
    )
    expect(await router.getWeights()).toEqual(before)
  })
})
