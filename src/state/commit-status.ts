import { GitHubApi, NewCommitStatus } from '../platform/github-api.js'
import { Logger } from '../platform/logger.js'

/** Commit statuses: how a pull request or a commit shows what progressive-deploy decided. */
export interface CommitStatusReporter {
  /** Posts on `sha`, or on the commit this run releases or checks. */
  post(
    context: string,
    state: NewCommitStatus['state'],
    description: string,
    sha?: string
  ): Promise<void>
}

/** Posts on the commit under release or test, linking the run. */
export class GitHubCommitStatuses implements CommitStatusReporter {
  constructor(
    private readonly api: GitHubApi,
    private readonly sha: string,
    private readonly runUrl: string,
    private readonly log: Logger
  ) {}

  async post(
    context: string,
    state: NewCommitStatus['state'],
    description: string,
    sha = this.sha
  ): Promise<void> {
    const text = description.length <= 140 ? description : `${description.slice(0, 139)}…`
    await this.api.createCommitStatus(sha, {
      state,
      context,
      description: text,
      ...(this.runUrl ? { target_url: this.runUrl } : {})
    })
    this.log.info(`commit status ${context} on ${sha.slice(0, 7)}: ${state} — ${text}`)
  }
}

/** Outside GitHub, or with commit-status: false. */
export const noCommitStatuses: CommitStatusReporter = { post: async () => {} }

export const rolloutContext = (environment: string): string => `progressive-deploy/${environment}`
export const verifyContext = (environment: string): string =>
  `progressive-deploy/verify (${environment})`
export const PLAN_CONTEXT = 'progressive-deploy/plan'
