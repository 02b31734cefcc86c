import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { inputEnv, runnerEnv } from '../support/action-env.js'
import { injectedCommandLines } from '../support/hostile.js'
import { flags, ProcessResult, ROOT, runNode } from '../support/run-dist.js'

/**
 * A corpus of hostile values, each through `node dist/cli.js` and `node dist/index.js` as a user
 * would run them: every one must exit 1 naming its field, create no file, leave the router file
 * byte for byte as it was, and print no line the runner would take as a workflow command.
 */

interface Case {
  field: string
  value: string
  command?: string
  inputs?: Record<string, string>
}

const NEWLINES = ['\n', '\r', '\r\n', '\u2028', '\u0085']
const INJECTIONS = [
  '::error::INJECTED',
  '::set-output name=x::INJECTED',
  '::add-mask::INJECTED',
  '::stop-commands::INJECTED'
]
const CONTROLS = ['\0', '\u0007', '\u001b[31m', '\u007f', '\u202e', '\u2066']

/** Values with a line break and a workflow command after it: refused in every one-line field. */
function injected(prefix: string): string[] {
  return NEWLINES.flatMap(nl => INJECTIONS.map(cmd => `${prefix}${nl}${cmd}`))
}
function controlled(prefix: string): string[] {
  return CONTROLS.map(c => `${prefix}${c}x`)
}

const CANARY = { command: 'canary-step' }
const HAPROXY_INPUTS = { router: 'haproxy' }
const ROLLING = { command: 'rolling', inputs: { strategy: 'rolling' } }

