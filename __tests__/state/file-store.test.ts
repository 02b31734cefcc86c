import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ConfigurationError, LeaseLost } from '../../src/errors.js'
import { FileStateStore } from '../../src/state/file-store.js'
import { RolloutPlan } from '../../src/state/types.js'
import { FakeClock } from '../support/fakes.js'
import { claimLease } from '../../src/state/claim.js'

const newStore = () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pd-state-')), 'sub', 'state.json')
  return { file, store: new FileStateStore(file, new FakeClock()) }
}
const plan = (
  version: string,
  color: 'blue' | 'green',
  extra: Partial<RolloutPlan> = {}
): Omit<RolloutPlan, 'seenUpTo'> => ({
  environment: 'production',
  kind: 'release',
  version,
  color,
  actor: 'alice',
  runId: '7',
  runUrl: 'https://github.com/o/r/actions/runs/7',
  sha: '',
  description: `deploying ${version}`,
  force: false,
  strategy: 'blue-green',
  steps: ['deploy-green', 'verify', 'switch'],
  ...extra
})

describe('FileStateStore', () => {
  test('an environment without records has no state', async () => {
    const { store } = newStore()
    expect(await store.load('production')).toBeUndefined()
    expect(await store.history('production', 5)).toEqual([])
  })

  test('records a release through its phases, and a new process reads the same state', async () => {
    const { store, file } = newStore()
    const record = await claimLease(store, plan('v1', 'green'))
    await store.transition(record, { phase: 'deployed', description: 'healthy' })
    await store.transition(record, { phase: 'live', description: 'takes traffic' })
    expect(record.phase).toBe('live')

    const reread = await new FileStateStore(file, new FakeClock()).load('production')
    expect(reread?.live).toMatchObject({
      id: 1,
      version: 'v1',
      color: 'green',
      phase: 'live',
      actor: 'alice'
    })
    expect(reread?.live?.events.map(e => e.phase)).toEqual(['deploying', 'deployed', 'live'])
    expect(reread?.inProgress).toBeUndefined()
    expect(JSON.parse(readFileSync(file, 'utf8')).schema).toBe(1)
  })

  test('keeps environments apart', async () => {
    const { store } = newStore()
    await claimLease(store, plan('v1', 'green'))
    await claimLease(store, plan('v9', 'blue', { environment: 'staging' }))
    expect((await store.history('staging', 10)).map(r => r.version)).toEqual(['v9'])
    expect((await store.load('production'))?.inProgress?.version).toBe('v1')
  })

  test('refuses a second rollout while one is in progress, naming who holds it', async () => {
    const { store } = newStore()
    await claimLease(store, plan('v1', 'green'))
    const second = claimLease(store, plan('v2', 'green', { actor: 'bob', runId: '8' }))
    await expect(second).rejects.toBeInstanceOf(ConfigurationError)
    await expect(claimLease(store, plan('v2', 'green', { runId: '9' }))).rejects.toThrow(
      /rollout in progress: v1 on green \(deploying\).*alice.*runs\/7.*force: true/
    )
    expect((await store.history('production', 10)).length).toBe(1)
  })

  test('a new attempt of the same run takes its own lease over', async () => {
    const { store } = newStore()
    await claimLease(store, plan('v1', 'green'))
    await claimLease(store, plan('v1', 'green'))
    const [newest, oldest] = await store.history('production', 10)
    expect(newest.phase).toBe('deploying')
    expect(oldest.events[oldest.events.length - 1].description).toBe(
      'replaced by a new attempt of run 7'
    )
  })

  test('a local run whose process has died no longer holds the lease; a live one does', async () => {
    const { store } = newStore()
    const host = os.hostname()
    // A process that has exited (a killed run): its pid is free.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8'
    }).stdout
    await claimLease(store, plan('v1', 'green', { runId: '', process: `${host}:${dead}` }))
    await claimLease(store, plan('v2', 'green', { runId: '', actor: 'bob', process: `${host}:1` }))
    const [newest, oldest] = await store.history('production', 10)
    expect(newest).toMatchObject({ version: 'v2', phase: 'deploying' })
    expect(oldest.events.at(-1)?.description).toMatch(
      /ended without finishing it; taken over by bob/
    )
    // pid 1 is alive, and not this process: refused.
    await expect(
      claimLease(store, plan('v3', 'green', { runId: '', process: `${host}:${process.pid}` }))
    ).rejects.toThrow(/rollout in progress: v2/)
    // The same process goes on with its own.
    await claimLease(store, plan('v3', 'green', { runId: '', process: `${host}:1` }))
    expect((await store.history('production', 1))[0].version).toBe('v3')
  })

  test('force takes the lease over and marks the old release failed', async () => {
    const { store } = newStore()
    await claimLease(store, plan('v1', 'green'))
    await claimLease(store, plan('v2', 'green', { force: true, actor: 'bob', runId: '8' }))
    const [newest, oldest] = await store.history('production', 10)
    expect(newest).toMatchObject({ version: 'v2', phase: 'deploying' })
    expect(oldest).toMatchObject({ version: 'v1', phase: 'failed' })
    expect(oldest.events[oldest.events.length - 1].description).toMatch(/taken over by bob/)
  })

  test('a damaged state file is a clear error, not a fresh start', async () => {
    const { store, file } = newStore()
    await claimLease(store, plan('v1', 'green'))
    writeFileSync(file, '{"schema": 1, "records": ')
    await expect(store.load('production')).rejects.toThrow(/damaged.*restore it from a backup/)
  })

  test('of two claims made in the same moment exactly one proceeds; the other is recorded failed, naming the winner', async () => {
    const { store } = newStore()
    const results = await Promise.allSettled([
      claimLease(store, plan('v7', 'green', { runId: '70' })),
      claimLease(store, plan('v8', 'green', { runId: '80' }))
    ])
    expect(results.map(r => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const lost = results.find(r => r.status === 'rejected') as PromiseRejectedResult
    expect(lost.reason).toBeInstanceOf(LeaseLost)
    const [second, first] = await store.history('production', 10)
    expect(first.phase).toBe('deploying')
    expect(second).toMatchObject({ phase: 'failed' })
    expect(second.events.at(-1)?.description).toMatch(
      new RegExp(
        `another run claimed the environment in the same moment: ${first.version} on green \\(#${first.id}\\)`
      )
    )
  })

  test('a release at rest (verified, waiting) is superseded by the next one without force, and can never be moved back', async () => {
    const { store } = newStore()
    const preview = await claimLease(store, plan('pr-1', 'green', { runId: '1' }))
    await store.transition(preview, { phase: 'deployed', description: 'healthy' })
    await store.transition(preview, { phase: 'verified', description: 'checked' })
    await claimLease(store, plan('pr-2', 'green', { runId: '2' }))
    const [, old] = await store.history('production', 10)
    expect(old).toMatchObject({ phase: 'superseded' })
    expect(old.events.at(-1)?.description).toBe('superseded by pr-2 (alice) before it took traffic')
    // The earlier run wakes up: its record is final, it cannot go on.
    await expect(store.confirmHeld(preview)).rejects.toThrow(
      /no longer holds the lease: it is superseded/
    )
    await expect(
      store.transition(preview, { phase: 'verified', description: 'again' })
    ).rejects.toBeInstanceOf(LeaseLost)
    expect((await store.history('production', 10))[1].phase).toBe('superseded')
  })
})
