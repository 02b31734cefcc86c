import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { statSync } from 'node:fs'
import path from 'node:path'
import { startLoad } from '../../demo/load-generator.js'
import { runInProcess } from '../support/canary-lab.js'
import { answeredBy, reloadResets } from '../support/lab.js'
import { RemoteLab, startRemoteLab } from '../support/netns-lab.js'
import { remoteRollingUnderLoad } from '../support/remote-rolling.js'

/**
 * The load balancer on another host, reached over ssh as a non-root deploy user with sudo for
 * exactly the commands the README lists (hosts in network namespaces, a real sshd): switch,
 * canary, rolling. Then the link to it fails mid-switch: cut, lossy, slow.
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

/** What a front on the load balancer host serves now (nginx unless named), by fresh requests from the runner. */
async function serving(url = lab.url): Promise<string> {
  const seen = new Set<string>()
  for (let i = 0; i < 6; i++) seen.add(await answeredBy(url))
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

describe('nginx-mode lua on the load balancer host, through ssh and the README sudo rules', () => {
  /** The Lua nginx's worker processes: a reload would replace them, a change must not. */
  const workers = (prefix: string) => {
    const master = lab.onLb(['cat', path.join(prefix, 'nginx.pid')]).trim()
    return lab.onLb(['pgrep', '-P', master]).trim().split('\n').sort().join(' ')
  }
  let lua: Awaited<ReturnType<RemoteLab['startLuaNginx']>>
  beforeAll(async () => {
    lua = await lab.startLuaNginx()
  })

  test('a switch and a canary under load from the runner: curl there sets each split, no reload, no failed request', async () => {
    const luaInputs = {
      ...inputs,
      environment: 'remote-lua',
      'nginx-mode': 'lua',
      'nginx-lua-socket': lua.socket,
      'nginx-config': lua.configFile,
      'nginx-prefix': lua.prefix,
      'probe-url': lua.url,
      'state-file': path.join(lab.dir, 'lua-state.json')
    }
    const before = workers(lua.prefix)
    const loads = (['fresh', 'keep-alive'] as const).map(kind =>
      startLoad({ url: lua.url, kind, concurrency: 4, pauseMs: 2, maxDurationMs: 60_000 })
    )
    try {
      const run = await runInProcess('switch', {
        ...luaInputs,
        'switch-to': 'green',
        force: 'true'
      })
      expect(run.error).toBeUndefined()
      expect(run.report.result).toBe('success')
      expect(await serving(lua.url)).toBe('green')
      const canary = await runInProcess('release', {
        ...luaInputs,
        strategy: 'canary',
        version: 'v3',
        'canary-steps': '50, 100',
        'bake-time': '1s',
        'analysis-interval': '1s'
      })
      expect(canary.error).toBeUndefined()
      expect(canary.report.canarySteps.map(s => `${s.weight} ${s.outcome}`)).toEqual([
        '50 pass',
        '100 pass'
      ])
      expect(await serving(lua.url)).toBe('blue')
      // The endpoint saved the last split for a restart, as root on that host.
      expect(lab.onLb(['cat', path.join(lua.prefix, 'split')])).toBe(
        `${lab.addresses.blue} 10000\n${lab.addresses.green} 0\n`
      )
    } finally {
      const [fresh, keepAlive] = await Promise.all(loads.map(l => l.stop()))
      expect(fresh.requests).toBeGreaterThan(100)
      expect([fresh.non2xx, keepAlive.non2xx]).toEqual([0, 0])
      expect([fresh.connectionErrors, keepAlive.connectionErrors]).toEqual([0, 0])
    }
    // No reload: the same workers served every request.
    expect(workers(lua.prefix)).toBe(before)
  }, 90_000)

  test('a socket the sudo rules do not name: plan and switch stop before any change, saying why', async () => {
    const url = lua.url
    const held = await serving(url)
    const wrong = {
      ...inputs,
      environment: 'remote-lua-wrong',
      'nginx-mode': 'lua',
      'nginx-lua-socket': '/run/elsewhere.sock',
      'probe-url': url,
      'state-file': path.join(lab.dir, 'lua-wrong-state.json')
    }
    const plan = await runInProcess('plan', wrong)
    expect(plan.report.facts).toContainEqual([
      'router',
      expect.stringMatching(
        /^nginx \(lua\): the split at the admin socket \/run\/elsewhere.sock, no reloads, via "ssh /
      )
    ])
    for (const command of ['plan', 'switch'] as const) {
      const run = await runInProcess(command, { ...wrong, 'switch-to': 'green', force: 'true' })
      expect(run.report.result).toBe('failure')
      // plan reports it in its headline; switch fails with it.
      expect(command === 'plan' ? run.report.headline : run.error?.message).toMatch(
        /cannot reach nginx's Lua admin endpoint through router-command-prefix \(exit 1\): sudo: a password is required/
      )
      expect(run.report.steps.filter(s => s.name.startsWith('switch'))).toEqual([])
    }
    expect(await serving(url)).toBe(held)
  }, 60_000)
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

describe('two load balancers on that host as one, the link cut mid-switch', () => {
  test.each([0.3, 0.7])(
    'cut at %p of a switch for 6 s: both switched, both put back, or the error says it may be half done',
    async fraction => {
      const two = {
        environment: 'remote-two',
        'state-file': path.join(lab.dir, 'two-state.json'),
        'blue-addresses': lab.pools.blue.join('\n'),
        'green-addresses': lab.pools.green.join('\n'),
        'deploy-command': JSON.stringify([process.execPath, '-e', '0']),
        'health-interval': '100ms',
        'health-deadline': '5s',
        'confirm-timeout': '5s',
        routers: JSON.stringify([
          {
            name: 'nginx-lb',
            'nginx-upstream-file': lab.nginx.upstreamFile,
            'nginx-config': lab.nginx.configFile,
            'nginx-prefix': lab.nginx.prefix,
            'nginx-binary': '/usr/sbin/nginx',
            'router-command-prefix': JSON.stringify(lab.prefix),
            'probe-url': lab.url
          },
          {
            name: 'haproxy-lb',
            router: 'haproxy',
            'haproxy-socket': lab.haproxy.socket,
            'haproxy-backend': 'be',
            'probe-url': lab.haproxy.url
          }
        ])
      }
      const both = async () => [await serving(lab.url), await serving(lab.haproxy.url)]
      const clean = Date.now()
      await runInProcess('switch', { ...two, 'switch-to': 'green', force: 'true' })
      const cutAfterMs = Math.round((Date.now() - clean) * fraction)
      await runInProcess('switch', { ...two, 'switch-to': 'blue', force: 'true' })
      expect(await both()).toEqual(['blue', 'blue'])

      const started = Date.now()
      const cut = setTimeout(() => lab.linkDown(), cutAfterMs)
      let run
      try {
        run = await runInProcess('switch', { ...two, 'switch-to': 'green', force: 'true' })
      } finally {
        clearTimeout(cut)
        await new Promise(r => setTimeout(r, Math.max(0, started + cutAfterMs + 6000 - Date.now())))
        lab.heal()
      }
      const said = run.error?.message ?? run.report.headline
      // While the link was down nginx marked the pool's servers failed (max_fails, fail_timeout
      // 10 s): its 502s end on their own, and are not where traffic is.
      let now = await both()
      for (let i = 0; i < 30 && now.some(c => c.includes('status')); i++) {
        await new Promise(r => setTimeout(r, 500))
        now = await both()
      }
      if (run.report.result === 'success') expect(now).toEqual(['green', 'green'])
      else if (!/could not be put back|may hold|may be on|not confirmed/i.test(said))
        expect(`${now.join(', ')} (${said})`).toBe(`blue, blue (${said})`)
      // Once the link is back, status reads each load balancer: one color, or a warning naming both.
      const status = await runInProcess('status', two)
      if (now[0] === now[1])
        expect(`${status.report.outputs['active-color']} (${status.report.headline})`).toBe(
          `${now[0]} (${status.report.headline})`
        )
      else
        expect(status.log.join('\n')).toMatch(/the load balancers disagree: nginx-lb .*haproxy-lb/)
    },
    120_000
  )
})

describe('rolling over ssh: six instances on three app hosts', () => {
  test('batches of 2 under load from the runner: every instance on v2, no failed request, nginx root-owned', async () => {
    const run = await remoteRollingUnderLoad(lab, {
      environment: 'remote-rolling',
      'state-file': path.join(lab.dir, 'rolling-state.json'),
      version: 'v2',
      'batch-size': '2',
      'max-unavailable': '2',
      'min-ready': '1s'
    })
    expect(run.error).toBeUndefined()
    expect(run.report.result).toBe('success')
    expect(run.versions).toEqual(Object.fromEntries(lab.fleet.instances.map(i => [i.name, 'v2'])))
    expect(run.fresh.requests).toBeGreaterThan(100)
    expect([run.fresh.non2xx, run.keepAlive.non2xx]).toEqual([0, 0])
    // Each batch is a reload (out, then back in): nginx may reset a few fresh connections.
    expect(run.fresh.connectionErrors).toBeLessThanOrEqual(reloadResets(run.fresh.requests))
    // Both versions answered through the load balancer while the update ran.
    expect(Object.keys(run.fresh.byVersion).sort()).toEqual(['v1', 'v2'])
    expect(statSync(lab.nginx.upstreamFile).uid).toBe(0)
  }, 120_000)
})
