/**
 * Rules for the text a user gives. Every value ends up somewhere that treats some characters as
 * syntax: a log line the Actions runner parses for workflow commands, an HAProxy runtime command,
 * a PromQL string, a path, a remote shell word. The rules here are checked once, while parsing,
 * so nothing later has to wonder what a value may hold. Pure.
 */

/**
 * Characters no single-line value may hold: C0/C1 controls (NUL, newline, escape ...), the Unicode
 * line and paragraph separators, and the bidirectional overrides that make a log line read
 * differently from what it holds.
 */
const CONTROL = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u
/** The same for multi-line values (lists, YAML), which may hold tab, line feed and carriage return. */
const CONTROL_MULTILINE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029\u202A-\u202E\u2066-\u2069]/

/** Longest value shown in a message before it is cut. */
const SHOWN = 60

/**
 * A value as a message shows it: quoted, control characters written as escapes (\n, \u0000), and
 * cut after a few dozen characters with its full length said, so a 10,000-character value does
 * not flood the log.
 */
export function quote(value: string, max = SHOWN): string {
  const chars = [...value]
  const cut = chars.length > max
  // JSON escapes C0 controls, quotes and backslashes; the rest of CONTROL is escaped here.
  const shown = JSON.stringify(cut ? chars.slice(0, max).join('') : value).replace(
    new RegExp(CONTROL.source, 'gu'),
    c => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`
  )
  return cut ? `${shown.slice(0, -1)}…" (${chars.length} characters)` : shown
}

export interface TextLimits {
  /** Lists and YAML: tab, line feed and carriage return are allowed. */
  multiline?: boolean
  maxLength: number
}

/** Why a raw value cannot be used at all, or undefined when it can. */
export function textProblem(value: string, limits: TextLimits): string | undefined {
  const bad = (limits.multiline ? CONTROL_MULTILINE : CONTROL).exec(value)
  if (bad) {
    const code = bad[0].codePointAt(0) as number
    return `${quote(value)} holds the control character U+${code.toString(16).toUpperCase().padStart(4, '0')} at position ${bad.index + 1}; give printable text${limits.multiline ? '' : ' on one line'}.`
  }
  const length = [...value].length
  if (length > limits.maxLength)
    return `${quote(value)} is too long: at most ${limits.maxLength} characters.`
  return undefined
}

/** Longest version accepted: it is shown in every status description (GitHub allows 140 characters). */
export const VERSION_MAX = 100

/**
 * A version: printable text of bounded length (a tag, a SHA, an image reference), one word, and
 * no quote or backslash, so that {{canary_version}} stays one string inside a PromQL query.
 */
export function versionProblem(value: string): string | undefined {
  const text = textProblem(value, { maxLength: VERSION_MAX })
  if (text) return text
  if (/\s/u.test(value))
    return `${quote(value)} holds white space; a version is one word (a tag, a SHA, an image digest).`
  if (/["'`\\]/.test(value))
    return `${quote(value)} holds a quote or a backslash, which would end the string it is put into in a PromQL query; use a tag or a SHA.`
  return undefined
}

/**
 * Names that reach an HAProxy runtime command, a PromQL label or a file name: HAProxy's own
 * character set for proxy and server names. A space, ";" or a newline would start another command.
 */
const NAME = /^[A-Za-z0-9_.:-]{1,64}$/

export function nameProblem(value: string, what: string): string | undefined {
  if (NAME.test(value)) return undefined
  return `${quote(value)} is not ${what}: use 1 to 64 letters, digits, "_", ".", ":" or "-".`
}

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/

export function headerNameProblem(value: string): string | undefined {
  return HEADER_NAME.test(value)
    ? undefined
    : `${quote(value)} is not an HTTP header name (letters, digits and - _ . and no spaces).`
}

/**
 * Words of a command (argv): printable; a word may span lines (a script given to bash -c or
 * node -e), since it is passed as one argument and printed through the log filter. A prefix
 * word (`oneLine`) reaches a remote shell and may not.
 */
export function wordProblem(word: string, oneLine = false): string | undefined {
  const bad = (oneLine ? CONTROL : CONTROL_MULTILINE).exec(word)
  if (!bad) return undefined
  return `the word ${quote(word)} holds a control character${oneLine ? ' or a line break' : ''}; write a script for anything that needs one.`
}
