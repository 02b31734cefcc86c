import { existsSync, readFileSync } from 'node:fs'
import { ConfigurationError, Problem } from './errors.js'
import { parseDuration } from './duration.js'
import { inputDefinition } from './input-definitions.js'
import { GitHubEnvironment, parseGitHub } from './parse-github.js'
import { Argv, Color, COLORS, CommandName, COMMANDS, Settings } from './settings.js'

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

/**
 * Turns raw strings (action inputs, CLI flags, config file) into one validated Settings object.
 * Collects every problem before failing, so the user fixes them all in one go.
 */
export function parseSettings(
  raw: RawSource,
  commandOverride?: string,
  env: ParseEnvironment = thisMachine
): Settings {
  const problems: Problem[] = []
  const get = withDefaults(raw)
  const fail = (field: string, message: string): void => {
    problems.push({ field, message })
  }

  const command = (commandOverride ?? get('command')) as CommandName
  if (!COMMANDS.includes(command)) {
    fail('command', `unknown command "${command}". Use one of: ${COMMANDS.join(', ')}.`)
  }
  const strategy = get('strategy')
  if (strategy !== 'blue-green') {
    fail(
      'strategy',
      `unknown strategy "${strategy}". This version supports "blue-green"; remove the input or set it to blue-green.`
    )
  }
  const environment = get('environment')
  if (!/^[\w.\- /]{1,255}$/.test(environment)) {
    fail(
      'environment',
      `"${environment}" is not a usable environment name (letters, digits, . _ - / and spaces, at most 255).`
    )
  }

  const deploys = command === 'release' || command === 'deploy-green'
  const version = get('version')
  if (deploys && version === '') {
    fail('version', 'missing: say which version is released, e.g. version: ${{ github.sha }}.')
  }

  const addresses = {} as Record<Color, string>
  for (const color of COLORS) {
    const field = `${color}-address`
    const value = get(field)
    if (value === '')
      fail(
        field,
        `missing: the host:port where the ${color} color listens, e.g. 127.0.0.1:${color === 'blue' ? 9001 : 9002}.`
      )
    else if (!isHostPort(value)) fail(field, `"${value}" is not host:port (e.g. 10.0.0.5:8080).`)
    addresses[color] = value
  }
  if (addresses.blue !== '' && addresses.blue === addresses.green) {
    fail(
      'green-address',
      `blue and green both point at ${addresses.blue}; give each color its own address.`
    )
  }

  const deploy = readArgv('deploy-command', 'deploy-script', get, fail, env)
  if (deploys && deploy === undefined && !problems.some(p => p.field.startsWith('deploy-'))) {
    fail(
      'deploy-command',
      'missing: give the command that deploys a version to a color (deploy-command or deploy-script).'
    )
  }
  const smoke = readArgv('smoke-command', 'smoke-script', get, fail, env)

  const durationMs = (field: string): number => {
    const ms = parseDuration(get(field))
    if (ms === undefined || ms <= 0) {
      fail(field, `"${get(field)}" is not a duration; write it like 500ms, 5s or 2m.`)
      return 1
    }
    return ms
  }
  const healthPath = get('health-path')
  if (!healthPath.startsWith('/'))
    fail('health-path', `"${healthPath}" must start with "/" (e.g. /healthz).`)
  const expectStatus = Number(get('health-status'))
  if (!Number.isInteger(expectStatus) || expectStatus < 100 || expectStatus > 599) {
    fail('health-status', `"${get('health-status')}" is not an HTTP status code (100-599).`)
  }
  let bodyMatch: RegExp | undefined
  if (get('health-body') !== '') {
    try {
      bodyMatch = new RegExp(get('health-body'))
    } catch (error) {
      fail('health-body', `not a valid regular expression: ${(error as Error).message}.`)
    }
  }
  const health = {
    path: healthPath,
    expectStatus,
    bodyMatch,
    intervalMs: durationMs('health-interval'),
    timeoutMs: durationMs('health-timeout'),
    deadlineMs: durationMs('health-deadline')
  }

  const switchTo = get('switch-to') as Settings['switchTo']
  if (!['idle', 'previous', 'blue', 'green'].includes(switchTo)) {
    fail('switch-to', `"${switchTo}" is not a switch target; use idle, previous, blue or green.`)
  }

  const routerType = get('router')
  if (routerType !== 'nginx') {
    fail('router', `unknown router "${routerType}". This version supports "nginx".`)
  }
  const upstreamFile = get('nginx-upstream-file')
  const commandPrefix = splitWords(get('router-command-prefix'))
  if (upstreamFile === '') {
    fail(
      'nginx-upstream-file',
      'missing: the upstream include file that your nginx config includes (e.g. /etc/nginx/conf.d/app-upstream.conf).'
    )
  } else if (commandPrefix.length === 0 && !env.fileExists(upstreamFile)) {
    fail(
      'nginx-upstream-file',
      `${upstreamFile} does not exist. Create it with an upstream block for the live color and include it from your nginx config.`
    )
  }
  const configFile = get('nginx-config')
  if (configFile !== '' && commandPrefix.length === 0 && !env.fileExists(configFile)) {
    fail(
      'nginx-config',
      `${configFile} does not exist; give the main nginx config file or leave it empty for nginx's default.`
    )
  }
  const upstreamName = get('nginx-upstream-name')
  if (!/^[\w.-]+$/.test(upstreamName))
    fail(
      'nginx-upstream-name',
      `"${upstreamName}" is not an nginx upstream name (letters, digits, _ . -).`
    )
  const probeUrl = get('probe-url')
  if (probeUrl !== '' && !isHttpUrl(probeUrl))
    fail('probe-url', `"${probeUrl}" is not an http(s) URL.`)
  const serviceUrl = get('service-url')
  if (serviceUrl !== '' && !isHttpUrl(serviceUrl))
    fail('service-url', `"${serviceUrl}" is not an http(s) URL.`)

  const githubPart = parseGitHub(get, env, fail)
  const force = get('force').toLowerCase()
  if (force !== 'true' && force !== 'false') fail('force', `"${force}" must be true or false.`)

  if (problems.length > 0) throw new ConfigurationError(problems)
  return {
    command,
    strategy: 'blue-green',
    environment,
    version,
    addresses,
    deploy,
    health,
    smoke,
    switchTo,
    confirmTimeoutMs: durationMs('confirm-timeout'),
    rollbackVersion: get('rollback-version'),
    reason: get('reason'),
    router: {
      type: 'nginx',
      upstreamFile,
      upstreamName,
      configFile,
      prefixDir: get('nginx-prefix'),
      binary: get('nginx-binary'),
      commandPrefix,
      probeUrl,
      probeHeader: get('probe-header').toLowerCase()
    },
    state: { ...githubPart.state, file: get('state-file') },
    github: githubPart.github,
    commitStatus: githubPart.commitStatus,
    serviceUrl,
    force: force === 'true'
  }
}

