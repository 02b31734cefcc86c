import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import path from 'node:path'
import { runInProcess } from '../support/canary-lab.js'
import { answeredBy, Lab, startLab } from '../support/lab.js'

/**
 * A foreign nginx layout: the include nginx reads is a symlink into a shared directory, the file
 * is mode 640 root:daemon, and the upstream block carries directives of its own. A switch changes
 * the server lines and nothing else.
 */

const DAEMON_GID = 1
let lab: Lab
let target: string

beforeAll(async () => {
  lab = await startLab('fidelity')
  target = path.join(lab.dir, 'shared', 'app-upstream.conf')
  mkdirSync(path.dirname(target))
  writeFileSync(
    target,
    [
      '# app pool (ops wiki: LB-12)',
      'upstream app {',
      '    zone app 64k;',
      '    least_conn;',
      `    server ${lab.addresses.blue} max_fails=3;`,
      '    keepalive 16; # per worker',
      '}',
      ''
    ].join('\n')
  )
  chmodSync(target, 0o640)
  chownSync(target, 0, DAEMON_GID)
  renameSync(lab.nginx.upstreamFile, `${lab.nginx.upstreamFile}.orig`)
  symlinkSync(target, lab.nginx.upstreamFile)
  nginx(['-s', 'reload'])
})
afterAll(async () => {
  await lab?.stop()
})

function nginx(args: string[]): string {
  return execFileSync(
    lab.nginx.binary,
    ['-c', lab.nginx.configFile, '-p', lab.nginx.prefix, ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }
  )
}

test('a switch writes through the symlink, keeps mode, owner and every other directive', async () => {
  const run = await runInProcess('switch', { ...lab.inputs, 'switch-to': 'green', force: 'true' })
  expect(run.error).toBeUndefined()
  expect(run.report.result).toBe('success')
  for (let i = 0; i < 5; i++) expect(await answeredBy(lab.nginx.url)).toBe('green')
  expect(lstatSync(lab.nginx.upstreamFile).isSymbolicLink()).toBe(true)
  const after = statSync(target)
  expect({ mode: (after.mode & 0o7777).toString(8), uid: after.uid, gid: after.gid }).toEqual({
    mode: '640',
    uid: 0,
    gid: DAEMON_GID
  })
  const text = readFileSync(target, 'utf8')
  expect(text).toContain(
    '# app pool (ops wiki: LB-12)\nupstream app {\n    zone app 64k;\n    least_conn;\n'
  )
  expect(text).toContain(`server ${lab.addresses.green} weight=100; # green`)
  expect(text).toContain('    keepalive 16; # per worker\n}')
  // nginx itself runs with them.
  const loaded = nginx(['-T'])
  expect(loaded).toMatch(/keepalive 16;/)
  expect(loaded).toMatch(/zone app 64k;/)
})

test('a server line nginx would accept but that cannot be rewritten safely is refused, nothing changed', async () => {
  const before = readFileSync(target, 'utf8').replace(
    `server ${lab.addresses.green} weight=100;`,
    `server ${lab.addresses.green}\n           weight=100;`
  )
  writeFileSync(target, before)
  nginx(['-t'])
  const run = await runInProcess('switch', { ...lab.inputs, 'switch-to': 'blue', force: 'true' })
  expect(run.error?.message).toMatch(
    /nginx-upstream-file.*on one line of its own.*Nothing was changed/s
  )
  expect(readFileSync(target, 'utf8')).toBe(before)
  for (let i = 0; i < 5; i++) expect(await answeredBy(lab.nginx.url)).toBe('green')
})
