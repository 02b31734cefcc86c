import { describe, expect, test } from '@jest/globals'
import { HttpClient, HttpResponse } from '../../src/platform/http-client.js'
import { MemoryLogger } from '../../src/platform/logger.js'
import { TrafficProbe } from '../../src/routers/traffic-probe.js'
import { FakeClock } from '../support/fakes.js'

const targets = [
  { name: 'blue', address: '10.0.0.1:80' },
  { name: 'green', address: '10.0.0.2:80' }
]

/** Answers with the next backend from a script; each answer takes 1 ms of (fake) time. */
class ScriptedBalancer implements HttpClient {
  sent = 0
  constructor(
    private readonly clock: FakeClock,
    private readonly next: (n: number) => string | undefined
  ) {}
  async get(): Promise<HttpResponse> {
    this.clock.t += 1
    const backend = this.next(this.sent++)
    return {
      status: 200,
      headers: backend === undefined ? {} : { 'x-upstream-addr': backend },
      body: ''
    }
  }
  async post(): Promise<HttpResponse> {
    throw new Error('not used')
  }
}

const probe = (clock: FakeClock, http: HttpClient, log = new MemoryLogger()) =>
  new TrafficProbe(
    { url: 'http://lb/', header: 'x-upstream-addr', timeoutMs: 5000 },
    targets,
    http,
    clock,
    log
  )

describe('TrafficProbe.confirmSole', () => {
  test('confirms once the target answers for long enough, reading $upstream_addr lists', async () => {
    const clock = new FakeClock()
    const http = new ScriptedBalancer(clock, n =>
      n < 20 ? '10.0.0.1:80' : '10.0.0.1:80, 10.0.0.2:80'
    )
    expect(await probe(clock, http).confirmSole('green')).toEqual({
      held: true,
      detail: expect.stringMatching(
        /^\d+ probe answers in a row from green \(5 rule out the previous 0% share\)$/
      )
    })
    // Not on a burst: the streak lasted at least 250 ms of probing.
    expect(http.sent).toBeGreaterThan(250)
  })

  test('a target that already had most of the traffic needs a long streak: a 90/10 split is not "all"', async () => {
    const clock = new FakeClock()
    // The old split: every tenth answer still comes from the other backend, forever.
    const http = new ScriptedBalancer(clock, n => (n % 10 === 9 ? 'green' : 'blue'))
    const log = new MemoryLogger()
    expect(await probe(clock, http, log).confirmSole('blue', 0.9)).toEqual({
      held: false,
      detail: 'http://lb/ was still answered by green 5000 ms after the change'
    })
    expect(log.lines).toEqual([expect.stringMatching(/still answered by green after 5000 ms/)])
  })

  test('without the header it says how to add it', async () => {
    const clock = new FakeClock()
    await expect(
      probe(clock, new ScriptedBalancer(clock, () => undefined)).confirmSole('blue')
    ).rejects.toThrow(/add_header X-Upstream-Addr \$upstream_addr always;/)
  })
})

describe('TrafficProbe.confirmSole at its deadline', () => {
  test('a streak too short to rule out the old split, with no other answer lately, is "not shown", not "failed"', async () => {
    const clock = new FakeClock()
    // Answers slow down under load: 400 ms each, all from blue.
    const slow: HttpClient = {
      get: async () => {
        clock.t += 400
        return { status: 200, headers: { 'x-upstream-addr': '10.0.0.1:80' }, body: '' }
      },
      post: async () => {
        throw new Error('not used')
      }
    }
    const confirmation = await probe(clock, slow).confirmSole('blue', 0.95)
    expect(confirmation.held).toBeUndefined()
    expect(confirmation.detail).toMatch(
      /^set; \d+ probe answers in a row from blue within 5000 ms, fewer than the 135 that rule out the previous 95% share$/
    )
  })
})

describe('TrafficProbe.sample: bounded, after the router showed the change', () => {
  test('takes a few dozen answers over at least 250 ms and counts them per backend', async () => {
    const clock = new FakeClock()
    const http = new ScriptedBalancer(clock, n => (n === 3 ? '10.0.0.2:80' : '10.0.0.1:80'))
    const sample = await probe(clock, http).sample('blue')
    expect(sample.answers).toBeGreaterThanOrEqual(24)
    expect(sample.elapsedMs).toBeGreaterThanOrEqual(250)
    expect(sample.fromOthers).toEqual({ green: 1 })
    expect(sample.fromTarget).toBe(sample.answers - 1)
  })

  test('a change that holds at once (a runtime API) is sampled by 25 answers asked together, with no wait', async () => {
    const clock = new FakeClock()
    const inFlight: number[] = []
    let open = 0
    const http = new ScriptedBalancer(clock, n => (n === 7 ? '10.0.0.2:80' : '10.0.0.1:80'))
    const counting: HttpClient = {
      get: async () => {
        inFlight.push(++open)
        await Promise.resolve()
        try {
          return await http.get()
        } finally {
          open--
        }
      },
      post: async () => {
        throw new Error('not used')
      }
    }
    const sample = await probe(clock, counting).sample('blue', 'at-once')
    // 25 answers rule out an old target still taking a quarter of the traffic (1 in 1000).
    expect(sample).toMatchObject({ answers: 25, fromTarget: 24, fromOthers: { green: 1 } })
    expect(Math.max(...inFlight)).toBe(25)
    expect(sample.elapsedMs).toBeLessThan(250)
  })

  test('never takes longer than 2 s, however slow the answers: no request outlives the budget', async () => {
    const clock = new FakeClock()
    // Eight requests in flight at once, each answered 1.5 s after it was sent, or timed out.
    const slow: HttpClient = {
      get: async (_url, timeoutMs) => {
        const sentAt = clock.t
        await Promise.resolve()
        clock.t = Math.max(clock.t, sentAt + Math.min(1500, timeoutMs))
        if (timeoutMs < 1500) throw new Error('timeout')
        return { status: 200, headers: { 'x-upstream-addr': '10.0.0.1:80' }, body: '' }
      },
      post: async () => {
        throw new Error('not used')
      }
    }
    const sample = await probe(clock, slow).sample('blue')
    expect(sample.elapsedMs).toBeLessThanOrEqual(2000)
    // The first batch answered; the second ran into the budget's end and counts as failed.
    expect(sample).toMatchObject({ answers: 16, fromTarget: 8, failed: 8 })
  })
})
