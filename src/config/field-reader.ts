import { existsSync, readFileSync } from 'node:fs'
import { Problem } from './errors.js'
import { parseDuration } from './duration.js'
import { inputDefinition } from './input-definitions.js'
import { GitHubEnvironment } from './parse-github.js'
import { Argv } from './settings.js'

/** Reads one raw setting by input name; undefined or '' when the user did not set it. */
export type RawSource = (name: string) => string | undefined

/** What parsing needs to know about the machine (kept injectable for tests). */
export interface ParseEnvironment extends GitHubEnvironment {
  fileExists(path: string): boolean
}

export const thisMachine: ParseEnvironment = {
  fileExists: existsSync,
  env: process.env,
  readFile: path => {
    try {
      return readFileSync(path, 'utf8')
    } catch {
      return undefined
    }
  }
}

/** Reads a setting with its engine default applied. */
export function withDefaults(raw: RawSource): (name: string) => string {
  return name => {
    const value = raw(name)?.trim()
    return value === undefined || value === '' ? inputDefinition(name).default : value
  }
}

/**
 * Reads typed fields and collects every problem (field + message) instead of stopping at the
 * first, so the user can fix them all in one go.
 */
export class FieldReader {
  readonly problems: Problem[] = []
  readonly get: (name: string) => string

  constructor(
    private readonly raw: RawSource,
    readonly machine: ParseEnvironment
  ) {
    this.get = withDefaults(raw)
  }

  /** True when the user set the field (its default does not count). */
  given(field: string): boolean {
    return (this.raw(field)?.trim() ?? '') !== ''
  }

  fail(field: string, message: string): void {
    this.problems.push({ field, message })
  }

  durationMs(field: string, options: { allowZero?: boolean } = {}): number {
    const ms = parseDuration(this.get(field))
    if (ms === undefined || ms < 0 || (ms === 0 && !options.allowZero)) {
      this.fail(field, `"${this.get(field)}" is not a duration; write it like 500ms, 5s or 2m.`)
      return 1
    }
    return ms
  }

  bool(field: string): boolean {
    const value = this.get(field).toLowerCase()
    if (value !== 'true' && value !== 'false') this.fail(field, `"${value}" must be true or false.`)
    return value === 'true'
  }

  httpUrl(field: string): string {
    const value = this.get(field)
    if (value !== '' && !isHttpUrl(value)) this.fail(field, `"${value}" is not an http(s) URL.`)
    return value
  }

  /** A command given either as argv (lines or JSON array) or as a script path; never both. */
  argv(commandField: string, scriptField?: string): Argv | undefined {
    const command = this.get(commandField)
    const script = scriptField ? this.get(scriptField) : ''
    if (command !== '' && script !== '') {
      this.fail(commandField, `set either ${commandField} or ${scriptField}, not both.`)
      return undefined
    }
    if (scriptField && script !== '') {
      if (!this.machine.fileExists(script))
        this.fail(
          scriptField,
          `${script} does not exist (paths are relative to the working directory).`
        )
      return [script]
    }
    if (command === '') return undefined
    const argv = parseArgv(command)
    if (argv === undefined)
      this.fail(
        commandField,
        'a JSON array must hold only strings, e.g. ["./deploy.sh", "--fast"].'
      )
    return argv
  }
}

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

export function isHostPort(value: string): boolean {
  const match = /^(\[[0-9a-fA-F:]+\]|[\w.-]+):(\d{1,5})$/.exec(value)
  return match !== null && Number(match[2]) > 0 && Number(match[2]) < 65536
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}
