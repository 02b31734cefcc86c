import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { startLoad } from '../../demo/load-generator.js'
import { NginxLab } from '../../demo/nginx-lab.js'
import { RunningService, startSampleService } from '../../demo/sample-service.js'
import { runInProcess } from '../support/canary-lab.js'
import { answeredBy } from '../support/lab.js'
import { luaSocketIn, startLuaNginx } from '../support/nginx-lua.js'
import { freePort } from '../../demo/sample-service.js'

/**
 * nginx-mode: lua on real nginx with Debian's Lua module, set up with the README's include
 * (examples/nginx/progressive-deploy-lua.conf): changes go to the admin socket, never through a
 * reload; the split is exact and shared by all workers, survives a reload and comes back after a
 * restart; a missing endpoint is found before anything changes.
 */

let dir: string
let nginx: NginxLab
let port: number
let services: RunningService[]
let inputs: Record<string, string>

/** nginx's worker processes: a reload replaces them, a change of split must not. */
function workers(): string {
  const master = readFileSync(path.join(nginx.prefix, 'nginx.pid'), 'utf8').trim()
  return execFileSync('pgrep', ['-P', master], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .sort()
    .join(' ')
}

/** Versions answering `count` requests through nginx, from 16 keep-alive clients. */
async function versions(count: number): Promise<Record<string, number>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 })
  const seen: Record<string, number> = {}
  let left = count
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (left-- > 0) {
        const color = await new Promise<string>((resolve, reject) =>
          http
            .get(nginx.url, { agent }, response => {
              response.resume()
              response.on('end', () => resolve(String(response.headers['x-color'])))
            })
            .on('error', reject)
        )
        seen[color] = (seen[color] ?? 0) + 1
      }
    })
  )
  agent.destroy()
  return seen
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pd-lua-'))
  services = [
    await startSampleService({ port: 0, version: 'v1', color: 'blue' }),
    await startSampleService({ port: 0, version: 'v2', color: 'green' })
  ]
  port = await freePort()
  nginx = await startLuaNginx(dir, `127.0.0.1:${services[0].port}`, port)
  inputs = {
    environment: 'lua',
    'nginx-mode': 'lua',
    'nginx-lua-socket': luaSocketIn(dir),
    'nginx-binary': nginx.binary,
    'blue-address': `127.0.0.1:${services[0].port}`,
    'green-address': `127.0.0.1:${services[1].port}`,
    'probe-url': nginx.url,
    'state-file': path.join(dir, 'state.json'),
    'deploy-command': JSON.stringify([process.execPath, '-e', '0']),
    'health-interval': '100ms',
    'health-deadline': '5s'
  }
}, 30_000)
afterAll(async () => {
  await nginx?.stop()
  await Promise.all((services ?? []).map(s => s.close()))
  rmSync(dir, { recursive: true, force: true })
})

describe('nginx-mode: lua', () => {
  test('plan finds the endpoint; a wrong socket is found by plan and before any change, with the fix', async () => {
    const fine = await runInProcess('plan', inputs)
    expect(fine.report.result).toBe('no-op')
    const wrong = { ...inputs, 'nginx-lua-socket': path.join(dir, 'nowhere.sock') }
    const planned = await runInProcess('plan', wrong)
    expect(planned.report.result).toBe('failure')
    expect(planned.report.headline).toMatch(
      /does not answer .*include examples\/nginx\/progressive-deploy-lua\.conf/
    )
    const switched = await runInProcess('switch', { ...wrong, 'switch-to': 'green', force: 'true' })
    expect(switched.report.result).toBe('failure')
    for (let i = 0; i < 5; i++) expect(await answeredBy(nginx.url)).toBe('blue')
  })

  test('switches under load: no reload, no connection error of either kind, every new request on the target', async () => {
    const before = workers()
    const loads = (['fresh', 'keep-alive'] as const).map(kind =>
      startLoad({ url: nginx.url, kind, concurrency: 4, pauseMs: 2, maxDurationMs: 60_000 })
    )
    try {
      for (const target of ['green', 'blue', 'green']) {
        const run = await runInProcess('switch', { ...inputs, 'switch-to': target, force: 'true' })
        expect(run.report.result).toBe('success')
        for (let i = 0; i < 10; i++) expect(await answeredBy(nginx.url)).toBe(target)
      }
    } finally {
      const [fresh, keepAlive] = await Promise.all(loads.map(l => l.stop()))
      expect(fresh.requests).toBeGreaterThan(100)
      expect([fresh.non2xx, keepAlive.non2xx]).toEqual([0, 0])
      expect([fresh.connectionErrors, keepAlive.connectionErrors]).toEqual([0, 0])
      expect(Object.keys(keepAlive.byVersion).sort()).toEqual(['v1', 'v2'])
    }
    expect(workers()).toBe(before)
  }, 90_000)

  test('a canary step at 10% is exact over 10,000 requests, shared by both workers; it survives a reload and a restart', async () => {
    const run = await runInProcess('release', {
      ...inputs,
      strategy: 'canary',
      version: 'v3',
      'canary-steps': '10, pause, 100',
      'bake-time': '1s',
      'analysis-interval': '1s'
    })
    expect(run.report.result).toBe('success')
    expect(run.report.outputs['canary-weight']).toBe('10')
    // green is live now: the canary went to blue.
    expect(await versions(10_000)).toEqual({ green: 9000, blue: 1000 })

    execFileSync(nginx.binary, ['-c', nginx.configFile, '-p', nginx.prefix, '-s', 'reload'])
    await new Promise(r => setTimeout(r, 500))
    const afterReload = await runInProcess('status', { ...inputs, strategy: 'canary' })
    expect(afterReload.report.outputs['canary-weight']).toBe('10')

    await nginx.stop()
    expect(existsSync(path.join(dir, 'split'))).toBe(true)
    nginx = await startLuaNginx(dir, `127.0.0.1:${services[0].port}`, port)
    const afterRestart = await runInProcess('status', { ...inputs, strategy: 'canary' })
    expect(afterRestart.report.outputs['canary-weight']).toBe('10')
    expect(await versions(10_000)).toEqual({ green: 9000, blue: 1000 })

    const promoted = await runInProcess('promote', {
      ...inputs,
      strategy: 'canary',
      'canary-steps': '10, pause, 100',
      'bake-time': '1s',
      'analysis-interval': '1s'
    })
    expect(promoted.report.result).toBe('success')
    for (let i = 0; i < 10; i++) expect(await answeredBy(nginx.url)).toBe('blue')
  }, 120_000)
})
