import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { runInProcess } from '../support/canary-lab.js'
import { answeredBy, Lab, startLab } from '../support/lab.js'

/**
 * Expand/contract on real nginx: contract runs only once the live release has taken all traffic
 * for contract-after, once; afterwards a rollback to the version before is refused unless forced.
 */

let lab: Lab
let inputs: Record<string, string>
let log: string

beforeAll(async () => {
  lab = await startLab('contract')
  log = path.join(lab.dir, 'contract.log')
  inputs = {
    ...lab.inputs,
    'deploy-command': JSON.stringify([process.execPath, '-e', '0']),
    'contract-command': JSON.stringify([
      process.execPath,
      '-e',
      "require('fs').appendFileSync(process.argv[1], process.env.PD_HOOK + ' ' + process.env.PD_VERSION + ' after ' + process.env.PD_PREVIOUS_VERSION + '\\n')",
      path.join(lab.dir, 'contract.log')
    ])
  }
  for (const version of ['v1', 'v2']) {
    const run = await runInProcess('release', { ...inputs, version })
    if (run.report.result !== 'success') throw new Error(run.report.headline)
  }
}, 30_000)
afterAll(async () => {
  await lab?.stop()
})

test('contract waits for contract-after, runs once, and then a rollback needs force', async () => {
  const early = await runInProcess('contract', { ...inputs, 'contract-after': '1h' })
  expect(early.report.result).toBe('failure')
  expect(early.report.headline).toMatch(
    /v2 has taken all traffic for .*; contract-after is 60 min 0 s: run contract after .*Nothing ran\./
  )
  expect(existsSync(log)).toBe(false)

  const ran = await runInProcess('contract', { ...inputs, 'contract-after': '0s' })
  expect(ran.report.result).toBe('success')
  expect(readFileSync(log, 'utf8')).toBe('contract v2 after v1\n')
  const again = await runInProcess('contract', { ...inputs, 'contract-after': '0s' })
  expect(again.report.result).toBe('no-op')
  expect(readFileSync(log, 'utf8')).toBe('contract v2 after v1\n')

  const serving = await answeredBy(lab.nginx.url)
  const refused = await runInProcess('rollback', { ...inputs, reason: 'after contract' })
  expect(refused.report.result).toBe('failure')
  expect(refused.report.headline).toMatch(
    /force: v2's contract-command ran at .*: v1 is from before it and may not work with what the contract removed\. Roll forward with a fix, or set force: true/
  )
  for (let i = 0; i < 5; i++) expect(await answeredBy(lab.nginx.url)).toBe(serving)
  const back = await runInProcess('switch', { ...inputs, 'switch-to': 'previous' })
  expect(back.report.result).toBe('failure')

  const forced = await runInProcess('rollback', {
    ...inputs,
    reason: 'v1 works without it',
    force: 'true'
  })
  expect(forced.report.result).toBe('success')
  expect(await answeredBy(lab.nginx.url)).not.toBe(serving)
}, 60_000)
