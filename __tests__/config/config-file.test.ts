import { describe, expect, test } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { withConfigFile } from '../../src/config/config-file.js'
import { ConfigurationError } from '../../src/errors.js'
import { formatDuration, parseDuration } from '../../src/config/duration.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-config-'))
const file = (name: string, text: string): string => {
  const p = path.join(dir, name)
  writeFileSync(p, text)
  return p
}

describe('withConfigFile', () => {
  test('fills what inputs leave empty; inputs win; lists become JSON argv', () => {
    const config = file(
      'ok.yml',
      'blue-address: 10.0.0.1:80\ngreen-address: 10.0.0.2:80\ndeploy-command: [./deploy.sh, --fast]\n'
    )
    const raw = withConfigFile(
      name => ({ 'config-file': config, 'green-address': '10.0.0.9:80', 'blue-address': '' })[name]
    )
    expect(raw('blue-address')).toBe('10.0.0.1:80')
    expect(raw('green-address')).toBe('10.0.0.9:80')
    expect(raw('deploy-command')).toBe('["./deploy.sh","--fast"]')
    expect(raw('version')).toBeUndefined()
  })

  test.each([
    ['unknown key', 'blue-adress: x\n', /unknown key "blue-adress"/],
    ['not a mapping', '- a\n- b\n', /must be a mapping/],
    ['invalid YAML', 'a: [1, 2\n', /not valid YAML/]
  ])('%s is a config-file error', (_name, text, message) => {
    const config = file(`${_name}.yml`, text)
    expect(() => withConfigFile(name => (name === 'config-file' ? config : undefined))).toThrow(
      message
    )
  })

  test('a missing file names the field', () => {
    let error: unknown
    try {
      withConfigFile(name => (name === 'config-file' ? path.join(dir, 'missing.yml') : undefined))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigurationError)
    expect((error as ConfigurationError).problems[0].field).toBe('config-file')
  })
})

describe('durations', () => {
  test.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1.5s', 1500],
    ['7', 7000],
    ['1h', 3_600_000],
    ['fast', undefined],
    ['-1s', undefined]
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms))

  test('formats for people', () => {
    expect(formatDuration(250)).toBe('250 ms')
    expect(formatDuration(1500)).toBe('1.5 s')
    expect(formatDuration(125_000)).toBe('2 min 5 s')
  })
})
