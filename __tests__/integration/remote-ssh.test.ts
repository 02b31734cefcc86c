import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { statSync } from 'node:fs'
import path from 'node:path'
import { startLoad } from '../../demo/load-generator.js'
import { runInProcess } from '../support/canary-lab.js'
import { answeredBy } from '../support/lab.js'
import { RemoteLab, startRemoteLab } from '../support/netns-lab.js'

/**
 * The load balancer on another host, reached over ssh as a non-root deploy user with sudo for
 * exactly the commands the README lists (hosts in network namespaces, a real sshd). Then the
 * link to it fails mid-switch: cut, lossy, slow.
 */

let lab: RemoteLab
let inputs: Record<string, string>
beforeAll(async () => {
  lab = await startRemoteLab('ssh')
  inputs = {
    environment: 'remote',
    'blue-address': lab.addresses.blue,
    'green-address': lab.addresses.green,
    'nginx-upstream-file': lab.nginx.upstreamFile,
    'nginx-config': lab.nginx.configFile,
    'nginx-prefix': lab.nginx.prefix,
    'nginx-binary': '/usr/sbin/nginx',
    'router-command-prefix': JSON.stringify(lab.prefix),
    'probe-url': lab.url,
    'state-file': path.join(lab.dir, 'state.json'),
    'deploy-command': JSON.stringify([process.execPath, '-e', '0']),
    'health-interval': '100ms',
    'health-deadline': '5s',
    'confirm-timeout': '5s'
  }
}, 60_000)
afterAll(async () => {
  await lab?.stop()
})

/** What nginx on the load balancer host serves now, by fresh requests from the runner. */
async function serving(): Promise<string> {
  const seen = new Set<string>()
  for (let i = 0; i < 6; i++) seen.add(await answeredBy(lab.url))
  return [...seen].sort().join('+')
}

describe('over ssh as the deploy user, with sudo', () => {
  test('switch: the root-owned include changed through sudo, nginx reloaded, confirmed', async () => {
    const run = await runInProcess('switch', { ...inputs, 'switch-to': 'green', force: 'true' })
    expect(run.error).toBeUndefined()
    expect(run.report.result).toBe('success')
    expect(await serving()).toBe('green')
    // Still root's file: the deploy user wrote it only through the sudo rules.
    expect(statSync(lab.nginx.upstreamFile).uid).toBe(0)
  }, 60_000)

  test('canary: 50% then 100% onto blue, every step through ssh', async () => {
    const run = await runInProcess('release', {
      ...inputs,
      strategy: 'canary',
      version: 'v3',
      'canary-steps': '50, 100',
      'bake-time': '1s',
      'analysis-interval': '1s'
    })
    expect(run.error).toBeUndefined()
    expect(run.report.result).toBe('success')
    expect(run.report.canarySteps.map(s => `${s.weight} ${s.outcome}`)).toEqual([
      '50 pass',
      '100 pass'
    ])
    expect(await serving()).toBe('blue')
  }, 90_000)
})

