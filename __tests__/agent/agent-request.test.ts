import { describe, expect, test } from '@jest/globals'
import { parseAgentRequest } from '../../src/agent/agent-request.js'

describe('parseAgentRequest: what bin/progressive-deploy sends', () => {
  test('words stay whole, whatever they hold; the environment follows them', () => {
    const words = ['switch', '--note', 'a b;$(rm -rf /)\n"quoted"', '--empty', '']
    const body = ['/home/me/app', String(words.length), ...words, 'A=1', 'B=x=y', ''].join('\0')
    expect(parseAgentRequest(body)).toEqual({
      cwd: '/home/me/app',
      argv: words,
      env: { A: '1', B: 'x=y' }
    })
  })

  test('anything else is refused: no directory, a count beyond the words', () => {
    expect(() => parseAgentRequest('relative\x001\x00status\x00')).toThrow(/not a request/)
    expect(() => parseAgentRequest('/x\x003\x00status\x00')).toThrow(/not a request/)
    expect(() => parseAgentRequest('')).toThrow(/not a request/)
  })
})
