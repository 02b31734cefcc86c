import { formatDuration } from '../config/duration.js'
import { RolloutRecord } from '../state/types.js'
import { canaryStepsText, renderCanarySteps } from './canary-summary.js'
import { fleetText, renderFleet } from './fleet-summary.js'
import { Report } from './report.js'

const ICON = { ok: '✅', failed: '❌' }
const RESULT = { success: '✅ success', failure: '❌ failure', 'no-op': '➖ nothing to do' }

/**
 * status and plan report; they have nothing "to do", so they are labelled as what they are. A
 * status that found a problem is still a failure.
 */
function resultLabel(report: Report): string {
  const command = report.title.split(' ')[0]
  if (report.result === 'no-op' && (command === 'status' || command === 'plan'))
    return `ℹ️ ${command}`
  return RESULT[report.result]
}

/** The job summary: headline, steps with timings, where traffic is now, recent history. */
export function renderMarkdown(report: Report): string {
  const lines = [
    `## progressive-deploy: ${report.title}`,
    '',
    `**${resultLabel(report)}** — ${escape(report.headline)}`,
    ''
  ]
  // A rolling update's answer is the fleet: it comes first, the steps that made it after.
  lines.push(...renderFleet(report.fleetColumns, report.fleetAddresses))
  if (report.steps.length > 0) {
    if (report.fleetColumns.length > 0) lines.push('### Steps', '')
    lines.push('| step | result | time | detail |', '| --- | --- | --- | --- |')
    for (const s of report.steps) {
      lines.push(
        `| ${escape(s.name)} | ${ICON[s.outcome]} | ${formatDuration(s.durationMs)} | ${escape(s.detail)} |`
      )
    }
    lines.push('')
  }
  lines.push(...renderCanarySteps(report.canarySteps, report.canaryLimits))
  if (report.facts.length > 0) {
    lines.push(
      '| | |',
      '| --- | --- |',
      ...report.facts.map(([k, v]) => `| **${escape(k)}** | ${escape(v)} |`),
      ''
    )
  }
  const o = report.outputs
  if (o['active-color']) {
    lines.push(
      `**Serving now:** ${servingVersion(o.version)} on ${o['active-color']}` +
        (o['idle-color'] ? ` · idle: ${o['idle-color']}` : ''),
      ''
    )
  }
  if (report.links.length > 0) {
    lines.push(report.links.map(l => `[${escape(l.label)}](${l.url})`).join(' · '), '')
  }
  if (report.history.length > 0) {
    lines.push(
      '<details><summary>Recent releases</summary>',
      '',
      '| # | version | color | phase | by | updated |',
      '| --- | --- | --- | --- | --- | --- |'
    )
    for (const r of report.history) lines.push(historyRow(r))
    lines.push('', '</details>', '')
  }
  return lines.join('\n')
}

/** The version serving, or why none can be named: no release there was ever recorded. */
function servingVersion(version: string | undefined): string {
  return version || 'a version no release recorded (it was there before progressive-deploy)'
}

/** The same for a terminal. */
export function renderText(report: Report): string {
  const lines = ['', `progressive-deploy ${report.title}: ${report.result} — ${report.headline}`]
  for (const s of report.steps) {
    lines.push(
      `  ${s.outcome === 'ok' ? 'ok    ' : 'FAILED'} ${s.name.padEnd(42)} ${formatDuration(s.durationMs).padStart(9)}  ${s.detail}`
    )
  }
  lines.push(...canaryStepsText(report.canarySteps))
  lines.push(...fleetText(report.fleetColumns, report.fleetAddresses))
  for (const [k, v] of report.facts) lines.push(`  ${k.padEnd(24)} ${v}`)
  const o = report.outputs
  if (o['active-color'])
    lines.push(`  serving now: ${servingVersion(o.version)} on ${o['active-color']}`)
  if (report.history.length > 0) {
    lines.push('  recent releases:')
    for (const r of report.history) {
      lines.push(
        `    #${r.id} ${r.version.padEnd(16)} ${r.color.padEnd(6)} ${r.phase.padEnd(12)} ${r.updatedAt}  ${lastDescription(r)}`
      )
    }
  }
  return lines.join('\n')
}

function historyRow(r: RolloutRecord): string {
  const by = r.runUrl ? `[${escape(r.actor)}](${r.runUrl})` : escape(r.actor)
  return `| ${r.id} | ${escape(r.version)} | ${r.color} | ${r.phase} | ${by} | ${r.updatedAt} |`
}

function lastDescription(r: RolloutRecord): string {
  return r.events[r.events.length - 1]?.description ?? ''
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ').replace(/</g, '&lt;')
}