describe('pools of 3 per color behind HAProxy on the load balancer host', () => {
  test('blue/green, then a canary back, under load from the runner: no failed request, whole pools moved', async () => {
    const haproxyInputs = {
      environment: 'remote-pools',
      router: 'haproxy',
      'haproxy-socket': lab.haproxy.socket,
      'haproxy-backend': 'be',
      'blue-addresses': lab.pools.blue.join('\n'),
      'green-addresses': lab.pools.green.join('\n'),
      'probe-url': lab.haproxy.url,
      'state-file': path.join(lab.dir, 'pools-state.json'),
      'deploy-command': JSON.stringify([process.execPath, '-e', '0']),
      'health-interval': '100ms',
      'health-deadline': '5s'
    }
    const loads = (['fresh', 'keep-alive'] as const).map(kind =>
      startLoad({ url: lab.haproxy.url, kind, concurrency: 4, pauseMs: 2, maxDurationMs: 60_000 })
    )
    try {
      const release = await runInProcess('release', { ...haproxyInputs, version: 'v2' })
      expect(release.error).toBeUndefined()
      expect(release.report.result).toBe('success')
      for (let i = 0; i < 6; i++) expect(await answeredBy(lab.haproxy.url)).toBe('green')
      const canary = await runInProcess('release', {
        ...haproxyInputs,
        strategy: 'canary',
        version: 'v3',
        'canary-steps': '20, 100',
        'bake-time': '2s',
        'analysis-interval': '1s'
      })
      expect(canary.error).toBeUndefined()
      expect(canary.report.result).toBe('success')
      for (let i = 0; i < 6; i++) expect(await answeredBy(lab.haproxy.url)).toBe('blue')
    } finally {
      const [fresh, keepAlive] = await Promise.all(loads.map(l => l.stop()))
      expect(fresh.requests).toBeGreaterThan(100)
      expect([fresh.non2xx, keepAlive.non2xx]).toEqual([0, 0])
      expect([fresh.connectionErrors, keepAlive.connectionErrors]).toEqual([0, 0])
      // Both versions answered: the switches happened under the load.
      expect(Object.keys(fresh.byVersion).sort()).toEqual(['v1', 'v2'])
    }
  }, 90_000)
})

describe('the link to the load balancer fails mid-switch', () => {
  /**
   * After the fault is gone, nginx serves what the run said: the target when it succeeded, the
   * color it started from when it failed, unless the error itself says the change may be half
   * done.
   */
  async function truthful(
    run: Awaited<ReturnType<typeof runInProcess>>,
    from: string,
    to: string
  ): Promise<void> {
    const now = await serving()
    // Whatever the run could or could not say, status reads the truth once the link is back.
    const status = await runInProcess('status', inputs)
    expect(status.report.outputs['active-color']).toBe(now)
    if (run.report.result === 'success') expect(now).toBe(to)
    else if (
      !/could not be put back|may hold|may be on|not confirmed/i.test(
        run.error?.message ?? run.report.headline
      )
    )
      expect(`${now} (${run.report.headline})`).toBe(`${from} (${run.report.headline})`)
  }

  test('5% packet loss: the switch completes and is confirmed', async () => {
    lab.loss(5)
    try {
      const run = await runInProcess('switch', { ...inputs, 'switch-to': 'green', force: 'true' })
      expect(run.report.result).toBe('success')
      lab.heal()
      await truthful(run, 'blue', 'green')
    } finally {
      lab.heal()
    }
  }, 90_000)

  test('a slow link (256 kbit/s): the switch completes and is confirmed', async () => {
    lab.slow('256kbit')
    try {
      const run = await runInProcess('switch', { ...inputs, 'switch-to': 'blue', force: 'true' })
      expect(run.report.result).toBe('success')
      lab.heal()
      await truthful(run, 'green', 'blue')
    } finally {
      lab.heal()
    }
  }, 90_000)

  test.each([0.25, 0.6, 0.85])(
    'the link cut at %p of a switch for 6 s: done or put back, or says it may be half done',
    async fraction => {
      // Where in a switch the cut lands: a share of how long a clean one takes here.
      const from = await serving()
      const to = from === 'blue' ? 'green' : 'blue'
      const clean = Date.now()
      await runInProcess('switch', { ...inputs, 'switch-to': to, force: 'true' })
      const cutAfterMs = Math.round((Date.now() - clean) * fraction)
      await runInProcess('switch', { ...inputs, 'switch-to': from, force: 'true' })
      expect(await serving()).toBe(from)

      const started = Date.now()
      const cut = setTimeout(() => lab.linkDown(), cutAfterMs)
      let run
      try {
        run = await runInProcess('switch', { ...inputs, 'switch-to': to, force: 'true' })
      } finally {
        clearTimeout(cut)
        // The link comes back 6 s after it went down, whenever the run ended.
        await new Promise(r => setTimeout(r, Math.max(0, started + cutAfterMs + 6000 - Date.now())))
        lab.heal()
      }
      await truthful(run, from, to)
    },
    120_000
  )
})
