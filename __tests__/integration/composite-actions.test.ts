import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'
import { INPUTS, OUTPUTS } from '../../src/config/input-definitions.js'
import { actionSchemaErrors, loadAction, runScripts, SUB_ACTIONS } from '../support/action-files.js'
import { runnerEnv } from '../support/action-env.js'
import { answeredBy, Lab, startLab } from '../support/lab.js'
import { readOutputs, ROOT, runProgram } from '../support/run-dist.js'

const ALL_FILES = ['action.yml', ...SUB_ACTIONS.map(name => `actions/${name}/action.yml`)]

describe('action metadata', () => {
  test('the expected sub-actions exist', () => {
    expect(SUB_ACTIONS).toEqual([
      'canary-step',
      'deploy-green',
      'rollback',
      'rolling',
      'switch',
      'verify'
    ])
  })

  test.each(ALL_FILES)('%s is valid against GitHub’s action schema', file => {
    expect(actionSchemaErrors(loadAction(file))).toEqual([])
  })

  test('the schema check does catch a broken action (so the checks above can fail)', () => {
    const broken = {
      path: 'broken.yml',
      text: 'name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo\n',
      doc: {} as never
    }
    expect(actionSchemaErrors(broken)).toEqual([
      expect.stringMatching(/Required property is missing: shell/)
    ])
  })

  test.each(ALL_FILES)('%s has no ${{ }} inside run:', file => {
    for (const script of runScripts(parse(loadAction(file).text)))
      expect(script.run).not.toContain('${{')
  })

  test('the root action runs on node24 from dist/ and declares every input and output with a description', () => {
    const { doc } = loadAction('action.yml')
    expect(doc.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    expect(Object.keys(doc.inputs).sort()).toEqual(INPUTS.map(i => i.name).sort())
    for (const input of INPUTS)
      expect(doc.inputs[input.name]).toMatchObject({
        description: input.description,
        default: input.actionDefault ?? input.default
      })
    expect(Object.keys(doc.outputs).sort()).toEqual(OUTPUTS.map(o => o.name).sort())
  })

  test.each(SUB_ACTIONS)(
    'actions/%s maps every input into the step env and every output from it',
    name => {
      const { doc } = loadAction(`actions/${name}/action.yml`)
      expect(doc.runs.using).toBe('composite')
      const [step] = doc.runs.steps ?? []
      expect(step.run).toBe(
        `bash "$GITHUB_ACTION_PATH/../../scripts/require-node.sh"\nnode "$GITHUB_ACTION_PATH/../../dist/index.js" ${name}`
      )
      for (const input of Object.keys(doc.inputs)) {
        expect(step.env?.[`INPUT_${input.replace(/-/g, '_').toUpperCase()}`]).toBe(
          `\${{ inputs.${input} }}`
        )
      }
      expect(Object.keys(step.env ?? {}).length).toBe(Object.keys(doc.inputs).length)
      for (const output of OUTPUTS)
        expect(doc.outputs[output.name].value).toBe(
          `\${{ steps.${step.id}.outputs.${output.name} }}`
        )
    }
  )
})

/**
 * Runs a composite action the way the runner does: evaluate `${{ inputs.x }}` in the step's env
 * (given value, else the default), run the script with bash and GITHUB_ACTION_PATH, then evaluate
 * the action's outputs from the step's GITHUB_OUTPUT.
 */
async function runComposite(
  name: string,
  given: Record<string, string>,
  extraEnv: Record<string, string> = {}
) {
  const { doc } = loadAction(`actions/${name}/action.yml`)
  const unknown = Object.keys(given).filter(k => !(k in doc.inputs))
  if (unknown.length > 0) throw new Error(`actions/${name} has no input ${unknown.join(', ')}`)
  const step = doc.runs.steps![0]
  const { env, outputFile } = runnerEnv(extraEnv)
  for (const [key, expression] of Object.entries(step.env ?? {})) {
    const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(expression)?.[1]
    if (!input) throw new Error(`unexpected env expression ${expression}`)
    env[key] = given[input] ?? evaluateDefault(doc.inputs[input].default ?? '', extraEnv)
  }
  env.GITHUB_ACTION_PATH = path.join(ROOT, 'actions', name)
  const result = await runProgram(
    'bash',
    ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!],
    env,
    path.join(ROOT, '__tests__')
  )
  const stepOutputs = readOutputs(outputFile)
  const outputs = Object.fromEntries(
    Object.entries(doc.outputs).map(([key, o]) => [
      key,
      stepOutputs[/steps\.run\.outputs\.([\w-]+)/.exec(o.value!)![1]] ?? ''
    ])
  )
  return { ...result, outputs }
}