function corpus(): Case[] {
  const cases: Case[] = []
  const add = (field: string, values: string[], extra: Partial<Case> = {}) =>
    values.forEach(value => cases.push({ field, value, ...extra }))
  add('version', [
    ...injected('v1'),
    ...controlled('v1'),
    'v1 beta',
    'v1\t2',
    'v1"} or vector(1) #',
    "v1' or 1==1",
    'v1\\',
    'v1`x`',
    `v${'1'.repeat(100)}`,
    `v${'9'.repeat(10_000)}`
  ])
  add(
    'rollback-version',
    [...injected('v0').slice(0, 6), ...controlled('v0').slice(0, 3), 'v0 x'],
    { command: 'rollback' }
  )
  add('environment', [
    ...injected('prod').slice(0, 8),
    ...controlled('prod'),
    'prod;rm',

    'p'.repeat(300),
    '$(id)',
    '<b>x</b>'
  ])
  add(
    'haproxy-backend',
    [
      'app;disable server app/blue',
      'app\nset weight app/blue 0',
      'app app',
      'a'.repeat(65),
      'app/blue',
      ...controlled('app').slice(0, 3)
    ],
    { inputs: HAPROXY_INPUTS }
  )
  add(
    'haproxy-blue-server',
    [
      'blue;shutdown sessions server app/green',
      'blue\nset weight app/green 0',
      'b lue',
      ...injected('blue').slice(0, 4)
    ],
    { inputs: HAPROXY_INPUTS }
  )
  add('haproxy-green-server', ['green;x', 'green green', 'g'.repeat(65)], {
    inputs: HAPROXY_INPUTS
  })
  add('nginx-upstream-name', [
    'app;',
    'app{',
    'app app',
    ...injected('app').slice(0, 4),
    'a'.repeat(65)
  ])
  add('state-file', [
    '../../outside.json',
    'a/../../outside.json',
    ...controlled('state').slice(0, 3),
    ...injected('state').slice(0, 3)
  ])
  add('probe-url', [
    'javascript:alert(1)',
    'file:///etc/passwd',
    'http://a b',
    'http://x/\n::error::INJECTED',
    'ftp://x',
    ...controlled('http://x/').slice(0, 3)
  ])
  add('service-url', ['javascript:alert(1)', 'http://a\tb', 'not a url'])
  add('prometheus-url', ['gopher://x', 'http://p\n::error::INJECTED', 'http:// p'], CANARY)
  add('probe-header', ['x-a: b', 'x a', 'x\n::error::INJECTED', 'x(y)', 'h'.repeat(65)])
  add('health-path', [
    'healthz',
    '/a b',
    '/a#b',
    '/x\n::error::INJECTED',
    ...controlled('/h').slice(0, 2)
  ])
  add('health-status', ['2OO', '99', '600', '200;', '2e2', ' 0x0C8'])
  add('health-deadline', ['1000000h', '-1s', 'abc', '1s;2s', '25h'])
  add('confirm-timeout', ['0', '99999999999999s', '1 s 2'])
  add(
    'canary-steps',
    [
      '0.4',
      '1,5,0.5,100',
      '[1, "x\\n::error::INJECTED", 100]',
      '[1, {"a": 1}, 100]',
      '1,5,5,100',
      'pause,100',
      '1,5,50',
      '101',
      Array.from({ length: 101 }, () => 'pause').join(',')
    ],
    CANARY
  )
  add(
    'metrics',
    [
      '[{name: a, provider: http, max: }]',
      '[{name: a, provider: http, max: ""}]',
      '[{name: a, provider: http, max: []}]',
      '[{name: a, provider: http, max: null}]',
      '[{name: a, provider: http, max: "1; drop"}]',
      '[{name: "a\\n::error::INJECTED", provider: http, max: 1}]',
      '[{name: a, provider: prometheus, query: up, max: 1, version-label: "a b"}]',
      '[{name: a, provider: http, max: 1, url: "/x\\n::error::INJECTED"}]',
      '[{name: a, provider: command, command: ["./c", "a\\u0007::error::INJECTED"]}]',
      '[{name: a, provider: webhook, url: "http://x y"}]',
      '[{name: a, provider: http, max: 1, rate: "fast"}]'
    ],
    CANARY
  )
  add('deploy-command', [
    '["./deploy.sh", "a\\u0085::error::INJECTED"]',
    '["./deploy.sh", 1]',
    '["./deploy.sh", "\\u0000"]',
    '["./deploy.sh", "\\u001b[2J"]',
    '[]'
  ])
  add(
    'smoke-command',
    ['["./smoke.sh", "a\\u001b::error::INJECTED"]', '["./smoke.sh", {"x": 1}]'],
    {
      command: 'verify'
    }
  )
  add('router-command-prefix', [
    '["ssh", "lb1\\n::error::INJECTED"]',
    '["ssh", 1]',
    '["ssh", "\\u0000"]'
  ])
  add(
    'reason',
    [...injected('bad').slice(0, 6), 'r'.repeat(501), ...controlled('bad').slice(0, 2)],
    { command: 'rollback' }
  )
  add(
    'instances',
    [
      'web;1=127.0.0.1:9001\nweb-2=127.0.0.1:9002',
      'web 1 2\nweb-2=127.0.0.1:9002',
      '../x=127.0.0.1:9001\nweb-2=127.0.0.1:9002',
      'web-1=127.0.0.1:9001\nweb-2=127.0.0.1:9002;x',
      'web-1=127.0.0.1:9001\nweb-2=127.0.0.1:9002\n' + 'w'.repeat(70) + '=127.0.0.1:9003'
    ],
    ROLLING
  )
  add('repository', ['a/b/c', 'a\n::error::INJECTED/b'])
  add('switch-to', ['blue;green', 'x\n::error::INJECTED'], { command: 'switch' })
  add('health-body', ['(', '[a-', 'ok\n::error::INJECTED', '(?<x)'])
  add('bake-time', ['1d', '-5m', '25h', '1m\n::error::INJECTED'], CANARY)
  add('state', ['cloud', 'github\n::error::INJECTED'])
  add('max-unavailable', ['150%', '-1', 'all', '1\n::error::INJECTED'], ROLLING)
  add('batch-size', ['0', '0%', 'x'], ROLLING)
  add('on-failure', ['explode', 'rollback;x'], ROLLING)
  add('force', ['yes', 'true\n::error::INJECTED'])
  add('router', ['nginx\n::error::INJECTED', 'envoy'])
  return cases
}

let dir: string
let upstreamFile: string
let upstreamText: string
let socketFile: string

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pd-hostile-'))
  upstreamFile = path.join(dir, 'upstream.conf')
  upstreamText = 'upstream app {\n    server 127.0.0.1:9001 weight=100; # blue\n}\n'
  writeFileSync(upstreamFile, upstreamText)
  socketFile = path.join(dir, 'haproxy.sock')
  writeFileSync(socketFile, '')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The settings of a valid deploy-green, with the case's value in its field. */
