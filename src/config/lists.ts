import { Argv } from '../platform/command-runner.js'

// The shapes of list values: argument lists, word lists, host:port. Pure.

/** One argument per line, or a JSON array of strings. No shell word splitting: what you write is what runs. */
export function parseArgv(text: string): Argv | undefined {
  const trimmed = text.trim()
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed)
      if (Array.isArray(parsed) && parsed.length > 0 && parsed.every(a => typeof a === 'string'))
        return parsed as string[]
    } catch {
      // reported by the caller
    }
    return undefined
  }
  return trimmed
    .split('\n')
    .map(line => line.trim())
    .filter(line => line !== '')
}

/**
 * A list of words: a JSON list (what a YAML list in the config file becomes) or words separated by
 * white space. undefined when a JSON list holds anything but strings (and numbers, when allowed).
 */
export function wordList(
  text: string,
  separators = /\s+/,
  options: { numbers?: boolean } = {}
): string[] | undefined {
  const trimmed = text.trim()
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed)
      const word = (w: unknown) =>
        typeof w === 'string' || (options.numbers === true && typeof w === 'number')
      if (Array.isArray(parsed) && parsed.every(word)) return parsed.map(String)
    } catch {
      // reported by the caller
    }
    return undefined
  }
  return trimmed.split(separators).filter(w => w !== '')
}

export function isHostPort(value: string): boolean {
  const match = /^(\[[0-9a-fA-F:]+\]|[\w.-]+):(\d{1,5})$/.exec(value)
  return match !== null && Number(match[2]) > 0 && Number(match[2]) < 65536
}
