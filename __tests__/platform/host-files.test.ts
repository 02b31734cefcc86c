import { describe, expect, test } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ExecCommandRunner } from '../../src/platform/command-runner.js'
import { hostFiles, prefixed } from '../../src/platform/host-files.js'

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
