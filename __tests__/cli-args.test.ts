import { describe, expect, test } from '@jest/globals'
import { parseCliArgs, usage } from '../src/cli-args.js'
import { INPUTS } from '../src/config/input-definitions.js'

describe('parseCliArgs', () => {
  test('command word, --name value, --name=value and a bare --force', () => {
    expect(
      parseCliArgs([
        'switch',
        '--switch-to',
        'previous',
        '--environment=staging',
        '--force',
        '--json'
      ])
    ).toEqual({
      command: 'switch',
      flags: { 'switch-to': 'previous', environment: 'staging', force: 'true' },
      help: false,
      json: true
    })
  })
  test('a flag value may start with a dash only through =', () => {
    expect(parseCliArgs(['verify', '--health-body=-ok-']).flags['health-body']).toBe('-ok-')
  })
  test.each([
    [['switch', '--swtich-to', 'x'], /--swtich-to: unknown flag/],
    [['switch', '--version'], /--version: needs a value/],
    [['switch', 'verify'], /unexpected word "verify"/]
  ])('%j is refused', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message)
  })
  test('usage lists every input as a flag', () => {
    const text = usage()
    for (const input of INPUTS.filter(i => i.name !== 'command'))
      expect(text).toContain(`--${input.name}`)
  })
})
