import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { safeForLog } from '../../src/platform/log-safety.js'
import { hostileText, injectedCommandLines } from '../support/hostile.js'

describe('safeForLog', () => {
  test.each([
    ['v1\n::error::X', 'v1\n:\u200B:error::X'],
    ['  ::add-mask::x', '  :\u200B:add-mask::x'],
    ['a\r::warning::b', 'a\n:\u200B:warning::b'],
    ['text ##[error]x', 'text #\u200B#[error]x'],
    ['nul \0 here', 'nul \\u0000 here'],
    ['plain: line', 'plain: line']
  ])('%j is printed as %j', (text, printed) => {
    expect(safeForLog(text)).toBe(printed)
  })

  test('no text, however hostile, prints a line the runner would run as a command', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(), fc.string({ unit: 'binary' })), text => {
        const printed = safeForLog(text)
        const lines = printed.split('\n')
        const unsafe = lines.filter(
          line =>
            line.replace(/^\s+/u, '').startsWith('::') ||
            line.includes('##[') ||
            // eslint-disable-next-line no-control-regex -- matching control characters is the point
            /[\0-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029]/.test(line)
        )
        expect(unsafe).toEqual([])
        expect(injectedCommandLines(printed)).toEqual([])
        // Line breaks stay line breaks: a reader sees the same number of lines.
        expect(lines.length).toBe(text.split(/\r\n|\r|\n/).length)
      }),
      { numRuns: 1000 }
    )
  })
})
