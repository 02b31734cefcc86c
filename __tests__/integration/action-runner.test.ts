import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { answeredBy, Lab, startLab } from '../support/lab.js'
import { inputEnv, runnerEnv } from '../support/action-env.js'
import { readOutputs, ROOT, runNode } from '../support/run-dist.js'

let lab: Lab
let recordFile: string
let deployInputs: Record<string, string>
beforeAll(async () => {
  lab = await startLab('action')
  recordFile = path.join(lab.dir, 'deploys.jsonl')
  deployInputs = {
    ...lab.inputs,
    'deploy-command': JSON.stringify([
      process.execPath,
      path.join(ROOT, '__tests__/support/record-deploy.mjs'),
      '--arg with space'
    ]),
    'service-url': 'https://recs.example.com'
  }
})
afterAll(async () => {
  await lab?.stop()
})

describe('node dist/index.js as the runner calls it', () => {
  test('the root action runs a whole blue/green release: outputs, summary, deploy facts, traffic', async () => {
    const { env, outputFile, summaryFile } = runnerEnv({
      RECORD_FILE: recordFile,
      ...inputEnv({ ...deployInputs, version: 'v2.0.0' })
    })
    const result = await runNode(['dist/index.js'], env)
    expect(result.stdout).not.toMatch(/::error::/)
    expect(result.code).toBe(0)

    expect(readOutputs(outputFile)).toEqual({
      'active-color': 'green',
      'idle-color': 'blue',
      'previous-color': 'blue',
      version: 'v2.0.0',
      'previous-version': '',
      'deployed-color': 'green',
      'target-url': 'https://recs.example.com',
      result: 'success',
      phase: 'live'
    })
    const summary = readFileSync(summaryFile, 'utf8')
    expect(summary).toMatch(/## progressive-deploy: release · test/)
    expect(summary).toMatch(/\| deploy v2\.0\.0 to green \| ✅ \|/)
    expect(summary).toMatch(/\| switch traffic blue → green \| ✅ \|/)
    expect(summary).toMatch(
      /\| confirm new requests reach green \| ✅ \| .* \| nginx reloaded with 100% green; \d+ of \d+ probe answers from green \|/
    )
    expect(summary).toMatch(/\*\*Serving now:\*\* v2\.0\.0 on green/)
    expect(summary).toMatch(
      /\[workflow run\]\(https:\/\/github\.com\/octo-org\/recommendations\/actions\/runs\/4242\)/
    )

    const deploys = readFileSync(recordFile, 'utf8')
      .trim()
      .split('\n')
      .map(line => JSON.parse(line))
    expect(deploys).toEqual([
      {
        argv: ['--arg with space'],
        facts: expect.objectContaining({
          PD_COLOR: 'green',
          PD_VERSION: 'v2.0.0',
          PD_ADDRESS: lab.addresses.green,
          PD_ENVIRONMENT: 'test',
          PD_LIVE_COLOR: 'blue'
        })
      }
    ])
    expect(await answeredBy(lab.nginx.url)).toBe('green')
  })

  test('a later job reads the state the first wrote (status)', async () => {
    const { env, outputFile } = runnerEnv(inputEnv({ ...lab.inputs, command: 'status' }))
    const result = await runNode(['dist/index.js'], env)
    expect(result.code).toBe(0)
    expect(readOutputs(outputFile)).toMatchObject({
      'active-color': 'green',
      version: 'v2.0.0',
      result: 'no-op'
    })
    expect(result.stdout).toMatch(
      /green takes all traffic\. blue: nothing recorded; green: v2\.0\.0 \(live\)/
    )
  })

  test('bad input fails the step with ::error:: naming the field, and changes nothing', async () => {
    const upstreamBefore = readFileSync(lab.nginx.upstreamFile, 'utf8')
    const { env, outputFile } = runnerEnv(
      inputEnv({ ...deployInputs, version: 'v3', strategy: 'canery' })
    )
    const result = await runNode(['dist/index.js'], env)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/::error::strategy: unknown strategy "canery"/)
    expect(readOutputs(outputFile)).toEqual({})
    expect(readFileSync(lab.nginx.upstreamFile, 'utf8')).toBe(upstreamBefore)
  })

  test('a failing deploy command fails the step; traffic stays', async () => {
    const { env, outputFile, summaryFile } = runnerEnv({
      RECORD_FILE: recordFile,
      DEPLOY_EXIT: '7',
      ...inputEnv({ ...deployInputs, version: 'v3' })
    })
    const result = await runNode(['dist/index.js'], env)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /::error::deploy command exited 7 for v3 on blue; traffic was not moved\./
    )
    expect(readOutputs(outputFile)).toMatchObject({ result: 'failure', 'active-color': 'green' })
    expect(readFileSync(summaryFile, 'utf8')).toMatch(/❌ failure/)
    expect(await answeredBy(lab.nginx.url)).toBe('green')
  })
})
