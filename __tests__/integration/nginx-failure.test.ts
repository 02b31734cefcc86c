import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { startLoad } from '../../demo/load-generator.js'
import { answeredBy, Lab, startLab, reloadResets } from '../support/lab.js'
import { flags, runNode } from '../support/run-dist.js'

let lab: Lab
beforeAll(async () => {
  lab = await startLab('failure')
})
afterAll(async () => {
  await lab?.stop()
})

describe('a switch that nginx refuses (through dist/cli.js)', () => {
  test('nginx -t fails: exit 1 with nginx’s message, include file restored, traffic on the old color, no failed request', async () => {
    const upstreamBefore = readFileSync(lab.nginx.upstreamFile, 'utf8')
    const configBefore = readFileSync(lab.nginx.configFile, 'utf8')
    const load = startLoad({
      url: lab.nginx.url,
      kind: 'fresh',
      concurrency: 4,
      maxDurationMs: 30_000
    })
    // The running nginx keeps its loaded config; only the next test and reload see this line.
    appendFileSync(lab.nginx.configFile, '\nthis_is_not_a_directive on;\n')
    try {
      const result = await runNode(['dist/cli.js', 'switch', '--force', ...flags(lab.inputs)])
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(/nginx -t rejected the new configuration \(exit 1\)/)
      expect(result.stderr).toMatch(/unknown directive "this_is_not_a_directive"/)
      expect(result.stderr).toMatch(/was restored; traffic stays where it was/)
    } finally {
      writeFileSync(lab.nginx.configFile, configBefore)
    }
    expect(readFileSync(lab.nginx.upstreamFile, 'utf8')).toBe(upstreamBefore)
    for (let i = 0; i < 10; i++) expect(await answeredBy(lab.nginx.url)).toBe('blue')
    const stats = await load.stop()
    expect(stats.requests).toBeGreaterThan(20)
    expect(stats.non2xx).toBe(0)
    expect(stats.connectionErrors).toBeLessThanOrEqual(reloadResets(stats.requests))
    expect(stats.byVersion).toEqual({ v1: stats.ok })
  })

  test('bad input: exit 1, the field and the fix named, nothing changed', async () => {
    const upstreamBefore = readFileSync(lab.nginx.upstreamFile, 'utf8')
    const result = await runNode([
      'dist/cli.js',
      'switch',
      '--force',
      ...flags({
        ...lab.inputs,
        'green-address': lab.inputs['blue-address'],
        'probe-url': 'not a url'
      })
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/green-address: blue and green both point at/)
    expect(result.stderr).toMatch(/probe-url: "not a url" is not an http\(s\) URL/)
    expect(result.stderr).toMatch(/Nothing was changed/)
    expect(readFileSync(lab.nginx.upstreamFile, 'utf8')).toBe(upstreamBefore)
    expect(await answeredBy(lab.nginx.url)).toBe('blue')
  })

  test('the reload fails (no nginx master for that config): exit 1, nginx’s message, the file restored', async () => {
    const upstreamBefore = readFileSync(lab.nginx.upstreamFile, 'utf8')
    // A valid copy of the config whose pid file names no running nginx: nginx -t passes, the reload cannot signal.
    const copy = lab.nginx.configFile.replace('nginx.conf', 'nginx-copy.conf')
    writeFileSync(
      copy,
      readFileSync(lab.nginx.configFile, 'utf8').replace('nginx.pid', 'not-running.pid')
    )
    const result = await runNode([
      'dist/cli.js',
      'switch',
      '--force',
      ...flags({ ...lab.inputs, 'nginx-config': copy })
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/nginx reload failed \(exit 1\):[\s\S]*not-running\.pid/)
    expect(result.stderr).toMatch(/was restored; traffic stays where it was/)
    expect(readFileSync(lab.nginx.upstreamFile, 'utf8')).toBe(upstreamBefore)
    expect(await answeredBy(lab.nginx.url)).toBe('blue')
  })
})
