import { describe, expect, test } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { benchSection } from '../bench/readme-section.js'
import { INPUTS, OUTPUTS } from '../src/config/input-definitions.js'
import { ROOT } from './support/run-dist.js'

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')

describe('README', () => {
  test('documents every input with its default, and every output', () => {
    for (const input of INPUTS) {
      const row = readme.split('\n').find(line => line.startsWith(`| \`${input.name}\` |`))
      expect(row).toBeDefined()
      const shown = input.actionDefault ?? input.default
      if (shown) expect(row).toContain(`\`${shown}\``)
    }
    for (const output of OUTPUTS) expect(readme).toContain(`| \`${output.name}\` |`)
  })

  test('gives the demo and test commands that package.json defines', () => {
    const scripts = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts
    expect(readme).toMatch(/^npm run demo /m)
    expect(readme).toMatch(/^npm test /m)
    expect(scripts.demo).toBe('node dist/demo.js')
    expect(scripts.test).toBe('bash scripts/test.sh')
  })

  test('shows the benchmark figures of bench/results, as scripts/bench-readme.ts writes them', () => {
    const section = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/.exec(readme)?.[0]
    expect(section).toBe(benchSection())
  })

  test('shows the nginx Lua include exactly as examples/ holds it (and the tests run it)', () => {
    const block = /<!-- nginx-lua:start -->\n```nginx\n([\s\S]*?)```\n<!-- nginx-lua:end -->/.exec(
      readme
    )
    expect(block?.[1]).toBe(
      readFileSync(path.join(ROOT, 'examples/nginx/progressive-deploy-lua.conf'), 'utf8')
    )
  })

  test('links files that exist', () => {
    for (const [, link] of readme.matchAll(/\]\(((?:examples|docs|src|bench)\/[^)]+)\)/g)) {
      expect(`${link}: ${existsSync(path.join(ROOT, link))}`).toBe(`${link}: true`)
    }
  })
})
