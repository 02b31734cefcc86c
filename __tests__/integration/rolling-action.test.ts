import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import path from 'node:path'
import { FleetLab, startFleetLab } from '../../demo/fleet-lab.js'
import { runActionJob, startActionJob } from '../support/action-env.js'
import { FakeGitHub } from '../support/fake-github.js'
import { ROOT } from '../support/run-dist.js'

const TOKEN = 'ghs_rolling_token_should_never_show_0002'
const SHA = 'feed'.padEnd(40, '0')
let lab: FleetLab
let github: FakeGitHub

beforeAll(async () => {
  lab = await startFleetLab({
    name: 'rolling-action',
    router: 'nginx',
    size: 4,
    demoScript: path.join(ROOT, 'dist/demo.js')
  })
  github = new FakeGitHub(TOKEN)
  await github.start()
})
afterAll(async () => {
  await Promise.all([lab?.stop(), github?.stop()])
})
// Every request and answer matched GitHub's OpenAPI description: no unknown endpoint,
// parameter or field.
afterEach(() => {
  expect(github.problems).toEqual([])
})

/** `node dist/index.js` as a job of workflow run `runId`, state in GitHub deployments. */
async function job(runId: number, inputs: Record<string, string>) {
  const result = await runActionJob({
    apiUrl: github.url,
    sha: SHA,
    runId,
    inputs: { ...lab.inputs, 'github-token': TOKEN, ...inputs }
  })
  const printed = (result.stdout + result.stderr + result.summary).replace(
    `::add-mask::${TOKEN}`,
    ''
  )
  expect(printed).not.toContain(TOKEN)
  return result
}

describe('rolling update through the root action, state in GitHub deployments', () => {
  test('job 1 updates one batch and stops; a status job reads the mixed fleet from GitHub; job 2 of the same run finishes it', async () => {
    const update = {
      strategy: 'rolling',
      version: 'v2',
      'batch-size': '2',
      'max-unavailable': '2',
      'rollback-version': 'v1'
    }
    github.runs.set(700, 'in_progress')
    const first = await job(700, { ...update, 'max-batches': '1' })
    expect(first.code).toBe(0)
    expect(first.outputs).toMatchObject({
      result: 'success',
      phase: 'paused',
      fleet: '2 × v2, 2 × v1'
    })
    // Pausing changed nothing after batch 1: one column for both moments.
    expect(first.summary).toMatch(
      /\| instance \| address \| start \(.*\) \| batch 1\/2 · paused \(.*\) \|/
    )
    expect(first.summary).toMatch(/\| web-1 \| 127\.0\.0\.1:\d+ \| v1 \| v2 \|/)
    expect(first.summary).toMatch(/\| web-3 \| 127\.0\.0\.1:\d+ \| v1 \| v1 \|/)

    // Another job (no state file anywhere) reads the fleet back from deployment statuses.
    const status = await job(701, { strategy: 'rolling', command: 'status' })
    expect(status.code).toBe(0)
    expect(status.outputs).toMatchObject({ phase: 'paused', fleet: '2 × v2, 2 × v1' })
    expect(status.summary).toMatch(/\| web-3 \| 127\.0\.0\.1:\d+ \| v1 \|/)

    const second = await job(700, update)
    expect(second.code).toBe(0)
    expect(second.outputs).toMatchObject({
      result: 'success',
      phase: 'live',
      fleet: '4 × v2',
      version: 'v2'
    })
    expect(Object.values(await lab.versions())).toEqual(Array(4).fill('v2'))

    const [paused, finished] = github.history('rolling-action')
    expect(paused.deployment.payload).toMatchObject({
      strategy: 'rolling',
      color: 'fleet',
      version: 'v2'
    })
    expect(paused.statuses.at(-1)).toMatchObject({ state: 'failure' })
    expect(paused.statuses.at(-1)?.description).toMatch(/continued by the next job of run 700/)
    expect(finished.statuses.map(s => s.description)).toEqual([
      'deploying · batch 1/2 [2n2o]: rolling: v2 to 4 instances in 2 batches, resuming after batch 1',
      'rolling · batch 1/2 [2n2U]: batch 2/2: web-3, web-4 out of rotation for v2',
      'live · batch 2/2 [4n]: all 4 instances run v2'
    ])
    expect(github.problems).toEqual([])
  }, 90_000)

  test('kill -9 in the middle of batch 2: status names the recovery; rollback puts every instance back', async () => {
    const update = { strategy: 'rolling', version: 'v3', 'batch-size': '2', 'max-unavailable': '2' }
    github.runs.set(710, 'in_progress')
    const killed = startActionJob({
      apiUrl: github.url,
      sha: SHA,
      runId: 710,
      inputs: { ...lab.inputs, 'github-token': TOKEN, ...update }
    })
    const drained = () =>
      github
        .history('rolling-action')
        .at(-1)
        ?.statuses.some(s =>
          /batch 2\/2: web-3, web-4 out of rotation for v3/.test(String(s.description))
        )
    for (let i = 0; i < 400 && !drained(); i++) await new Promise(r => setTimeout(r, 25))
    expect(drained()).toBe(true)
    process.kill(-killed.pid, 'SIGKILL')
    await killed.done
    github.runs.set(710, 'completed')

    const status = await job(711, { strategy: 'rolling', command: 'status' })
    expect(status.summary).toMatch(
      /its run \(.*710\) is gone, the fleet half-updated\. Run rollback/
    )
    const rolled = await job(712, { strategy: 'rolling', command: 'rollback', reason: 'killed' })
    expect(rolled.code).toBe(0)
    expect(rolled.outputs).toMatchObject({
      result: 'success',
      phase: 'live',
      version: 'v2',
      fleet: '4 × v2'
    })
    expect(Object.values(await lab.versions())).toEqual(Array(4).fill('v2'))
    expect(await lab.inRotation()).toBe(4)
    const [rollback] = github.history('rolling-action').slice(-1)
    expect(rollback.deployment.payload).toMatchObject({ kind: 'rollback', version: 'v2' })
  }, 90_000)
})
