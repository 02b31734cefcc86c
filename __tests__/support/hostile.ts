import fc from 'fast-check'

/**
 * Pieces of text that have broken tools like this one: workflow commands after a newline, runtime
 * API command separators, PromQL string ends, path climbs, shell syntax, bidi overrides, NUL.
 */
export const HOSTILE_FRAGMENTS = [
  '\n::error::INJECTED',
  '\n::set-output name=x::INJECTED',
  '\r::add-mask::INJECTED',
  '\n  ::warning::INJECTED',
  '\u2028::error::INJECTED',
  '##[error]INJECTED',
  '\n##[set-output name=x;]INJECTED',
  '\0',
  '\u001b[31m',
  '\u202eINJECTED',
  ';',
  '; disable server app/blue',
  '\nset weight app/blue 0',
  '"} or vector(1) #',
  "' or 1==1",
  '\\',
  '`',
  '$(touch /tmp/pd-injected)',
  '`touch /tmp/pd-injected`',
  "'; touch /tmp/pd-injected; '",
  '../../../../tmp/pd-injected',
  '/etc/passwd',
  '%0A::error::INJECTED',
  '\t',
  ' ',
  '',
  '{{canary_version}}',
  '<script>alert(1)</script>',
  '| --- |',
  '\uFEFF',
  '\u0085'
]

/** Any text, skewed towards the pieces above, ordinary values with them inside, and very long values. */
export function hostileText(ordinary = 'v1'): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(...HOSTILE_FRAGMENTS),
    fc
      .tuple(
        fc.constantFrom(ordinary, ''),
        fc.constantFrom(...HOSTILE_FRAGMENTS),
        fc.string({ unit: 'binary', maxLength: 8 })
      )
      .map(([a, b, c]) => a + b + c),
    fc
      .tuple(fc.constantFrom('a', '9', '\n', 'é', '::'), fc.integer({ min: 100, max: 12_000 }))
      .map(([unit, times]) => ordinary + unit.repeat(times))
  )
}

/** Characters that must never reach a log line, a command or a status raw. */
export const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u

/**
 * Lines a runner would run as workflow commands that the tool did not mean to print: any
 * "::command::" line whose command is not one the tool itself uses, any line whose command data
 * is the injected marker, and any "##[command]" form.
 */
export function injectedCommandLines(output: string): string[] {
  const own = /^::(error|warning|debug|notice|add-mask)(\s[^:]*)?::/
  return output.split(/\r\n|\r|\n/).filter(line => {
    const trimmed = line.replace(/^\s+/u, '')
    if (/##\[[\w-]+(\s[^\]]*)?\]/.test(line)) return true
    if (!trimmed.startsWith('::')) return false
    if (!own.test(trimmed)) return true
    return /^::[\w-]+(\s[^:]*)?::INJECTED/.test(trimmed)
  })
}
