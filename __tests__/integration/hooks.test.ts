import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { runInProcess } from '../support/canary-lab.js'
import { answeredBy, Lab, startLab } from '../support/lab.js'

/**
 * Release hooks on real nginx: each writes its name, the release facts it got and the color
 * nginx served at that moment to one ordered log, so the log shows when it ran.
 */

let lab: Lab
let log: string
let inputs: Record<string, string>

/** A hook that logs "<hook> <version> after <previous> while nginx serves <color>" and exits `code`. */
function hook(code = 0): string {
  const script = `const f=require('fs');fetch(process.argv[2],{headers:{connection:'close'}}).then(r=>{f.appendFileSync(process.argv[1],process.env.PD_HOOK+' '+process.env.PD_VERSION+' after '+process.env.PD_PREVIOUS_VERSION+' while nginx serves '+r.headers.get('x-color')+'\\n');process.exit(${code})})`
  return JSON.stringify([process.execPath, '-e', script, log, lab.nginx.url])
}

beforeAll(async () => {
  lab = await startLab('hooks')
  log = path.join(lab.dir, 'hooks.log')
  inputs = {
    ...lab.inputs,
    'deploy-command': JSON.stringify([process.execPath, '-e', '0']),
    'pre-switch-command': hook(),
    'post-switch-command': hook(),
    'post-rollback-command': hook()
  }
  // v1 released first (to green, the idle color), without hooks.
  await runInProcess('release', {
    ...lab.inputs,
    version: 'v1',
    'deploy-command': inputs['deploy-command']
  })
}, 30_000)
afterAll(async () => {
  await lab?.stop()
})

test('pre-switch runs before the first traffic, post-switch after all of it, post-rollback once back; a failing pre-switch moves nothing', async () => {
  const released = await runInProcess('release', { ...inputs, version: 'v2' })
  expect(released.report.result).toBe('success')
  const back = await runInProcess('rollback', { ...inputs, reason: 'hooks test' })
  expect(back.report.result).toBe('success')
  const lines = () => readFileSync(log, 'utf8').trim().split('\n')
  expect(lines()).toEqual([
    'pre-switch v2 after v1 while nginx serves green',
    'post-switch v2 after v1 while nginx serves blue',
    'post-rollback v1 after v2 while nginx serves green'
  ])

  const refused = await runInProcess('release', {
    ...inputs,
    version: 'v3',
    'pre-switch-command': hook(4)
  })
  expect(refused.report.result).toBe('failure')
  expect(refused.report.headline).toMatch(/pre-switch-command exited 4; traffic was not moved/)
  expect(refused.report.steps.map(s => `${s.name} ${s.outcome}`)).toContain(
    'pre-switch-command failed'
  )
  for (let i = 0; i < 5; i++) expect(await answeredBy(lab.nginx.url)).toBe('green')
  expect(lines()).toHaveLength(4)
  // Each hook's exit is an event of its release, in the state every later job reads.
  const history = await runInProcess('status', inputs)
  const events = history.report.history.flatMap(r =>
    r.events.map(e => `${r.version} ${e.description}`)
  )
  expect(events).toEqual(
    expect.arrayContaining([
      'v2 pre-switch-command exit 0',
      'v2 post-switch-command exit 0',
      'v1 post-rollback-command exit 0',
      'v3 pre-switch-command exit 4'
    ])
  )
}, 60_000)