function inputsFor(c: Case, workspace: string): Record<string, string> {
  const base: Record<string, string> = {
    environment: 'hostile',
    version: 'v2',
    'blue-address': '127.0.0.1:9001',
    'green-address': '127.0.0.1:9002',
    'nginx-upstream-file': upstreamFile,
    'haproxy-socket': socketFile,
    'deploy-command': '["true"]',
    // A value wrongly accepted fails fast instead of waiting out a health check.
    'health-deadline': '1s',
    'health-interval': '200ms',
    'state-file': path.join(workspace, 'state.json'),
    instances: 'web-1=127.0.0.1:9001\nweb-2=127.0.0.1:9002',
    ...c.inputs
  }
  return { ...base, [c.field]: c.value }
}

/** Argv and environment cannot carry NUL: such values go through the config file, as YAML. */
function split(c: Case, inputs: Record<string, string>, workspace: string) {
  if (!inputs[c.field].includes('\0')) return { direct: inputs }
  const configFile = path.join(workspace, 'config.yml')
  writeFileSync(configFile, `${c.field}: ${JSON.stringify(inputs[c.field])}\n`)
  const { [c.field]: _moved, ...direct } = inputs
  return { direct: { ...direct, 'config-file': configFile } }
}

async function runCase(
  c: Case,
  entry: 'cli' | 'action'
): Promise<{ result: ProcessResult; workspace: string; files: string[]; outputs: string }> {
  const workspace = mkdtempSync(path.join(dir, 'ws-'))
  const inputs = inputsFor(c, workspace)
  const { direct } = split(c, inputs, workspace)
  const before = readdirSync(workspace)
  const command = c.command ?? 'deploy-green'
  let result: ProcessResult
  let outputs = ''
  if (entry === 'cli') {
    result = await runNode(
      [path.join(ROOT, 'dist/cli.js'), command, ...flags(direct)],
      { PATH: process.env.PATH, HOME: process.env.HOME },
      workspace
    )
  } else {
    const runner = runnerEnv({ GITHUB_WORKSPACE: workspace, ...inputEnv({ ...direct, command }) })
    delete runner.env.GITHUB_ACTIONS // file state: no token here
    result = await runNode([path.join(ROOT, 'dist/index.js')], runner.env, workspace)
    outputs = readFileSync(runner.outputFile, 'utf8')
  }
  const files = readdirSync(workspace).filter(f => !before.includes(f))
  return { result, workspace, files, outputs }
}

/** Runs `work` over `items`, `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++
        results[i] = await work(items[i])
      }
    })
  )
  return results
}

describe('hostile inputs through the bundles', () => {
  const cases = corpus()

  test('the corpus holds at least 200 values', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200)
  })

  test.each(['cli', 'action'] as const)(
    'every value through %s: exit 1, the field named, nothing created or changed, no injected command',
    async entry => {
      const failures: string[] = []
      await pool(cases, 3, async c => {
        const { result, files, outputs } = await runCase(c, entry)
        const printed = result.stdout + result.stderr
        const problems: string[] = []
        if (result.code !== 1) problems.push(`exit ${result.code}`)
        if (!printed.includes(c.field)) problems.push('field not named')
        if (files.length > 0) problems.push(`created ${files.join(', ')}`)
        if (readFileSync(upstreamFile, 'utf8') !== upstreamText)
          problems.push('upstream file changed')
        const injectedLines = injectedCommandLines(printed)
        if (injectedLines.length > 0)
          problems.push(`command lines ${JSON.stringify(injectedLines)}`)
        if (/INJECTED/.test(outputs)) problems.push(`outputs ${JSON.stringify(outputs)}`)
        if (/\n[\w-]+=.*\n/.test(outputs) && !/^(result|phase)=/m.test(outputs))
          problems.push('unexpected outputs')
        if (/Error: |at .*\(.*:\d+:\d+\)/.test(printed)) problems.push('stack trace')
        if (problems.length > 0)
          failures.push(
            `${c.field}=${JSON.stringify(c.value).slice(0, 80)}: ${problems.join('; ')}\n${printed.slice(0, 400)}`
          )
      })
      expect(failures).toEqual([])
      expect(existsSync('/tmp/pd-injected')).toBe(false)
    },
    240_000
  )
})
