import { formatDuration } from '../config/duration.js'
import { InstanceState } from '../state/types.js'
import { FleetColumn } from './report.js'

/**
 * Instances × versions over the batches, under its own heading: one row per instance, one column
 * per moment that changed something (a moment equal to the one before is folded into it, as
 * "batch 4/4 · end"). The legend explains only the marks the table uses.
 */
export function renderFleet(
  columns: readonly FleetColumn[],
  addresses: Readonly<Record<string, string>> = {}
): string[] {
  if (columns.length === 0) return []
  const shown = foldRepeats(columns)
  const names = Object.keys(columns[0].instances)
  const withAddress = names.some(n => addresses[n])
  const lines = [
    '### Fleet: version per instance',
    '',
    // A lone column (status) is a moment, not a timeline: no time.
    `| instance |${withAddress ? ' address |' : ''} ${shown.map(c => (shown.length === 1 ? c.label : `${c.label} (${formatDuration(c.atMs)})`)).join(' | ')} |`,
    `| --- |${withAddress ? ' --- |' : ''} ${shown.map(() => '---').join(' | ')} |`
  ]
  for (const name of names)
    lines.push(
      `| ${name} |${withAddress ? ` ${addresses[name] ?? ''} |` : ''} ${shown.map(c => cell(c.instances[name])).join(' | ')} |`
    )
  lines.push('')
  const legend = legendFor(shown)
  if (legend) lines.push(legend, '')
  return lines
}

export function fleetText(
  columns: readonly FleetColumn[],
  addresses: Readonly<Record<string, string>> = {}
): string[] {
  if (columns.length === 0) return []
  const shown = foldRepeats(columns)
  const names = Object.keys(columns[0].instances)
  // The address sits with the name: "web-1 127.0.0.1:8001".
  const label = (name: string) => (addresses[name] ? `${name} ${addresses[name]}` : name)
  const width = Math.max(8, ...names.map(n => label(n).length))
  const headers = shown.map(c => c.label)
  const cellWidth =
    Math.max(
      ...headers.map(h => h.length),
      ...shown.flatMap(c => names.map(n => cell(c.instances[n]).length))
    ) + 2
  const lines = [`  ${'instance'.padEnd(width)} ${headers.map(h => h.padEnd(cellWidth)).join('')}`]
  for (const name of names)
    lines.push(
      `  ${label(name).padEnd(width)} ${shown.map(c => cell(c.instances[name]).padEnd(cellWidth)).join('')}`
    )
  return lines
}

/** Consecutive columns that show the same fleet become one, labelled with both moments. */
export function foldRepeats(columns: readonly FleetColumn[]): FleetColumn[] {
  const folded: FleetColumn[] = []
  for (const column of columns) {
    const last = folded[folded.length - 1]
    if (last && sameFleet(last.instances, column.instances))
      folded[folded.length - 1] = { ...last, label: `${last.label} · ${column.label}` }
    else folded.push(column)
  }
  return folded
}

function sameFleet(a: FleetColumn['instances'], b: FleetColumn['instances']): boolean {
  const names = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...names].every(
    n => a[n]?.version === b[n]?.version && a[n]?.inRotation === b[n]?.inRotation
  )
}

function legendFor(columns: readonly FleetColumn[]): string | undefined {
  const states = columns.flatMap(c => Object.values(c.instances))
  const marks: string[] = []
  if (states.some(s => !s.inRotation)) marks.push('_(drained)_: out of rotation')
  if (states.some(s => s.version === ''))
    marks.push(
      '_?_: no version recorded for the instance (progressive-deploy has not updated it yet, or its deploy did not finish)'
    )
  return marks.length > 0 ? marks.join(' · ') : undefined
}

function cell(state: InstanceState | undefined): string {
  if (!state) return ''
  const version = state.version === '' ? '?' : state.version
  return state.inRotation ? version : `${version} (drained)`
}
