import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { ConfigurationError, Problem } from '../errors.js'
import { parseDuration } from './duration.js'
import { inputDefinition, INPUTS } from './input-definitions.js'
import { parseArgv } from './lists.js'
import { quote, textProblem, wordProblem } from './text-rules.js'
import { GitHubEnvironment } from './parse-github.js'
import { Argv } from '../platform/command-runner.js'

/** Reads one raw setting by input name; undefined or '' when the user did not set it. */
export type RawSource = (name: string) => string | undefined

/** What parsing needs to know about the machine (kept injectable for tests). */
export interface ParseEnvironment extends GitHubEnvironment {
  fileExists(path: string): boolean
  /** The working directory (relative paths start there). */
  cwd(): string
  /** The path with every symlink resolved; undefined when it does not exist. */
  realPath(path: string): string | undefined
}

export const thisMachine: ParseEnvironment = {
  fileExists: existsSync,
  cwd: () => process.cwd(),
  realPath: path => {
    try {
      return realpathSync(path)
    } catch {
      return undefined
    }
  },
  env: process.env,
  readFile: path => {
    try {
      return readFileSync(path, 'utf8')
    } catch {
      return undefined
    }
  }
}

/** Longest value of a one-line input, and of a list or YAML document. */
const ONE_LINE_MAX = 1024
const MULTILINE_MAX = 65536
/** Longest duration accepted: Node's timers cannot wait longer than about 24.8 days, and no step of a release should wait a day. */
const DURATION_MAX_MS = 24 * 3_600_000

/**
 * Refuses a value that cannot be used at all (a control character, a newline in a one-line input,
 * an absurd length) before any field is read, naming every such field. Nothing reads a value that
 * did not pass, so no later message, log line or command can carry one.
 */
export function assertPrintable(raw: RawSource): void {
  const problems: Problem[] = []
  for (const input of INPUTS) {
    const value = raw(input.name)
    if (value === undefined || value === '') continue
    const problem = textProblem(input.multiline ? value : value.trim(), {
      multiline: input.multiline,
      maxLength: input.multiline ? MULTILINE_MAX : ONE_LINE_MAX
    })
    if (problem) problems.push({ field: input.name, message: problem })
  }
  if (problems.length > 0) throw new ConfigurationError(problems)
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

  /**
   * A reader over `values` first and this reader's settings after, whose problems land here,
   * named `<prefix>.<field>` (an entry of a list, like one load balancer of `routers`).
   */
  child(values: Readonly<Record<string, string>>, prefix: string): FieldReader {
    const child = new FieldReader(name => values[name] ?? this.raw(name), this.machine)
    child.fail = (field, message) => this.fail(`${prefix}.${field}`, message)
    return child
  }

  durationMs(field: string, options: { allowZero?: boolean } = {}): number {
    const ms = parseDuration(this.get(field))
    if (ms === undefined || ms < 0 || (ms === 0 && !options.allowZero)) {
      this.fail(
        field,
        `${quote(this.get(field))} is not a duration; write it like 500ms, 5s or 2m.`
      )
      return 1
    }
    if (ms > DURATION_MAX_MS) {
      this.fail(field, `${quote(this.get(field))} is longer than 24h, the longest wait accepted.`)
      return 1
    }
    return ms
  }

  bool(field: string): boolean {
    const value = this.get(field).toLowerCase()
    if (value !== 'true' && value !== 'false')
      this.fail(field, `${quote(value)} must be true or false.`)
    return value === 'true'
  }

  httpUrl(field: string): string {
    const value = this.get(field)
    if (value !== '' && !isHttpUrl(value))
      this.fail(field, `${quote(value)} is not an http(s) URL.`)
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
          `${quote(script)} does not exist (paths are relative to the working directory).`
        )
      return [script]
    }
    if (command === '') return undefined
    const argv = parseArgv(command)
    if (argv === undefined) {
      this.fail(
        commandField,
        'a JSON array must hold only strings, e.g. ["./deploy.sh", "--fast"].'
      )
      return undefined
    }
    const bad = argv.map(w => wordProblem(w)).find(p => p !== undefined)
    if (bad) this.fail(commandField, bad)
    return argv
  }
}

function isHttpUrl(value: string): boolean {
  // The URL parser drops tabs and newlines and encodes spaces: refuse them instead of guessing.
  if (/\s/u.test(value)) return false
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}
