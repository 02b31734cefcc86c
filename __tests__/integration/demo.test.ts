import { describe, expect, test } from '@jest/globals'
import { runNode } from '../support/run-dist.js'

describe('npm run demo (node dist/demo.js)', () => {
  test('runs the whole story on real nginx with no failed request and stops everything it started', async () => {
    const result = await runNode(['dist/demo.js'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const out = result.stdout
    expect(out).toMatch(
      /exit 1: progressive-deploy verify · demo: failure — smoke test exited 1 on green \(v3\.0-broken\)/
    )
    expect(out).toMatch(/rolled back from v2\.0 to v1\.0 on green \(redeployed\)/)
    expect(out).toMatch(/total fresh: \d+ requests, 0 HTTP failures, 0 connection errors/)
    expect(out).toMatch(/total keep-alive: \d+ requests, 0 HTTP failures/)
    expect(out).toMatch(/✔ demo finished as expected; all processes stopped\./)
    const dir = /working directory (\S+)/.exec(out)?.[1]
    // Every process the demo started is gone: nothing still serves from its directory.
    const ps = await runNode([
      '-e',
      `const { execSync } = require('node:child_process'); process.stdout.write(execSync('ps -eo args').toString())`
    ])
    expect(dir).toBeDefined()
    // (Other suites run their own sample services meanwhile: only this demo's count.)
    expect(ps.stdout).not.toContain(dir)
  }, 90_000)
})
