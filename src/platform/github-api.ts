import { randomUUID } from 'node:crypto'
import type { getOctokit } from '@actions/github'
import { BackendError } from '../errors.js'
import { Clock } from './clock.js'
import { AttemptOutcome, decideRetry, DEFAULT_RETRY, RetryPolicy } from './github-retry.js'
import { forbiddenMessage } from './github-permissions.js'
import { Logger } from './logger.js'

/** Where the API is and who we are to it (config/settings.ts GitHubSettings has these). */
export interface GitHubEndpoint {
  token: string
  apiUrl: string
  owner: string
  repo: string
}

/** The fields of a deployment that we read. */
export interface DeploymentData {
  id: number
  sha: string
  ref: string
  task: string
  environment: string
  payload: unknown
  created_at: string
  creator: { login: string } | null
}

/** The fields of a deployment status that we read. */
export interface DeploymentStatusData {
  id: number
  state: string
  description: string
  created_at: string
  log_url?: string
  environment_url?: string
}

export type DeploymentState =
  'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success'

export interface NewDeployment {
  ref: string
  task: string
  environment: string
  description: string
  payload: Record<string, unknown>
  production_environment?: boolean
  transient_environment: boolean
}

export interface NewDeploymentStatus {
  state: DeploymentState
  description: string
  log_url?: string
  environment_url?: string
}

export interface NewCommitStatus {
  state: 'error' | 'failure' | 'pending' | 'success'
  context: string
  description: string
  target_url?: string
}

/** The GitHub REST endpoints we call, and nothing else. */
export interface GitHubApi {
  listDeployments(query: {
    environment: string
    task: string
    perPage: number
    page: number
  }): Promise<DeploymentData[]>
  createDeployment(body: NewDeployment): Promise<DeploymentData>
  /** One deployment by id; undefined when it is gone (deleted). */
  getDeployment(deploymentId: number): Promise<DeploymentData | undefined>
  listDeploymentStatuses(deploymentId: number, perPage: number): Promise<DeploymentStatusData[]>
  createDeploymentStatus(
    deploymentId: number,
    body: NewDeploymentStatus
  ): Promise<DeploymentStatusData>
  createCommitStatus(sha: string, body: NewCommitStatus): Promise<void>
  /** The run's status (queued, in_progress, completed ...). */
  getRunStatus(runId: string): Promise<string>
  /** Requests sent so far, retries included (for the request budget benchmark). */
  readonly requestCount: number
}

/**
 * GitHub through @actions/github's octokit, with our own retry and rate-limit handling wrapped
 * around every request (the plugins' write throttling would space writes a second apart).
 */
export class OctokitGitHubApi implements GitHubApi {
  requestCount = 0
  /** Loaded on the first request: a command with a file store never pays for octokit. */
  private octokit?: Promise<ReturnType<typeof getOctokit>>
  private readonly repo: { owner: string; repo: string }

  constructor(
    private readonly settings: GitHubEndpoint,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly policy: RetryPolicy = DEFAULT_RETRY
  ) {
    this.repo = { owner: settings.owner, repo: settings.repo }
  }

