import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { startLoad } from '../../demo/load-generator.js'
import { answeredBy, Lab, startLab, reloadResets } from '../support/lab.js'
import { flags, runNode } from '../support/run-dist.js'
import { runInProcess } from '../support/canary-lab.js'

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

describe('a reload whose answer is lost (the link to the load balancer dropped after nginx acted)', () => {
  test('the file is put back and nginx reloaded with it: traffic where it was, and the message says so', async () => {
    const upstreamBefore = readFileSync(lab.nginx.upstreamFile, 'utf8')
    // Stands in for ssh: runs the command, but the first reload's answer never comes back (255).
    const flag = path.join(lab.dir, 'lose-next-reload')
    const wrapper = path.join(lab.dir, 'flaky-link')
    writeFileSync(flag, '')
    writeFileSync(
      wrapper,
      `#!/bin/sh\n"$@"\nrc=$?\ncase "$*" in *"-s reload"*) if [ -e '${flag}' ]; then rm -f '${flag}'; exit 255; fi ;; esac\nexit $rc\n`,
      { mode: 0o755 }
    )
    const result = await runNode([
      'dist/cli.js',
      'switch',
      '--force',
      ...flags({ ...lab.inputs, 'router-command-prefix': wrapper })
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/nginx reload failed \(exit 255\)/)
    expect(result.stderr).toMatch(
      /was restored and nginx reloaded with it; traffic is where it was/
    )
    expect(readFileSync(lab.nginx.upstreamFile, 'utf8')).toBe(upstreamBefore)
    // nginx had reloaded with the new file; the second reload takes it back once the workers of
    // the first have stopped accepting: ten blue answers in a row, soon.
    let inARow = 0
    for (let i = 0; i < 200 && inARow < 10; i++)
      inARow = (await answeredBy(lab.nginx.url)) === 'blue' ? inARow + 1 : 0
    expect(inARow).toBe(10)
  })
})

describe('an include nginx never loaded (a change cut before its reload, or an edit by hand)', () => {
  test('status says what nginx serves, by the probe, and warns; a switch to the file’s color is not a no-op', async () => {
    const original = readFileSync(lab.nginx.upstreamFile, 'utf8')
    // Written well after nginx's workers started (the check allows 1 s for the boot clock).
    await new Promise(r => setTimeout(r, 1200))
    writeFileSync(
      lab.nginx.upstreamFile,
      `upstream app {\n    server ${lab.inputs['green-address']};\n}\n`
    )
    try {
      expect(await answeredBy(lab.nginx.url)).toBe('blue')
      const status = await runInProcess('status', { ...lab.inputs, environment: 'unloaded' })
      expect(status.report.outputs['active-color']).toBe('blue')
      expect(status.log.join('\n')).toMatch(
        /upstream\.conf was changed \d+ s after nginx last loaded it .*: it says 0% blue \/ 100% green, but nginx serves 100% blue \/ 0% green \(probe answers\)/
      )
      // Without a probe it cannot be told, and the command says so instead of guessing.
      const blind = await runInProcess('status', {
        ...lab.inputs,
        environment: 'unloaded',
        'probe-url': ''
      })
      expect(blind.error?.message).toMatch(/without probe-url that cannot be told/)
      const switched = await runInProcess('switch', {
        ...lab.inputs,
        environment: 'unloaded',
        'switch-to': 'green',
        force: 'true'
      })
      expect(switched.report.result).toBe('success')
      for (let i = 0; i < 5; i++) expect(await answeredBy(lab.nginx.url)).toBe('green')
    } finally {
      writeFileSync(lab.nginx.upstreamFile, original)
      await runInProcess('switch', {
        ...lab.inputs,
        environment: 'unloaded',
        'switch-to': 'blue',
        force: 'true'
      })
    }
  })
})
