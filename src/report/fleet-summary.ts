import { formatDuration } from '../config/duration.js'
import { InstanceState } from '../state/types.js'
import { FleetColumn } from './report.js'

/** Instances × versions over the batches: one row per instance, one column per moment. */
export function renderFleet(columns: readonly FleetColumn[]): string[] {
  if (columns.length === 0) return []
  const names = Object.keys(columns[0].instances)
  const lines = [
    `| instance | ${columns.map(c => `${c.label} (${formatDuration(c.atMs)})`).join(' | ')} |`,
    `| --- | ${columns.map(() => '---').join(' | ')} |`
  ]
  for (const name of names)
    lines.push(`| ${name} | ${columns.map(c => cell(c.instances[name])).join(' | ')} |`)
  lines.push('', '_drained_: out of rotation · _?_: version unknown (a deploy did not finish)', '')
  return lines
}

export function fleetText(columns: readonly FleetColumn[]): string[] {
  if (columns.length === 0) return []
  const names = Object.keys(columns[0].instances)
  const width = Math.max(8, ...names.map(n => n.length))
  const headers = columns.map(c => c.label)
  const cellWidth =
    Math.max(
      ...headers.map(h => h.length),
      ...columns.flatMap(c => names.map(n => cell(c.instances[n]).length))
    ) + 2
  const lines = [`  ${'instance'.padEnd(width)} ${headers.map(h => h.padEnd(cellWidth)).join('')}`]
  for (const name of names)
    lines.push(
      `  ${name.padEnd(width)} ${columns.map(c => cell(c.instances[name]).padEnd(cellWidth)).join('')}`
    )
  return lines
}

function cell(state: InstanceState | undefined): string {
  if (!state) return ''
  const version = state.version === '' ? '?' : state.version
  return state.inRotation ? version : `${version} (drained)`
}
