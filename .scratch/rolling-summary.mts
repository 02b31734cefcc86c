import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execute } from '../src/run.js'
import { renderMarkdown } from '../src/report/render.js'
import { FleetRouter, FakeRunner, fakeContext, testSettings } from '../__tests__/support/fakes.js'
const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'x-')), 'state.json')
const router = new FleetRouter(['recs-1', 'recs-2', 'recs-3', 'recs-4'])
for (const [command, version, extra] of [['rolling', 'v1', {}], ['rolling', 'v2', {}], ['status', 'v2', {}]] as const) {
  const ctx = fakeContext(testSettings(command, { strategy: 'rolling', instances: ['recs-1', 'recs-2', 'recs-3', 'recs-4'].map((n, i) => `${n}=10.0.0.${i + 1}:80`).join('\n'), 'max-unavailable': '1', 'min-ready': '1s', version, ...extra }), file, { router, runner: new FakeRunner() })
  await execute(ctx)
  console.log(renderMarkdown(ctx.report))
  console.log('=================')
}
