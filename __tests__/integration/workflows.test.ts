import { describe, expect, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { readConfigFile } from '../../src/config/config-file.js'
import { parseSettings } from '../../src/config/parse-settings.js'
import { loadAction, runScripts, workflowSchemaErrors } from '../support/action-files.js'
import { ROOT } from '../support/run-dist.js'
import { testMachine } from '../support/fakes.js'

const list = (dir: string) =>
  readdirSync(path.join(ROOT, dir))
    .filter(f => f.endsWith('.yml'))
    .map(f => `${dir}/${f}`)
const WORKFLOWS = [...list('.github/workflows'), ...list('examples/workflows')]

interface Step {
  uses?: string
  with?: Record<string, unknown>
}

/** The action.yml a `uses:` of ours points at, or undefined for someone else's action. */
function ourAction(uses: string): string | undefined {
  const local = /^\.\/actions\/([\w-]+)$/.exec(uses)
  if (local) return `actions/${local[1]}/action.yml`
  const published = /^org\/progressive-deploy(?:\/actions\/([\w-]+))?@v1$/.exec(uses)
  if (published) return published[1] ? `actions/${published[1]}/action.yml` : 'action.yml'
  return undefined
}

describe('workflows (project CI and user examples)', () => {
  test('the project has CI, check-dist and end-to-end workflows; examples cover blue/green and rollback', () => {
    expect(WORKFLOWS).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        '.github/workflows/check-dist.yml',
        '.github/workflows/e2e.yml',
        '.github/workflows/release.yml',
        'examples/workflows/blue-green.yml',
        'examples/workflows/rollback.yml',
        'examples/workflows/pr-checks.yml',
        'examples/workflows/rolling.yml'
      ])
    )
  })

  test.each(WORKFLOWS)('%s is valid against GitHub’s workflow schema', file => {
    expect(workflowSchemaErrors(file)).toEqual([])
  })

  test.each(WORKFLOWS)(
    '%s puts no ${{ }} inside run: and asks for no more permissions than ours need',
    file => {
      const doc = parse(readFileSync(path.join(ROOT, file), 'utf8'))
      for (const script of runScripts(doc))
        expect(`${script.where}: ${script.run}`).not.toContain('${{')
      expect(typeof doc.permissions).toBe('object')
      const allowed: Record<string, string> = {
        // Only the release workflow pushes (its tags).
        contents: file === '.github/workflows/release.yml' ? 'write' : 'read',
        deployments: 'write',
        statuses: 'write',
        actions: 'read'
      }
      for (const [scope, level] of Object.entries(doc.permissions as Record<string, string>))
        expect(`${scope}: ${level}`).toBe(`${scope}: ${allowed[scope]}`)
      const usesOurs = JSON.stringify(doc).includes('progressive-deploy')
      if (file.startsWith('examples/') && usesOurs)
        expect(doc.permissions).toMatchObject({ deployments: 'write', statuses: 'write' })
    }
  )

  test.each(WORKFLOWS)('%s gives our actions only inputs they declare', file => {
    const doc = parse(readFileSync(path.join(ROOT, file), 'utf8'))
    for (const job of Object.values(doc.jobs as Record<string, { steps?: Step[] }>)) {
      for (const step of job.steps ?? []) {
        const action = step.uses ? ourAction(step.uses) : undefined
        if (!action) continue
        const inputs = Object.keys(loadAction(action).doc.inputs)
        for (const key of Object.keys(step.with ?? {}))
          expect(`${step.uses}: ${key}`).toBe(
            inputs.includes(key) ? `${step.uses}: ${key}` : `${step.uses}: (unknown input)`
          )
      }
    }
  })

  test('the canary example config is valid settings with its gates', () => {
    const values = readConfigFile(path.join(ROOT, 'examples/config/canary.yml'))
    const settings = parseSettings(
      name => ({ ...values, version: 'v1' })[name],
      'release',
      testMachine()
    )
    expect(settings.strategy).toBe('canary')
    expect(settings.router.type).toBe('haproxy')
    expect(settings.canary.metrics.map(m => [m.name, m.provider, m.max])).toEqual([
      ['error-ratio', 'prometheus', 0.01],
      ['p95', 'http', 300]
    ])
    expect(settings.canary.steps.map(s => (s.kind === 'pause' ? 'pause' : s.weight))).toEqual([
      5,
      20,
      'pause',
      50,
      100
    ])
  })

  test('the rolling example config is valid settings: 10 instances, 5 batches, 8 always serving', () => {
    const values = readConfigFile(path.join(ROOT, 'examples/config/rolling.yml'))
    const settings = parseSettings(
      name => ({ ...values, version: 'v1' })[name],
      'rolling',
      testMachine()
    )
    expect(settings.rolling.instances).toHaveLength(10)
    expect(settings.rolling.instances[9]).toEqual({ name: 'recs-10', address: '10.0.0.30:8080' })
    expect([settings.rolling.batchSize, settings.rolling.maxUnavailable]).toEqual([2, 2])
    expect(settings.rolling.gates.map(g => g.name)).toEqual(['instance-error-ratio'])
  })

  test('the example config file is valid settings', () => {
    const values = readConfigFile(path.join(ROOT, 'examples/config/progressive-deploy.yml'))
    const settings = parseSettings(
      name => ({ ...values, version: 'v1' })[name],
      'release',
      testMachine()
    )
    expect(settings.deploy).toEqual(['./scripts/deploy.sh', '--service', 'recs-api'])
    expect(settings.smoke).toEqual(['./scripts/smoke.sh'])
  })
})
