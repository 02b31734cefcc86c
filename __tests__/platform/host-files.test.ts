import { describe, expect, test } from '@jest/globals'
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ExecCommandRunner } from '../../src/platform/command-runner.js'
import { hostFiles, prefixed } from '../../src/platform/host-files.js'

// Debian's fixed ids (base-passwd): the group daemon, and nogroup for the user nobody.
const DAEMON_GID = 1
const NOGROUP_GID = 65534

describe('prefixed', () => {
  test('sudo-like prefixes exec the words as they are', () => {
    expect(prefixed(['sudo', '-n'], ['nginx', '-s', 'reload'])).toEqual([
      'sudo',
      '-n',
      'nginx',
      '-s',
      'reload'
    ])
  })
  test('after ssh every unsafe word is quoted for the remote shell', () => {
    expect(
      prefixed(['/usr/bin/ssh', 'deploy@lb1'], ['tee', "/etc/nginx/my file's.conf", '$(reboot)'])
    ).toEqual([
      '/usr/bin/ssh',
      'deploy@lb1',
      'tee',
      `'/etc/nginx/my file'\\''s.conf'`,
      `'$(reboot)'`
    ])
  })
})

describe.each([
  ['local', [] as string[]],
  ['behind a prefix (env)', ['env']]
])('hostFiles %s', (_name, prefix) => {
  const files = hostFiles(prefix, new ExecCommandRunner())
  test('reads, writes atomically, leaves no temp file, says undefined for a missing file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-files-'))
    const file = path.join(dir, 'upstream.conf')
    writeFileSync(file, 'old\n')
    expect(await files.read(file)).toBe('old\n')
    await files.writeAtomic(file, 'new $content\n')
    expect(readFileSync(file, 'utf8')).toBe('new $content\n')
    expect(readdirSync(dir)).toEqual(['upstream.conf'])
    expect(await files.read(path.join(dir, 'missing.conf'))).toBeUndefined()
  })
  test('a write into a missing directory fails with the path named', async () => {
    await expect(files.writeAtomic('/nonexistent-dir/x.conf', 'a')).rejects.toThrow(
      /nonexistent-dir/
    )
  })
})

describe.each([
  ['local', [] as string[]],
  ['behind a prefix (env)', ['env']]
])('hostFiles %s keeps what the file was', (_name, prefix) => {
  const files = hostFiles(prefix, new ExecCommandRunner())
  test('a symlinked file is written through its link, with its mode, owner and group', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-files-'))
    mkdirSync(path.join(dir, 'conf.d'))
    const target = path.join(dir, 'shared', 'upstream.conf')
    mkdirSync(path.dirname(target))
    writeFileSync(target, 'old\n')
    chmodSync(target, 0o640)
    chownSync(target, 0, DAEMON_GID)
    const link = path.join(dir, 'conf.d', 'upstream.conf')
    symlinkSync(target, link)
    await files.writeAtomic(link, 'new\n')
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readFileSync(target, 'utf8')).toBe('new\n')
    const after = statSync(target)
    expect({ mode: (after.mode & 0o7777).toString(8), uid: after.uid, gid: after.gid }).toEqual({
      mode: '640',
      uid: 0,
      gid: DAEMON_GID
    })
    expect(readdirSync(path.dirname(target))).toEqual(['upstream.conf'])
  })
})

test('behind a prefix that may not chown (runuser as nobody), the file is rewritten in place, owner kept', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-files-'))
  chmodSync(dir, 0o777)
  const file = path.join(dir, 'upstream.conf')
  writeFileSync(file, 'old\n')
  chownSync(file, 0, NOGROUP_GID)
  chmodSync(file, 0o664)
  const files = hostFiles(['runuser', '-u', 'nobody', '--'], new ExecCommandRunner())
  await files.writeAtomic(file, 'new\n')
  const after = statSync(file)
  expect({ text: readFileSync(file, 'utf8'), uid: after.uid, gid: after.gid }).toEqual({
    text: 'new\n',
    uid: 0,
    gid: NOGROUP_GID
  })
  expect(readdirSync(dir)).toEqual(['upstream.conf'])
})
