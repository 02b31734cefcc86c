import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { initialUpstream, NginxLab, startNginx } from '../../demo/nginx-lab.js'
import { freePort, RunningService, startSampleService } from '../../demo/sample-service.js'
import { runInProcess } from '../support/canary-lab.js'
import { answeredBy } from '../support/lab.js'

/**
 * Two nginx load balancers in front of the same two colors, configured as one `routers` list:
 * every change goes to both and is confirmed on each; when one fails, the other is put back.
 */

let dir: string
let services: RunningService[]
let lbs: NginxLab[]
let inputs: Record<string, string>

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pd-two-lbs-'))
  services = [
    await startSampleService({ port: 0, version: 'v1', color: 'blue' }),
    await startSampleService({ port: 0, version: 'v2', color: 'green' })
  ]
  const [blue, green] = services.map(s => `127.0.0.1:${s.port}`)
  lbs = []
  for (const name of ['lb1', 'lb2'])
    lbs.push(
      await startNginx({
        prefix: path.join(dir, name),
        port: await freePort(),
        upstream: initialUpstream(blue)
      })
    )
  inputs = {
    environment: 'two-lbs',
    'blue-address': blue,
    'green-address': green,
    'nginx-binary': lbs[0].binary,
    'state-file': path.join(dir, 'state.json'),
    routers: JSON.stringify(
      lbs.map((lb, i) => ({
        name: `lb${i + 1}`,
        'nginx-upstream-file': lb.upstreamFile,
        'nginx-config': lb.configFile,
        'nginx-prefix': lb.prefix,
        'probe-url': lb.url
      }))
    )
  }
})
afterAll(async () => {
  for (const lb of lbs ?? []) await lb.stop()
  await Promise.all((services ?? []).map(s => s.close()))
  rmSync(dir, { recursive: true, force: true })
})

test('with both fine: both switched, each confirmed and named', async () => {
  const run = await runInProcess('switch', { ...inputs, 'switch-to': 'green', force: 'true' })
  expect(run.error).toBeUndefined()
  expect(run.report.result).toBe('success')
  const detail = run.report.steps.map(s => s.detail).join('\n')
  expect(detail).toMatch(
    /lb1: nginx reloaded with 100% green; .*lb2: nginx reloaded with 100% green/
  )
  for (const lb of lbs) for (let i = 0; i < 5; i++) expect(await answeredBy(lb.url)).toBe('green')
})

test('one failing nginx -t: both end where they started, and the error names each', async () => {
  const files = lbs.map(lb => readFileSync(lb.upstreamFile, 'utf8'))
  // lb2's main config is broken after it started: it still serves, but nginx -t now fails.
  const config = readFileSync(lbs[1].configFile, 'utf8')
  appendFileSync(lbs[1].configFile, '\nnot_a_directive on;\n')
  try {
    const run = await runInProcess('switch', { ...inputs, 'switch-to': 'blue', force: 'true' })
    expect(run.error?.message).toMatch(
      /could not set 100% blue \/ 0% green on every load balancer:\nlb2: nginx -t rejected the new configuration[\s\S]*\nlb1: put back to 0% blue \/ 100% green/
    )
    // Both files as they were, and both still send everything to green.
    expect(lbs.map(lb => readFileSync(lb.upstreamFile, 'utf8'))).toEqual(files)
    for (const lb of lbs) for (let i = 0; i < 5; i++) expect(await answeredBy(lb.url)).toBe('green')
  } finally {
    writeFileSync(lbs[1].configFile, config)
  }
})

test('status warns when the load balancers disagree', async () => {
  // Someone moved lb1 back to blue by hand.
  writeFileSync(lbs[0].upstreamFile, initialUpstream(inputs['blue-address']))
  execFileSync(lbs[0].binary, ['-c', lbs[0].configFile, '-p', lbs[0].prefix, '-s', 'reload'])
  const run = await runInProcess('status', inputs)
  expect(run.log.join('\n')).toMatch(
    /the load balancers disagree: lb1 100% blue \/ 0% green; lb2 0% blue \/ 100% green/
  )
})
