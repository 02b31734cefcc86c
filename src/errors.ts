/** One thing wrong with the user's settings: which field, what is wrong, how to fix it. */
export interface Problem {
  field: string
  message: string
}

/**
 * The user's mistake (bad input, flag or config file). Raised before anything is changed, so the
 * caller can exit 1 knowing traffic and state are exactly as they were.
 */
export class ConfigurationError extends Error {
  readonly problems: readonly Problem[]
  constructor(problems: Problem[]) {
    super(formatProblems(problems))
    this.name = 'ConfigurationError'
    this.problems = problems
  }
  static single(field: string, message: string): ConfigurationError {
    return new ConfigurationError([{ field, message }])
  }
}

/** A backend (nginx, a deploy command, a health endpoint) refused or failed; not a bug of ours. */
export class BackendError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackendError'
  }
}

/** The rollout was stopped on purpose by a check (health, smoke): an expected, reported outcome. */
export class RolloutFailed extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RolloutFailed'
  }
}

function formatProblems(problems: Problem[]): string {
  if (problems.length === 1) return `${problems[0].field}: ${problems[0].message}`
  return ['Invalid settings:', ...problems.map(p => `  - ${p.field}: ${p.message}`)].join('\n')
}

/**
 * This run no longer holds the environment's lease: a forced run took it over, a newer release
 * superseded it, or another run claimed it in the same moment. The run stops before its next
 * side effect and leaves its record as the other run left it.
 */
export class LeaseLost extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LeaseLost'
  }
}
