import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { HaproxyLab, startHaproxy } from '../../demo/haproxy-lab.js'
import { waitForPort } from '../../demo/nginx-lab.js'
import { freePort, RunningService, startSampleService } from '../../demo/sample-service.js'
import { runInProcess } from '../support/canary-lab.js'
import { answeredBy, Lab, startLab } from '../support/lab.js'

/**
 * The probe as real setups have it: an https listener with a certificate from the team's own CA,
 * and HAProxy naming the server that answered (%s) with names that are not the colors.
 */

describe('an https probe-url with a certificate from a private CA', () => {
  let lab: Lab
  let ca: string
  let tlsUrl: string
  beforeAll(async () => {
    lab = await startLab('tls')
    const dir = path.join(lab.dir, 'tls')
    ca = makeCertificates(dir)
    const port = await freePort()
    // One more listener on the same nginx: TLS, same upstream, same header.
    const config = readFileSync(lab.nginx.configFile, 'utf8')
    const tlsServer = `  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${dir}/server.crt;
    ssl_certificate_key ${dir}/server.key;
    location / {
      proxy_pass http://app;
      proxy_next_upstream off;
      add_header X-Upstream-Addr $upstream_addr always;
    }
  }
}
`
    writeFileSync(lab.nginx.configFile, config.replace(/}\s*$/, tlsServer))
    execFileSync(lab.nginx.binary, [
      '-c',
      lab.nginx.configFile,
      '-p',
      lab.nginx.prefix,
      '-s',
      'reload'
    ])
    await waitForPort(port, 5000)
    tlsUrl = `https://127.0.0.1:${port}/`
  })
  afterAll(async () => {
    await lab?.stop()
  })

  test('without probe-ca-file: refused before any change, the TLS failure named as the cause', async () => {
    const before = readFileSync(lab.nginx.upstreamFile, 'utf8')
    const run = await runInProcess('switch', {
      ...lab.inputs,
      'probe-url': tlsUrl,
      'switch-to': 'green',
      force: 'true'
    })
    expect(run.error?.message).toMatch(
      /probe-ca-file: probe-url https:\/\/127\.0\.0\.1:\d+\/ failed its TLS handshake \(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED/
    )
    expect(run.error?.message).toMatch(/Nothing was changed/)
    expect(readFileSync(lab.nginx.upstreamFile, 'utf8')).toBe(before)
    for (let i = 0; i < 5; i++) expect(await answeredBy(lab.nginx.url)).toBe('blue')
  })

  test('with probe-ca-file: switched and confirmed by the probe over TLS; back with probe-insecure', async () => {
    const run = await runInProcess('switch', {
      ...lab.inputs,
      'probe-url': tlsUrl,
      'probe-ca-file': ca,
      'switch-to': 'green',
      force: 'true'
    })
    expect(run.error).toBeUndefined()
    expect(run.report.result).toBe('success')
    expect(run.log.join('\n')).toMatch(/probe answers from green/)
    for (let i = 0; i < 5; i++) expect(await answeredBy(lab.nginx.url)).toBe('green')
    const back = await runInProcess('switch', {
      ...lab.inputs,
      'probe-url': tlsUrl,
      'probe-insecure': 'true',
      'switch-to': 'blue',
      force: 'true'
    })
    expect(back.error).toBeUndefined()
    for (let i = 0; i < 5; i++) expect(await answeredBy(lab.nginx.url)).toBe('blue')
  })
})

describe('HAProxy naming the server that answered (%s), with names of its own', () => {
  let dir: string
  let haproxy: HaproxyLab
  let services: RunningService[]
  let inputs: Record<string, string>
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pd-names-'))
    services = [
      await startSampleService({ port: 0, version: 'v1', color: 'blue' }),
      await startSampleService({ port: 0, version: 'v2', color: 'green' })
    ]
    haproxy = await startHaproxy({
      prefix: path.join(dir, 'haproxy'),
      port: await freePort(),
      servers: {
        'recs-blue': { address: `127.0.0.1:${services[0].port}`, weight: 100 },
        'recs-green': { address: `127.0.0.1:${services[1].port}`, weight: 0 }
      }
    })
    inputs = {
      environment: 'names',
      router: 'haproxy',
      'haproxy-socket': haproxy.socket,
      'haproxy-backend': 'be',
      'haproxy-blue-server': 'recs-blue',
      'haproxy-green-server': 'recs-green',
      'blue-address': `127.0.0.1:${services[0].port}`,
      'green-address': `127.0.0.1:${services[1].port}`,
      'probe-url': haproxy.url,
      'state-file': path.join(dir, 'state.json')
    }
  })
  afterAll(async () => {
    await haproxy?.stop()
    await Promise.all((services ?? []).map(s => s.close()))
    rmSync(dir, { recursive: true, force: true })
  })

  test('the README tip works as written: the switch is confirmed, not flipped back', async () => {
    const run = await runInProcess('switch', { ...inputs, 'switch-to': 'green', force: 'true' })
    expect(run.error).toBeUndefined()
    expect(run.report.result).toBe('success')
    expect(run.log.join('\n')).toMatch(/\d+ of \d+ probe answers from green/)
    for (let i = 0; i < 5; i++) expect(await answeredBy(haproxy.url)).toBe('green')
  })
})

/** A CA, and a certificate for 127.0.0.1 signed by it; returns the CA's file. */
function makeCertificates(dir: string): string {
  execFileSync('mkdir', ['-p', dir])
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=lab CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt'
  )
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    'server.key',
    '-out',
    'server.csr'
  )
  writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n')
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'san.ext',
    '-out',
    'server.crt'
  )
  return path.join(dir, 'ca.crt')
}
