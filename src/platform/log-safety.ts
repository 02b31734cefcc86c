/**
 * The Actions runner reads every line a step prints, on stdout and stderr, and runs it as a
 * workflow command when, after leading white space, it starts with "::" (`::error::`,
 * `::add-mask::` ...), or when it holds "##[" anywhere (the old form). Settings are checked when
 * they are read, but a log line also carries what others said: nginx's error output, an HTTP
 * body, an API message. Every line we print goes through here, so no text of anyone else's can
 * become a command. Pure.
 */

/** A zero-width space: splits the marker so the runner does not see it, and a reader still does. */
const SPLIT = '\u200B'

/** Control characters other than tab and line feed, shown as escapes instead of acting. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\0-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g

/** Makes text safe to print: one output line per line of text, none of them a workflow command. */
export function safeForLog(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, c => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`)
    .split('\n')
    .map(safeLine)
    .join('\n')
}

function safeLine(line: string): string {
  const defused = line.replace(/##\[/g, `#${SPLIT}#[`)
  const indent = /^\s*/u.exec(defused)?.[0] ?? ''
  return defused.startsWith('::', indent.length)
    ? `${indent}:${SPLIT}:${defused.slice(indent.length + 2)}`
    : defused
}
