import { ConfigurationError } from '../errors.js'
import { serverLines, UpstreamTarget } from './nginx-upstream.js'
import { Weights } from './traffic-router.js'

export const MARKER =
  '# The server lines of this upstream are managed by progressive-deploy; its other lines are kept.'
/** What earlier versions wrote at the top; replaced by MARKER at the next change. */
const OLD_MARKER =
  '# Managed by progressive-deploy. Edits by hand are overwritten at the next switch.'

/**
 * Rewrites only the server lines of `upstream <name>` in the file as it is: every other directive
 * in the block (keepalive, zone, least_conn, hash …) and its comment stay, in order, and the text
 * around the block stays byte for byte. The new server lines take the place of the first old one.
 * Refuses, naming the fix, a file whose block it cannot take apart safely. Pure.
 */
export function rewriteUpstream(
  previous: string,
  name: string,
  targets: readonly UpstreamTarget[],
  weights: Weights
): string {
  const block = locateBlock(previous, name)
  if (!block) {
    throw ConfigurationError.single(
      'nginx-upstream-name',
      `the upstream file has no "upstream ${name} { ... }" block; set nginx-upstream-name to the upstream it defines. Nothing was changed.`
    )
  }
  const kept: string[] = []
  let serversAt: number | undefined
  for (const item of blockItems(previous.slice(block.bodyStart, block.bodyEnd), name)) {
    if (item.kind === 'statement' && /^server\s/.test(item.text)) {
      serversAt ??= kept.length
      continue
    }
    kept.push(`    ${item.text}${item.comment ? ` ${item.comment}` : ''}`)
  }
  const servers = serverLines(targets, weights)
  kept.splice(serversAt ?? kept.length, 0, ...servers)
  const before = previous.slice(0, block.start)
  const after = previous.slice(block.bodyEnd + 1)
  return withMarker(`${before}upstream ${name} {\n${kept.join('\n')}\n}${after}`)
}

function withMarker(text: string): string {
  if (text.includes(MARKER)) return text
  if (text.includes(OLD_MARKER)) return text.replace(OLD_MARKER, MARKER)
  return `${MARKER}\n${text}`
}

/** A directive (with the comment on its line), or a comment line of its own. */
interface Item {
  kind: 'statement' | 'comment'
  text: string
  comment?: string
}

/**
 * The block's body as statements (with a comment on their line) and comment lines. Quotes and
 * comments are respected so a ";" or "}" inside them ends nothing.
 */
function blockItems(body: string, name: string): Item[] {
  const items: Item[] = []
  let current = ''
  let lineHasStatement = false
  for (let i = 0; i < body.length; i++) {
    const c = body[i]
    if (c === '#') {
      const end = body.indexOf('\n', i)
      const comment = body.slice(i, end === -1 ? body.length : end).trimEnd()
      const last = items[items.length - 1]
      if (current.trim() !== '') current += ' '
      else if (lineHasStatement && last?.kind === 'statement' && !last.comment)
        last.comment = comment
      else items.push({ kind: 'comment', text: comment })
      i = end === -1 ? body.length : end - 1
      continue
    }
    if (c === '"' || c === "'") {
      const end = body.indexOf(c, i + 1)
      if (end === -1) break
      current += body.slice(i, end + 1)
      i = end
      continue
    }
    if (c === '\n') {
      lineHasStatement = false
      if (/^\s*server\s/.test(current)) refuseLayout(name, 'a server line spans several lines')
    }
    if (c === ';') {
      items.push({ kind: 'statement', text: `${current.trim().replace(/\s+/g, ' ')};` })
      current = ''
      lineHasStatement = true
      continue
    }
    current += c
  }
  if (current.trim() !== '') refuseLayout(name, `"${current.trim().slice(0, 40)}" has no ";"`)
  return items
}

function refuseLayout(name: string, problem: string): never {
  throw ConfigurationError.single(
    'nginx-upstream-file',
    `the "upstream ${name}" block cannot be rewritten safely: ${problem}. Write each server line on one line of its own (server ADDRESS [parameters];); other directives may stay as they are. Nothing was changed.`
  )
}

/**
 * Where `upstream <name> {` starts and its body ends (the closing brace), outside comments and
 * quotes; upstream blocks hold no nested blocks.
 */
function locateBlock(
  text: string,
  name: string
): { start: number; bodyStart: number; bodyEnd: number } | undefined {
  const masked = maskCommentsAndQuotes(text)
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const start = new RegExp(`(^|[\\s;}])upstream\\s+${escaped}\\s*\\{`).exec(masked)
  if (!start) return undefined
  const from = start.index + start[1].length
  const bodyStart = start.index + start[0].length
  const bodyEnd = masked.indexOf('}', bodyStart)
  return bodyEnd === -1 ? undefined : { start: from, bodyStart, bodyEnd }
}

/** The text with comments and quoted strings blanked out, offsets unchanged. */
function maskCommentsAndQuotes(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '#' || c === '"' || c === "'") {
      const close = c === '#' ? '\n' : c
      const end = text.indexOf(close, i + 1)
      const stop = end === -1 ? text.length : c === '#' ? end : end + 1
      out += text.slice(i, stop).replace(/[^\n]/g, ' ')
      i = stop - 1
      continue
    }
    out += c
  }
  return out
}
