import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { startLoad } from '../../demo/load-generator.js'
import { initialUpstream, NginxLab, startNginx } from '../../demo/nginx-lab.js'
import { freePort, RunningService, startSampleService } from '../../demo/sample-service.js'
import { runInProcess } from '../support/canary-lab.js'
import { answeredBy } from '../support/lab.js'

/**
 * Warm-up before the first traffic, on real nginx under load: green logs every request in order,
 * telling the load balancer's (nginx marks them) from the warm-up's; a failed warm-up leaves
 * traffic where it was.
 */

let dir: string
let nginx: NginxLab
let blue: RunningService
let green: http.Server
/** Green's requests in order: "lb <path>" or "direct <path>". */
const log: string[] = []
let failRecommend = false
let inputs: Record<string, string>

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pd-warmup-'))
  blue = await startSampleService({ port: 0, version: 'v1', color: 'blue' })
  green = http.createServer((request, response) => {
    request.resume()
    log.push(`${request.headers['x-via-lb'] ? 'lb' : 'direct'} ${request.url}`)
    const status = failRecommend && request.url?.startsWith('/recommend') ? 500 : 200
    response.writeHead(status, { 'x-color': 'green', 'x-version': 'v2' })
    response.end('{"ok":true}')
  })
  await new Promise<void>(resolve => green.listen(0, '127.0.0.1', resolve))
  const greenAddress = `127.0.0.1:${(green.address() as AddressInfo).port}`
  nginx = await startNginx({
    prefix: path.join(dir, 'nginx'),
    port: await freePort(),
    upstream: initialUpstream(`127.0.0.1:${blue.port}`)
  })
  inputs = {
    environment: 'warm',
    'blue-address': `127.0.0.1:${blue.port}`,
    'green-address': greenAddress,
    'nginx-upstream-file': nginx.upstreamFile,
    'nginx-config': nginx.configFile,
    'nginx-prefix': nginx.prefix,
    'nginx-binary': nginx.binary,
    'probe-url': nginx.url,
    'state-file': path.join(dir, 'state.json'),
    'deploy-command': JSON.stringify([process.execPath, '-e', '0']),
    'health-interval': '100ms',
    'health-deadline': '5s',
    'warmup-paths': '/\n/recommend?city=paris',
    'warmup-requests': '40',
    'warmup-rate': '200'
  }
}, 30_000)
afterAll(async () => {
  await nginx?.stop()
  await blue?.close()
  await new Promise(r => green?.close(r))
  rmSync(dir, { recursive: true, force: true })
})

test('a failing warm-up stops the release before any traffic moves, and says why', async () => {
  failRecommend = true
  try {
    const run = await runInProcess('release', { ...inputs, version: 'v2' })
    expect(run.report.result).toBe('failure')
    expect(run.report.headline).toMatch(
      /warm-up of green \(v2\) failed: 40 requests to 2 path\(s\) on 1 instance\(s\) of green .*20 failed.*traffic was not moved/
    )
    expect(log.filter(l => l.startsWith('lb'))).toEqual([])
    for (let i = 0; i < 5; i++) expect(await answeredBy(nginx.url)).toBe('blue')
  } finally {
    failRecommend = false
  }
})

test('under load, every warm-up request reaches green before the first request through nginx', async () => {
  log.length = 0
  const load = startLoad({
    url: nginx.url,
    kind: 'fresh',
    concurrency: 4,
    pauseMs: 2,
    maxDurationMs: 30_000
  })
  try {
    // The release deployed earlier stopped at warm-up: switch takes it from there.
    const run = await runInProcess('switch', inputs)
    expect(run.error).toBeUndefined()
    expect(run.report.result).toBe('success')
    const names = run.report.steps.map(s => s.name)
    expect(names.indexOf('warm-up green')).toBeLessThan(
      names.findIndex(n => n.startsWith('switch traffic'))
    )
    await new Promise(r => setTimeout(r, 300))
  } finally {
    const stats = await load.stop()
    expect(stats.non2xx + stats.connectionErrors).toBe(0)
  }
  const firstViaNginx = log.findIndex(l => l.startsWith('lb'))
  expect(firstViaNginx).toBeGreaterThan(0)
  const warm = log.slice(0, firstViaNginx)
  expect(
    warm.filter(l => l.startsWith('direct /recommend?city=paris')).length
  ).toBeGreaterThanOrEqual(20)
  // After the first request through nginx, no warm-up request came any more.
  expect(log.slice(firstViaNginx).filter(l => l.includes('/recommend'))).toEqual([])
})

test('a warm-up command that fails leaves traffic untouched', async () => {
  const back = await runInProcess('switch', { ...inputs, 'switch-to': 'blue', force: 'true' })
  expect(back.report.result).toBe('success')
  const run = await runInProcess('release', {
    ...inputs,
    version: 'v3',
    'warmup-paths': '',
    'warmup-command': JSON.stringify([process.execPath, '-e', 'process.exit(3)'])
  })
  expect(run.report.result).toBe('failure')
  expect(run.report.headline).toMatch(
    /warm-up command exited 3 on green \(v3\); traffic was not moved/
  )
  for (let i = 0; i < 5; i++) expect(await answeredBy(nginx.url)).toBe('blue')
})

test('a request file replayed for a duration: its requests, at the rate, before any traffic', async () => {
  const back = await runInProcess('switch', { ...inputs, 'switch-to': 'blue', force: 'true' })
  expect(back.report.outputs['active-color']).toBe('blue')
  const file = path.join(dir, 'requests.txt')
  writeFileSync(file, 'GET /recommend?city=rome\n/menu\n\n')
  log.length = 0
  const run = await runInProcess('release', {
    ...inputs,
    version: 'v4',
    'warmup-paths': '',
    'warmup-file': file,
    'warmup-duration': '500ms',
    'warmup-requests': '',
    'warmup-rate': '40'
  })
  expect(run.error).toBeUndefined()
  expect(run.report.result).toBe('success')
  const firstViaNginx = log.findIndex(l => l.startsWith('lb'))
  const warm = log.slice(0, firstViaNginx).filter(l => l !== 'direct /healthz')
  // 0.5 s at 40/s: 20 requests, the file's two lines in turn.
  expect(warm.length).toBe(20)
  expect(new Set(warm)).toEqual(new Set(['direct /recommend?city=rome', 'direct /menu']))
})