/** The runner evaluates expressions in input defaults; the one our actions use is github.token. */
function evaluateDefault(value: string, env: Record<string, string>): string {
  return value === '${{ github.token }}' ? (env.GITHUB_TOKEN ?? '') : value
}

describe('composite sub-actions chained like jobs of a workflow, against real nginx', () => {
  let lab: Lab
  beforeAll(async () => {
    lab = await startLab('composite')
  })
  afterAll(async () => {
    await lab?.stop()
  })
  const common = () => {
    const { ['health-interval']: _i, ['health-deadline']: _d, ...rest } = lab.inputs
    return rest
  }
  const deploy = JSON.stringify([process.execPath, '-e', 'process.exit(0)'])

  test('deploy-green → verify → switch → rollback', async () => {
    const deployed = await runComposite('deploy-green', {
      ...common(),
      ...{ 'health-interval': '100ms' },
      version: 'v2',
      'deploy-command': deploy
    })
    expect(deployed.stdout).not.toMatch(/::error::/)
    expect(deployed.code).toBe(0)
    expect(deployed.outputs).toMatchObject({
      'deployed-color': 'green',
      'active-color': 'blue',
      result: 'success'
    })

    const verified = await runComposite('verify', {
      ...common(),
      'smoke-command': JSON.stringify([process.execPath, '-e', 'process.exit(0)'])
    })
    expect(verified.code).toBe(0)
    expect(verified.outputs).toMatchObject({ 'deployed-color': 'green', result: 'success' })

    const switched = await runComposite('switch', common())
    expect(switched.code).toBe(0)
    expect(switched.outputs).toMatchObject({
      'active-color': 'green',
      'previous-color': 'blue',
      version: 'v2',
      'target-url': lab.nginx.url
    })
    expect(await answeredBy(lab.nginx.url)).toBe('green')

    // Nothing good was live before v2 in this environment's records: rollback names the fix.
    const refused = await runComposite('rollback', { ...common(), reason: 'latency up' })
    expect(refused.code).toBe(1)
    expect(refused.stdout).toMatch(
      /::error::rollback-version: no earlier good release is recorded before v2/
    )

    const back = await runComposite('rollback', {
      ...common(),
      'rollback-version': 'v1',
      reason: 'latency up',
      'deploy-command': deploy
    })
    expect(back.code).toBe(0)
    expect(back.outputs).toMatchObject({
      'active-color': 'blue',
      version: 'v1',
      'previous-version': 'v2',
      result: 'success'
    })
    expect(await answeredBy(lab.nginx.url)).toBe('blue')
  })
})

describe('a runner without a usable node (self-hosted, on a load balancer host)', () => {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'pd-node-'))
  const runSwitch = (pathDirs: string) =>
    runProgram(
      '/bin/bash',
      [
        '--noprofile',
        '--norc',
        '-eo',
        'pipefail',
        '-c',
        loadAction('actions/switch/action.yml').doc.runs.steps![0].run!
      ],
      { PATH: pathDirs, GITHUB_ACTION_PATH: path.join(ROOT, 'actions', 'switch') },
      ROOT
    )
  test('no node on PATH: one error naming actions/setup-node, nothing run', async () => {
    // A PATH with bash and nothing else.
    const bashOnly = mkdtempSync(path.join(os.tmpdir(), 'pd-bash-'))
    symlinkSync('/bin/bash', path.join(bashOnly, 'bash'))
    const result = await runSwitch(bashOnly)
    expect(result.code).toBe(1)
    expect(result.stdout.trim()).toBe(
      '::error title=progressive-deploy needs Node.js::There is no node on PATH. Add actions/setup-node (node-version: 20 or later) before this step.'
    )
  })
  test('node 18 on PATH: named with its version, nothing run', async () => {
    writeFileSync(path.join(bin, 'node'), '#!/bin/sh\necho 18.19.0\n', { mode: 0o755 })
    const result = await runSwitch(`${bin}:/usr/bin:/bin`)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /^::error title=progressive-deploy needs Node\.js 20\+::The node on PATH is 18\.19\.0; progressive-deploy needs 20 or later\. Add actions\/setup-node/
    )
    // The engine never started: it would have said which inputs are missing.
    expect(result.stdout + result.stderr).not.toMatch(/environment|switch-to/)
  })
})
