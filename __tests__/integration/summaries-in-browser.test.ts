import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Browser } from 'playwright-core'
import { startFleetLab } from '../../demo/fleet-lab.js'
import { renderMarkdown } from '../../src/report/render.js'
import { runInProcess, startCanaryLab } from '../support/canary-lab.js'
import { startLab } from '../support/lab.js'
import { ROOT } from '../support/run-dist.js'
import { launchChromium, renderSummary } from '../support/summary-browser.js'

/**
 * Every kind of job summary, produced by the real tool against real nginx, rendered as GitHub
 * renders it (GFM, Mermaid) in Debian's Chromium: no Mermaid error, every chart draws every
 * series it declares in the project's palette, the headline is on the page. With
 * PD_SCREENSHOTS=1 the canary and rolling screenshots are written to docs/images for the README.
 */

const DEMO = path.join(ROOT, 'dist/demo.js')
const shots = mkdtempSync(path.join(os.tmpdir(), 'pd-summaries-'))
const summaries: { kind: string; markdown: string; headline: string }[] = []
let browser: Browser

async function produce(): Promise<void> {
  const deploy = JSON.stringify([process.execPath, '-e', '0'])
  const bg = await startLab('summary-bg')
  try {
    const release = await runInProcess('release', {
      ...bg.inputs,
      version: 'v2',
      'deploy-command': deploy
    })
    summaries.push({ kind: 'blue/green release', ...kindOf(release.report) })
    const status = await runInProcess('status', bg.inputs)
    summaries.push({ kind: 'status', ...kindOf(status.report) })
  } finally {
    await bg.stop()
  }
  const canary = await startCanaryLab('summary-canary', 'nginx')
  try {
    // The canary is green, beside blue's stable v1: first a bad one, then a good one.
    await canary.startCanary({ failRate: 0.3 })
    const aborted = await runInProcess('release', {
      ...canary.inputs,
      version: 'v2-bad',
      'canary-steps': '10, 50, 100'
    })
    summaries.push({ kind: 'canary, aborted', ...kindOf(aborted.report) })
    await canary.startCanary({})
    const healthy = await runInProcess('release', {
      ...canary.inputs,
      version: 'v2',
      'canary-steps': '10, 50, 100'
    })
    summaries.push({ kind: 'canary, healthy', ...kindOf(healthy.report) })
  } finally {
    await canary.stop()
  }
  const fleet = await startFleetLab({
    name: 'summary-rolling',
    router: 'nginx',
    size: 4,
    demoScript: DEMO
  })
  try {
    const settings = { 'batch-size': '2', 'max-unavailable': '2', 'health-deadline': '2s' }
    const updated = await runInProcess('rolling', { ...fleet.inputs, ...settings, version: 'v2' })
    summaries.push({ kind: 'rolling, success', ...kindOf(updated.report) })
    const failed = await runInProcess('rolling', {
      ...fleet.inputs,
      ...settings,
      version: 'v3',
      'deploy-command': JSON.stringify([
        process.execPath,
        DEMO,
        'deploy',
        '--dir',
        fleet.dir,
        '--unhealthy-on',
        'web-3@v3'
      ])
    })
    summaries.push({ kind: 'rolling, failure', ...kindOf(failed.report) })
  } finally {
    await fleet.stop()
  }
}

function kindOf(report: Parameters<typeof renderMarkdown>[0]) {
  return { markdown: renderMarkdown(report), headline: report.headline }
}

beforeAll(async () => {
  await produce()
  browser = await launchChromium()
}, 120_000)
afterAll(async () => {
  await browser?.close()
})

describe('job summaries in a real browser', () => {
  test('the tool produced every kind, each with the ending it should have', () => {
    expect(summaries.map(s => s.kind)).toEqual([
      'blue/green release',
      'status',
      'canary, aborted',
      'canary, healthy',
      'rolling, success',
      'rolling, failure'
    ])
    const result = (kind: string) => summaries.find(s => s.kind === kind)?.markdown ?? ''
    expect(result('canary, healthy')).toContain('**✅ success**')
    expect(result('canary, aborted')).toContain('**❌ failure**')
    expect(result('rolling, failure')).toContain('**❌ failure**')
    expect(result('status')).toContain('**ℹ️ status**')
  })

  test.each(['light', 'dark'] as const)(
    '%s theme: no Mermaid error, every declared series drawn in the palette, the headline shown',
    async theme => {
      for (const summary of summaries) {
        const name = summary.kind.replace(/[^a-z]+/g, '-')
        const file = path.join(shots, `${name}-${theme}.png`)
        const rendered = await renderSummary(browser, summary.markdown, theme, file)
        expect({ kind: summary.kind, errors: rendered.errors }).toEqual({
          kind: summary.kind,
          errors: []
        })
        for (const chart of rendered.charts) {
          const drawn = chart.drawnLines + (chart.drawnBars > 0 ? 1 : 0)
          expect(`${summary.kind} / ${chart.title}: ${drawn} of ${chart.declared}`).toBe(
            `${summary.kind} / ${chart.title}: ${chart.declared} of ${chart.declared}`
          )
          // Mermaid's own pale defaults would mean the palette was ignored.
          for (const colour of chart.colours)
            expect(['#2563eb', '#dc2626', '#6b7280', '#0d9488']).toContain(colour)
        }
        expect(rendered.text).toContain(summary.headline.slice(0, 60))
      }
      // Canaries have charts of share, error rate and p95; an aborted one too.
      for (const kind of ['canary, healthy', 'canary, aborted']) {
        const markdown = summaries.find(s => s.kind === kind)?.markdown ?? ''
        expect(markdown.match(/```mermaid/g)).toHaveLength(3)
      }
      if (process.env.PD_SCREENSHOTS === '1' && theme === 'light') {
        mkdirSync(path.join(ROOT, 'docs/images'), { recursive: true })
        for (const [from, to] of [
          ['canary-healthy', 'summary-canary.png'],
          ['canary-aborted', 'summary-canary-aborted.png'],
          ['rolling-success', 'summary-rolling.png']
        ])
          copyFileSync(path.join(shots, `${from}-light.png`), path.join(ROOT, 'docs/images', to))
      }
    },
    120_000
  )
})
