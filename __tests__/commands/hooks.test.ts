import { describe, expect, test } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runHook } from '../../src/commands/shared/hooks.js'
import { FakeRunner, fakeContext, testSettings } from '../support/fakes.js'

describe('release hooks', () => {
  test("PD_LIVE_COLOR is what the router holds while the hook runs: before the switch the previous color, after it the release's", async () => {
    const runner = new FakeRunner()
    const ctx = fakeContext(
      testSettings('switch', {
        'pre-switch-command': '["./pre.sh"]',
        'post-switch-command': '["./post.sh"]'
      }),
      path.join(mkdtempSync(path.join(os.tmpdir(), 'pd-hooks-')), 'state.json'),
      { runner }
    )
    const release = { color: 'green' as const, version: 'v2' }
    const previous = { color: 'blue' as const, version: 'v1' }
    expect(await runHook(ctx, 'pre-switch', release, previous)).toBeUndefined()
    expect(await runHook(ctx, 'post-switch', release, previous)).toBeUndefined()
    expect(
      runner.calls.map(c => `${c.argv[0]} ${c.env?.PD_HOOK} live ${c.env?.PD_LIVE_COLOR}`)
    ).toEqual(['./pre.sh pre-switch live blue', './post.sh post-switch live green'])
  })
})
