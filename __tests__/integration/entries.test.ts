import { describe, expect, test } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runNode } from '../support/run-dist.js'

/** Every built entry as a user meets it: --help, and the CLI inside a workflow step. */

describe('--help on every entry', () => {
  test.each([
    ['dist/cli.js', /^Usage: progressive-deploy <command>/],
    ['dist/demo.js', /^Usage: node dist\/demo\.js \[command\]/],
    ['dist/index.js', /GitHub Action's entry.*node dist\/cli\.js --help/s]
  ])('%s --help prints help and exits 0, running nothing', async (entry, help) => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pd-help-'))
    const result = await runNode([path.resolve(entry), '--help'], { PATH: process.env.PATH }, cwd)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(help)
    expect(result.stderr).toBe('')
  })

  test('an unknown demo command is an error with the help, not the whole demo', async () => {
    const result = await runNode(['dist/demo.js', 'bogus'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^unknown command "bogus"\n\nUsage: node dist\/demo\.js/)
  })
})

test('the CLI in a workflow step writes the same job summary as the action (GITHUB_STEP_SUMMARY)', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-cli-summary-'))
  const summary = path.join(dir, 'summary.md')
  writeFileSync(summary, '# written by an earlier step\n')
  const upstream = path.join(dir, 'upstream.conf')
  writeFileSync(upstream, 'upstream app {\n    server 127.0.0.1:9001;\n}\n')
  const args = [
    'dist/cli.js',
    'plan',
    '--environment',
    'production',
    '--blue-address',
    '127.0.0.1:9001',
    '--green-address',
    '127.0.0.1:9002',
    '--nginx-upstream-file',
    upstream,
    '--state-file',
    path.join(dir, 'state.json')
  ]
  const result = await runNode(args, { PATH: process.env.PATH, GITHUB_STEP_SUMMARY: summary })
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' })
  const written = readFileSync(summary, 'utf8')
  // Appended after what earlier steps wrote, as the runner expects.
  expect(written).toMatch(/^# written by an earlier step\n## progressive-deploy: plan · production/)
  expect(written).toMatch(/\| \*\*strategy\*\* \| blue-green: /)
  // Outside Actions (no GITHUB_STEP_SUMMARY) the report goes to the terminal only.
  const plain = await runNode(args, { PATH: process.env.PATH })
  expect(plain.code).toBe(0)
  expect(plain.stdout).toMatch(/progressive-deploy plan · production: no-op/)
  expect(readFileSync(summary, 'utf8')).toBe(written)
})
