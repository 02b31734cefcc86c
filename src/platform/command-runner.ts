import { getExecOutput } from '@actions/exec'
import { BackendError } from '../errors.js'
import { runStoppable } from './spawned-command.js'

/** A program and its arguments, run without a shell. */
export type Argv = readonly string[]

export interface CommandResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  /** Added to the inherited environment. */
  env?: Record<string, string>
  /** Written to the command's standard input. */
  input?: string
  /** true: the command's output is shown live (deploy and smoke commands); false: captured only. */
  echo?: boolean
  /** Stops the command when it aborts: the run lost its lease. */
  signal?: AbortSignal
}

/** Runs programs with argument arrays; never through a shell string. */
export interface CommandRunner {
  run(argv: Argv, options?: RunOptions): Promise<CommandResult>
}

export class ExecCommandRunner implements CommandRunner {
  async run(argv: Argv, options: RunOptions = {}): Promise<CommandResult> {
    const [program, ...args] = argv
    // A user's command, shown live: stoppable, its echo filtered.
    if (options.echo || options.signal)
      return runStoppable(argv, options.env, options.signal ?? new AbortController().signal)
    const env = options.env ? mergeEnv(options.env) : undefined
    try {
      return await getExecOutput(program, args, {
        env,
        input: options.input === undefined ? undefined : Buffer.from(options.input),
        silent: true,
        ignoreReturnCode: true
      })
    } catch (error) {
      // @actions/exec throws when the program cannot be found or started.
      throw new BackendError(`cannot run ${program}: ${(error as Error).message}`)
    }
  }
}

function mergeEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value
  return { ...env, ...extra }
}
