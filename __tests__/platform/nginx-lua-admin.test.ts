import { describe, expect, test } from '@jest/globals'
import {
  Argv,
  CommandResult,
  CommandRunner,
  RunOptions
} from '../../src/platform/command-runner.js'
import { parseHttpAnswer, PrefixedLuaAdmin } from '../../src/platform/nginx-lua-admin.js'

/** The load balancer host as curl there would answer: one scripted result per call. */
class ScriptedHost implements CommandRunner {
  readonly calls: { argv: Argv; input?: string }[] = []
  constructor(private readonly answer: CommandResult) {}
  async run(argv: Argv, options: RunOptions = {}): Promise<CommandResult> {
    this.calls.push({ argv, input: options.input })
    return this.answer
  }
}

const PREFIX = ['ssh', 'deploy@lb1', 'sudo', '-n']
const ok = (body: string, saved = 'yes'): CommandResult => ({
  exitCode: 0,
  stdout: `HTTP/1.1 200 OK\r\nServer: nginx\r\nX-Progressive-Deploy-Saved: ${saved}\r\n\r\n${body}`,
  stderr: ''
})

describe('the Lua admin endpoint through router-command-prefix', () => {
  test('a change is one curl on that host, the split on its stdin, the socket quoted for its shell', async () => {
    const host = new ScriptedHost(ok('10.0.0.2:80 10000\n'))
    const admin = new PrefixedLuaAdmin(PREFIX, "/run/my lb's.sock", host)
    expect(await admin.write('10.0.0.2:80 10000\n')).toEqual({
      held: '10.0.0.2:80 10000\n',
      saved: 'yes'
    })
    expect(host.calls).toEqual([
      {
        argv: [
          ...PREFIX,
          'curl',
          '-sS',
          '-i',
          '--max-time',
          '3',
          '--unix-socket',
          `'/run/my lb'\\''s.sock'`,
          '-X',
          'PUT',
          '--data-binary',
          '@-',
          'http://localhost/progressive-deploy/split'
        ],
        input: '10.0.0.2:80 10000\n'
      }
    ])
  })

  test.each([
    [
      { exitCode: 127, stdout: '', stderr: 'sh: curl: not found' },
      /curl is not installed on the load balancer host.*apt-get install curl/
    ],
    [
      { exitCode: 7, stdout: '', stderr: "curl: (7) Couldn't connect to server" },
      /at \/run\/pd.sock \(through router-command-prefix\) does not answer \(curl: \(7\) Couldn't connect to server\)\. Set it up once/
    ],
    [
      { exitCode: 1, stdout: '', stderr: 'sudo: a password is required\n' },
      /through router-command-prefix \(exit 1\): sudo: a password is required$/
    ],
    [
      { exitCode: 0, stdout: 'HTTP/1.1 404 Not Found\r\n\r\nnope', stderr: '' },
      /has no \/progressive-deploy\/split location: include examples/
    ]
  ])('a failure says what to fix: %o', async (answer, message) => {
    const admin = new PrefixedLuaAdmin(PREFIX, '/run/pd.sock', new ScriptedHost(answer))
    await expect(admin.read()).rejects.toThrow(message)
  })
})

describe('parseHttpAnswer (curl -i)', () => {
  test('skips an interim 100 Continue and reads status, the saved header and the body', () => {
    expect(
      parseHttpAnswer(
        'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nx-progressive-deploy-saved: no: read-only\r\n\r\na 1\nb 2\n'
      )
    ).toEqual({ status: 200, saved: 'no: read-only', body: 'a 1\nb 2\n' })
  })

  test('output cut short or not HTTP is never a 200, so never taken for a split', () => {
    expect(parseHttpAnswer('HTTP/1.1 100 Continue')).toEqual({ status: 100, saved: '', body: '' })
    expect(parseHttpAnswer('garbage')).toMatchObject({ status: 0 })
  })
})