  private client(): Promise<ReturnType<typeof getOctokit>> {
    this.octokit ??= import('@actions/github').then(({ getOctokit }) => {
      const octokit = getOctokit(this.settings.token, {
        baseUrl: this.settings.apiUrl,
        log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }
      })
      octokit.hook.wrap('request', (request, options) =>
        this.withRetries(
          async () => request(options),
          options.method,
          options.url,
          isCreation(options.method, options.url)
        )
      )
      return octokit
    })
    return this.octokit
  }

  async listDeployments(query: {
    environment: string
    task: string
    perPage: number
    page: number
  }): Promise<DeploymentData[]> {
    const response = await (
      await this.client()
    ).rest.repos.listDeployments({
      ...this.repo,
      environment: query.environment,
      task: query.task,
      per_page: query.perPage,
      page: query.page
    })
    return response.data as DeploymentData[]
  }

  /**
   * Creates a deployment once: when an attempt got no answer or a server error, GitHub may have
   * made it all the same, so the newest deployments are searched for its claim before trying
   * again (a retried POST must not leave two).
   */
  async createDeployment(body: NewDeployment): Promise<DeploymentData> {
    const claim = randomUUID()
    const payload = { ...body.payload, claim }
    return this.writeOnce(
      'POST /deployments',
      async () => {
        const response = await (
          await this.client()
        ).rest.repos.createDeployment({
          ...this.repo,
          ...body,
          payload,
          auto_merge: false,
          required_contexts: []
        })
        if (response.status !== 201)
          throw new BackendError(
            `GitHub did not create the deployment (${response.status}): ${JSON.stringify(response.data)}`
          )
        return response.data as DeploymentData
      },
      async () =>
        (
          await this.listDeployments({
            environment: body.environment,
            task: body.task,
            perPage: 10,
            page: 1
          })
        ).find(d => (d.payload as { claim?: unknown } | null)?.claim === claim)
    )
  }

  async getDeployment(deploymentId: number): Promise<DeploymentData | undefined> {
    try {
      const response = await (
        await this.client()
      ).rest.repos.getDeployment({
        ...this.repo,
        deployment_id: deploymentId
      })
      return response.data as DeploymentData
    } catch (error) {
      if (/failed: 404/.test((error as Error).message)) return undefined
      throw error
    }
  }

  async listDeploymentStatuses(
    deploymentId: number,
    perPage: number
  ): Promise<DeploymentStatusData[]> {
    const response = await (
      await this.client()
    ).rest.repos.listDeploymentStatuses({
      ...this.repo,
      deployment_id: deploymentId,
      per_page: perPage
    })
    return response.data as DeploymentStatusData[]
  }

  async createDeploymentStatus(
    deploymentId: number,
    body: NewDeploymentStatus
  ): Promise<DeploymentStatusData> {
    return this.writeOnce(
      `POST /deployments/${deploymentId}/statuses`,
      async () => {
        // auto_inactive: false — we mark superseded releases ourselves, with a reason.
        const response = await (
          await this.client()
        ).rest.repos.createDeploymentStatus({
          ...this.repo,
          deployment_id: deploymentId,
          ...body,
          auto_inactive: false
        })
        return response.data as DeploymentStatusData
      },
      // Applied when the newest status is this one (the same transition twice in a row would
      // say nothing new, so taking it for ours is harmless).
      async () => {
        const newest = (await this.listDeploymentStatuses(deploymentId, 100)).reduce<
          DeploymentStatusData | undefined
        >((a, b) => (a === undefined || b.id > a.id ? b : a), undefined)
        return newest?.state === body.state && newest.description === body.description
          ? newest
          : undefined
      }
    )
  }

  async createCommitStatus(sha: string, body: NewCommitStatus): Promise<void> {
    await (await this.client()).rest.repos.createCommitStatus({ ...this.repo, sha, ...body })
  }

  async getRunStatus(runId: string): Promise<string> {
    const response = await (
      await this.client()
    ).rest.actions.getWorkflowRun({
      ...this.repo,
      run_id: Number(runId)
    })
    return response.data.status ?? 'unknown'
  }

  /**
   * A creation that must happen once: tried, and after a failure whose outcome is unknown
   * (no answer, a server error) looked for with `find` before it is tried again.
   */
  private async writeOnce<T>(
    what: string,
    create: () => Promise<T>,
    find: () => Promise<T | undefined>
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await create()
      } catch (error) {
        if (!(error instanceof UnknownOutcome)) throw error
        const decision = decideRetry(error.outcome, attempt, Date.now(), this.policy)
        const found = await find()
        if (found !== undefined) {
          this.log.info(`GitHub API ${what}: ${error.why}, but it was applied; not sent again`)
          return found
        }
        if (!decision.retry)
          throw new BackendError(
            `GitHub API ${what} failed: ${decision.why} after ${attempt} attempt(s)`
          )
        this.log.info(
          `GitHub API ${what}: ${decision.why} and not applied; retrying in ${Math.round(decision.delayMs)} ms (attempt ${attempt + 1} of ${this.policy.attempts})`
        )
        await this.clock.sleep(decision.delayMs)
      }
    }
  }

  private async withRetries<T>(
    send: () => Promise<T>,
    method: string,
    url: string,
    /** A creation: a server error may hide a write that was applied, so the caller looks first. */
    creation: boolean
  ): Promise<T> {
    const what = `${method} ${url}`
    for (let attempt = 1; ; attempt++) {
      this.requestCount += 1
      try {
        return await send()
      } catch (error) {
        const failure = error as {
          status?: number
          response?: { headers?: Record<string, string | undefined> }
          message?: string
        }
        // Octokit reports a request that got no answer as status 500 without a response.
        const status = failure.response ? failure.status : undefined
        const decision = decideRetry(
          { status, headers: failure.response?.headers ?? {} },
          attempt,
          Date.now(),
          this.policy
        )
        const unknown = status === undefined || status >= 500
        if (creation && unknown)
          throw new UnknownOutcome(
            { status, headers: failure.response?.headers ?? {} },
            decision.why
          )
        if (!decision.retry) {
          if (status === 403 && decision.why === '403')
            throw new BackendError(forbiddenMessage(method, url, firstLine(failure.message)))
          throw new BackendError(
            `GitHub API ${what} failed: ${decision.why}${attempt > 1 ? ` after ${attempt} attempts` : ''} (${firstLine(failure.message)})`
          )
        }
        this.log.info(
          `GitHub API ${what}: ${decision.why}; retrying in ${Math.round(decision.delayMs)} ms (attempt ${attempt + 1} of ${this.policy.attempts})`
        )
        await this.clock.sleep(decision.delayMs)
      }
    }
  }
}

/** A write that got no answer or a server error: GitHub may or may not have applied it. */
class UnknownOutcome extends Error {
  constructor(
    readonly outcome: AttemptOutcome,
    readonly why: string
  ) {
    super(why)
  }
}

/** Deployments and deployment statuses are creations; commit statuses are idempotent (the latest wins). */
function isCreation(method: string, url: string): boolean {
  return (
    method.toUpperCase() === 'POST' && /\/deployments(\/\{deployment_id\}\/statuses)?$/.test(url)
  )
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0].slice(0, 200)
}
