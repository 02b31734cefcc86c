import { GitHubSettings, StateSettings } from './settings.js'
import { quote } from './text-rules.js'

/** What the GitHub part of the settings reads from the machine (injectable for tests). */
export interface GitHubEnvironment {
  env: NodeJS.ProcessEnv
  /** File contents, or undefined when it cannot be read (the event payload). */
  readFile(path: string): string | undefined
}

export interface GitHubPart {
  github?: GitHubSettings
  state: Omit<StateSettings, 'file'>
  commitStatus: boolean
}

/**
 * Where GitHub is and how state is kept. Kept apart from the rest of the settings so `plan` can
 * still post its commit status when the rest of the configuration is invalid.
 */
export function parseGitHub(
  get: (name: string) => string,
  machine: GitHubEnvironment,
  fail: (field: string, message: string) => void
): GitHubPart {
  const env = machine.env
  const token = get('github-token') || env.GITHUB_TOKEN || ''
  const repository = get('repository') || env.GITHUB_REPOSITORY || ''
  const [owner, repo, ...rest] = repository.split('/')
  if (repository !== '' && (!owner || !repo || rest.length > 0)) {
    fail('repository', `${quote(repository)} is not owner/name.`)
  }
  const github: GitHubSettings | undefined =
    token !== '' && owner && repo && rest.length === 0
      ? {
          token,
          apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, ''),
          serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/$/, ''),
          owner,
          repo,
          sha: get('sha') || pullRequestHead(env, machine) || env.GITHUB_SHA || '',
          runId: env.GITHUB_RUN_ID || ''
        }
      : undefined

  const stateOption = get('state')
  let type: StateSettings['type'] = 'file'
  if (
    stateOption === 'github' ||
    (stateOption === 'auto' && env.GITHUB_ACTIONS === 'true' && github)
  ) {
    type = 'github'
    if (!github) {
      fail(
        'github-token',
        `state: github needs a token and a repository: set github-token (in Actions: \${{ github.token }}) and run in a repository, or use state: file.`
      )
    } else if (github.sha === '') {
      fail('sha', 'state: github needs the commit being released: set sha (GITHUB_SHA is not set).')
    }
  } else if (stateOption !== 'auto' && stateOption !== 'file') {
    fail('state', `unknown state store ${quote(stateOption)}; use auto, github or file.`)
  }
  return {
    github,
    state: {
      type,
      productionEnvironment: optionalBoolean(
        get('production-environment'),
        'production-environment',
        fail
      ),
      transientEnvironment:
        optionalBoolean(get('transient-environment'), 'transient-environment', fail) ?? false
    },
    commitStatus:
      (optionalBoolean(get('commit-status'), 'commit-status', fail) ?? true) && github !== undefined
  }
}

/** For pull_request events GITHUB_SHA is a merge commit; the commit under test is the head. */
function pullRequestHead(env: NodeJS.ProcessEnv, machine: GitHubEnvironment): string | undefined {
  if (!env.GITHUB_EVENT_PATH || !env.GITHUB_EVENT_NAME?.startsWith('pull_request')) return undefined
  const text = machine.readFile(env.GITHUB_EVENT_PATH)
  try {
    return text
      ? (JSON.parse(text) as { pull_request?: { head?: { sha?: string } } }).pull_request?.head?.sha
      : undefined
  } catch {
    return undefined
  }
}

function optionalBoolean(
  value: string,
  field: string,
  fail: (field: string, message: string) => void
): boolean | undefined {
  if (value === '') return undefined
  if (value === 'true' || value === 'false') return value === 'true'
  fail(field, `${quote(value)} must be true or false.`)
  return undefined
}
