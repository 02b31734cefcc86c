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
    expect(await probe(clock, http).confirmSole('green')).toBe(true)
    // Not on a burst: the streak lasted at least 250 ms of probing.
    expect(http.sent).toBeGreaterThan(250)
  })

  test('a target that already had most of the traffic needs a long streak: a 90/10 split is not "all"', async () => {
    const clock = new FakeClock()
    // The old split: every tenth answer still comes from the other backend, forever.
    const http = new ScriptedBalancer(clock, n => (n % 10 === 9 ? 'green' : 'blue'))
    const log = new MemoryLogger()
    expect(await probe(clock, http, log).confirmSole('blue', 0.9)).toBe(false)
    expect(log.lines).toEqual([expect.stringMatching(/still answered by blue after 5000 ms/)])
  })

  test('without the header it says how to add it', async () => {
    const clock = new FakeClock()
    await expect(
      probe(clock, new ScriptedBalancer(clock, () => undefined)).confirmSole('blue')
    ).rejects.toThrow(/add_header X-Upstream-Addr \$upstream_addr always;/)
  })
})