/** Reads a setting with its engine default applied. */
export function withDefaults(raw: RawSource): (name: string) => string {
  return name => {
    const value = raw(name)?.trim()
    return value === undefined || value === '' ? inputDefinition(name).default : value
  }
}

/** A command given either as argv (lines or JSON array) or as a script path; never both. */
function readArgv(
  commandField: string,
  scriptField: string,
  get: (name: string) => string,
  fail: (field: string, message: string) => void,
  env: ParseEnvironment
): Argv | undefined {
  const command = get(commandField)
  const script = get(scriptField)
  if (command !== '' && script !== '') {
    fail(commandField, `set either ${commandField} or ${scriptField}, not both.`)
    return undefined
  }
  if (script !== '') {
    if (!env.fileExists(script))
      fail(scriptField, `${script} does not exist (paths are relative to the working directory).`)
    return [script]
  }
  if (command === '') return undefined
  const argv = parseArgv(command)
  if (argv === undefined) {
    fail(commandField, 'a JSON array must hold only strings, e.g. ["./deploy.sh", "--fast"].')
  }
  return argv
}

/** One argument per line, or a JSON array of strings. No shell word splitting: what you write is what runs. */
export function parseArgv(text: string): Argv | undefined {
  const trimmed = text.trim()
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed)
      if (Array.isArray(parsed) && parsed.length > 0 && parsed.every(a => typeof a === 'string')) {
        return parsed as string[]
      }
    } catch {
      // fall through to the error below
    }
    return undefined
  }
  return trimmed
    .split('\n')
    .map(line => line.trim())
    .filter(line => line !== '')
}

function splitWords(text: string): string[] {
  return text.split(/\s+/).filter(w => w !== '')
}

function isHostPort(value: string): boolean {
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
