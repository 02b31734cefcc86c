import { ConfigurationError } from './errors.js'
import { INPUTS } from './config/input-definitions.js'
import { COMMANDS } from './config/settings.js'
import { quote } from './config/text-rules.js'

export interface CliArgs {
  command?: string
  flags: Record<string, string>
  help: boolean
  json: boolean
}

/**
 * `progressive-deploy <command> [--input-name value | --input-name=value]...`. Flags are the
 * action's input names; `--force` alone means true. Unknown flags are errors, not ignored.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const known = new Set(INPUTS.map(i => i.name))
  const args: CliArgs = { flags: {}, help: false, json: false }
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]
    if (word === '--help' || word === '-h') {
      args.help = true
      continue
    }
    if (word === '--json') {
      args.json = true
      continue
    }
    if (!word.startsWith('--')) {
      if (args.command !== undefined)
        throw ConfigurationError.single(
          'command',
          `unexpected word ${quote(word)}; give one command (${COMMANDS.join(', ')}) and --flags.`
        )
      args.command = word
      continue
    }
    const eq = word.indexOf('=')
    const name = word.slice(2, eq === -1 ? undefined : eq)
    if (!known.has(name))
      throw ConfigurationError.single(
        /^[\w-]{1,64}$/.test(name) ? `--${name}` : quote(`--${name}`),
        `unknown flag. See progressive-deploy --help for the flags (the action's input names).`
      )
    if (eq !== -1) args.flags[name] = word.slice(eq + 1)
    else if (name === 'force' && (argv[i + 1] === undefined || argv[i + 1].startsWith('--')))
      args.flags[name] = 'true'
    else if (argv[i + 1] === undefined)
      throw ConfigurationError.single(`--${name}`, 'needs a value.')
    else args.flags[name] = argv[++i]
  }
  return args
}

export function usage(): string {
  const lines = [
    'Usage: progressive-deploy <command> [--flag value]...',
    '',
    `Commands: ${COMMANDS.join(', ')}`,
    '',
    'Flags (the same names as the GitHub Action inputs; --config-file reads them from YAML):'
  ]
  for (const input of INPUTS) {
    if (input.name === 'command') continue
    lines.push(
      `  --${input.name}${input.default ? ` (default: ${input.default})` : ''}`,
      `      ${input.description}`
    )
  }
  lines.push('', '  --json   print the outputs as JSON after the report')
  return lines.join('\n')
}
