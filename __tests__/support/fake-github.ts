import http from 'node:http'
import { AddressInfo } from 'node:net'
import { checkRequest, checkResponse, exampleOf, findOperation, OperationMatch } from './openapi.js'

/**
 * A local GitHub REST API for the endpoints progressive-deploy calls: deployments, deployment
 * statuses, commit statuses, workflow runs. It keeps GitHub's semantics that matter to us (newest
 * first, pagination with Link headers, 422 on invalid input and descriptions over 140
 * characters, auto_inactive) and checks every request and every response against GitHub's
 * OpenAPI description: anything off is recorded in `problems`, which tests expect to be empty.
 */
export interface Fault {
  status: 500 | 502 | 503 | 403
  /** 403 only: a primary rate limit that resets this many seconds from now. */
  resetInSeconds?: number
  /** Apply the request first, then answer with the fault, as GitHub sometimes does. */
  afterApplying?: boolean
  /** 403 only: the answer to a token without the permission (not a rate limit). */
  forbidden?: boolean
}

/** A request as a fault rule sees it. */
export interface SeenRequest {
  method: string
  path: string
  body: Record<string, unknown>
}

/** Fails every request it matches (or the first `times`), from the moment it is added. */
export interface FaultRule extends Fault {
  when: (request: SeenRequest) => boolean
  times?: number
}

export interface RecordedRequest {
  method: string
  path: string
  status: number
  authorization: string
}

type Obj = Record<string, unknown>

export class FakeGitHub {
  url = ''
  readonly deployments: Obj[] = []
  readonly statuses = new Map<number, Obj[]>()
  readonly commitStatuses: Obj[] = []
  readonly runs = new Map<number, string>()
  readonly requests: RecordedRequest[] = []
  readonly problems: string[] = []
  /** Answers to give before serving normally again, one per request. */
  readonly faults: Fault[] = []
  /** Faults chosen by the request (an endpoint, a status description ...). */
  readonly rules: FaultRule[] = []
  /** Every request fails with 503 while true. */
  down = false
  private nextId = 1000
  private server?: http.Server

  constructor(
    readonly token: string,
    readonly owner = 'octo-org',
    readonly repo = 'recommendations'
  ) {}

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      let body = ''
      request.on('data', chunk => (body += chunk))
      request.on('end', () => this.handle(request, body, response))
    })
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise(resolve => this.server?.close(resolve))
  }

  /** Our deployments in an environment, oldest first, each with its statuses oldest first. */
  history(environment: string): { deployment: Obj; statuses: Obj[] }[] {
    return this.deployments
      .filter(d => d.environment === environment)
      .map(deployment => ({
        deployment,
        statuses: [...(this.statuses.get(deployment.id as number) ?? [])].reverse()
      }))
  }

  /** Adds a deployment as GitHub's own `environment:` jobs create it (task "deploy"). */
  addForeignDeployment(environment: string): void {
    this.createDeployment({
      ref: 'main',
      environment,
      task: 'deploy',
      payload: {},
      description: 'job deployment'
    })
  }

  private handle(
    request: http.IncomingMessage,
    rawBody: string,
    response: http.ServerResponse
  ): void {
    const url = new URL(request.url ?? '/', this.url)
    const method = request.method ?? 'GET'
    const send = (
      status: number,
      payload: unknown,
      headers: Record<string, string> = {},
      match?: OperationMatch
    ): void => {
      if (match && status < 500 && status !== 401) {
        for (const p of checkResponse(match, status, payload))
          this.problems.push(`${method} ${url.pathname}: ${p}`)
      }
      this.requests.push({
        method,
        path: `${url.pathname}${url.search}`,
        status,
        authorization: request.headers.authorization ?? ''
      })
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      response.end(payload === undefined ? '' : JSON.stringify(payload))
    }
    if (this.down) return send(503, { message: 'Service Unavailable' })
    let parsed: Obj = {}
    try {
      parsed = rawBody === '' ? {} : (JSON.parse(rawBody) as Obj)
    } catch {
      // answered below
    }
    const rule = this.rules.find(r => r.when({ method, path: url.pathname, body: parsed }))
    if (rule && rule.times !== undefined && --rule.times <= 0)
      this.rules.splice(this.rules.indexOf(rule), 1)
    const fault: Fault | undefined = rule ?? this.faults.shift()
    if (fault?.afterApplying) {
      // Serve it for real, then drop the answer and fail.
      const match = findOperation(method, url.pathname)
      if (match) this.route(match, url.searchParams, parsed)
      return send(fault.status, { message: 'Server Error' })
    }
    if (fault?.forbidden) {
      return send(403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest'
      })
    }
    if (fault?.status === 403) {
      const reset = Math.floor(Date.now() / 1000) + (fault.resetInSeconds ?? 1)
      return send(
        403,
        {
          message: 'API rate limit exceeded for installation.',
          documentation_url: 'https://docs.github.com/rest/rate-limit'
        },
        {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-limit': '5000',
          'x-ratelimit-reset': String(reset)
        }
      )
    }
    if (fault) return send(fault.status, { message: 'Server Error' })

    const auth = request.headers.authorization ?? ''
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`) {
      return send(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest'
      })
    }
    const match = findOperation(method, url.pathname)
    if (!match) {
      this.problems.push(`${method} ${url.pathname}: no such operation in GitHub's API`)
      return send(404, { message: 'Not Found' })
    }
    let body: Obj = {}
    if (rawBody !== '') {
      try {
        body = JSON.parse(rawBody) as Obj
      } catch {
        return send(400, { message: 'Problems parsing JSON' })
      }
    }
    const invalid = checkRequest(match, url.searchParams, method === 'GET' ? undefined : body)
    if (invalid.length > 0) {
      this.problems.push(...invalid.map(p => `${method} ${url.pathname}: request ${p}`))
      return send(422, {
        message: 'Invalid request.',
        documentation_url: 'https://docs.github.com/rest'
      })
    }
    if (match.params.owner !== this.owner || match.params.repo !== this.repo)
      return send(404, { message: 'Not Found' }, {}, match)
    const [status, payload, headers] = this.route(match, url.searchParams, body)
    send(status, payload, headers, match)
  }

  private route(
    match: OperationMatch,
    query: URLSearchParams,
    body: Obj
  ): [number, unknown, Record<string, string>?] {
    const route = `${match.method} ${match.template.replace('/repos/{owner}/{repo}', '')}`
    switch (route) {
      case 'GET /deployments': {
        const filtered = this.deployments
          .filter(d =>
            ['environment', 'task', 'sha', 'ref'].every(
              key => !query.has(key) || d[key] === query.get(key)
            )
          )
          .sort((a, b) => (b.id as number) - (a.id as number))
        return this.page(filtered, query, '/deployments')
      }
      case 'POST /deployments':
        return [201, this.createDeployment(body)]
      case 'GET /deployments/{deployment_id}': {
        const deployment = this.deployments.find(d => d.id === Number(match.params.deployment_id))
        return deployment
          ? [200, deployment]
          : [404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }]
      }
      case 'GET /deployments/{deployment_id}/statuses': {
        const id = Number(match.params.deployment_id)
        if (!this.deployments.some(d => d.id === id))
          return [404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }]
        return this.page(this.statuses.get(id) ?? [], query, `/deployments/${id}/statuses`)
      }
      case 'POST /deployments/{deployment_id}/statuses':
        return this.createStatus(Number(match.params.deployment_id), body)
      case 'POST /statuses/{sha}':
        return this.createCommitStatus(match.params.sha, body)
      case 'GET /actions/runs/{run_id}': {
        const status = this.runs.get(Number(match.params.run_id))
        if (!status)
          return [404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }]
        return [
          200,
          {
            ...exampleOf('workflow-run'),
            id: Number(match.params.run_id),
            status,
            conclusion: status === 'completed' ? 'cancelled' : null
          }
        ]
      }
      default:
        this.problems.push(`${route}: not implemented by the fake`)
        return [404, { message: 'Not Found' }]
    }
  }

  private page(
    items: Obj[],
    query: URLSearchParams,
    path: string
  ): [number, unknown, Record<string, string>] {
    const perPage = Math.min(Number(query.get('per_page') ?? 30), 100)
    const page = Number(query.get('page') ?? 1)
    const last = Math.max(1, Math.ceil(items.length / perPage))
    const link = (p: number, rel: string) =>
      `<${this.url}/repos/${this.owner}/${this.repo}${path}?per_page=${perPage}&page=${p}>; rel="${rel}"`
    const links = [
      ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
      ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])
    ]
    return [
      200,
      items.slice((page - 1) * perPage, page * perPage),
      links.length ? { link: links.join(', ') } : {}
    ]
  }

  private createDeployment(body: Obj): Obj {
    const id = this.nextId++
    const now = new Date().toISOString()
    const base = `${this.url}/repos/${this.owner}/${this.repo}`
    const deployment = {
      ...exampleOf('deployment'),
      id,
      node_id: `DE_${id}`,
      sha: /^[0-9a-f]{40}$/.test(String(body.ref)) ? body.ref : '0'.repeat(40),
      ref: body.ref,
      task: body.task ?? 'deploy',
      environment: body.environment ?? 'production',
      original_environment: body.environment ?? 'production',
      payload: body.payload ?? {},
      description: body.description ?? null,
      creator: { ...exampleOf('simple-user'), login: 'github-actions[bot]' },
      statuses_url: `${base}/deployments/${id}/statuses`,
      repository_url: base,
      url: `${base}/deployments/${id}`,
      created_at: now,
      updated_at: now,
      production_environment: body.production_environment ?? body.environment === 'production',
      transient_environment: body.transient_environment ?? false
    }
    this.deployments.push(deployment)
    return deployment
  }

  private createStatus(id: number, body: Obj): [number, unknown] {
    const deployment = this.deployments.find(d => d.id === id)
    if (!deployment)
      return [404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }]
    if (typeof body.description === 'string' && body.description.length > 140) {
      return [
        422,
        {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'DeploymentStatus',
              code: 'custom',
              field: 'description',
              message: 'description is too long (maximum is 140 characters)'
            }
          ],
          documentation_url: 'https://docs.github.com/rest'
        }
      ]
    }
    const status = this.newStatus(deployment, body)
    // GitHub: a success status marks earlier successful deployments of the environment inactive
    // unless auto_inactive is false (only for non-production, non-transient environments).
    if (
      body.state === 'success' &&
      body.auto_inactive !== false &&
      !deployment.production_environment
    ) {
      for (const other of this.deployments) {
        const newest = this.statuses.get(other.id as number)?.[0]
        if (
          other.id !== id &&
          other.environment === deployment.environment &&
          newest?.state === 'success'
        )
          this.newStatus(other, { state: 'inactive', description: '' })
      }
    }
    return [201, status]
  }

  private newStatus(deployment: Obj, body: Obj): Obj {
    const id = this.nextId++
    const now = new Date().toISOString()
    const status = {
      ...exampleOf('deployment-status'),
      id,
      node_id: `DES_${id}`,
      state: body.state,
      description: body.description ?? '',
      environment: deployment.environment,
      // target_url is the older name of log_url; GitHub answers with both.
      target_url: body.log_url ?? body.target_url ?? deployment.url,
      ...(body.log_url || body.target_url ? { log_url: body.log_url ?? body.target_url } : {}),
      ...(body.environment_url ? { environment_url: body.environment_url } : {}),
      creator: { ...exampleOf('simple-user'), login: 'github-actions[bot]' },
      deployment_url: deployment.url,
      repository_url: deployment.repository_url,
      url: `${deployment.url}/statuses/${id}`,
      created_at: now,
      updated_at: now
    }
    // GitHub lists the newest first.
    this.statuses.set(deployment.id as number, [
      status,
      ...(this.statuses.get(deployment.id as number) ?? [])
    ])
    return status
  }

  private createCommitStatus(sha: string, body: Obj): [number, unknown] {
    if (typeof body.description === 'string' && body.description.length > 140) {
      return [
        422,
        {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'Status',
              code: 'custom',
              field: 'description',
              message: 'description is too long (maximum is 140 characters)'
            }
          ],
          documentation_url: 'https://docs.github.com/rest'
        }
      ]
    }
    const id = this.nextId++
    const now = new Date().toISOString()
    const status = {
      ...exampleOf('status'),
      id,
      node_id: `SC_${id}`,
      url: `${this.url}/repos/${this.owner}/${this.repo}/statuses/${sha}`,
      sha,
      state: body.state,
      context: body.context ?? 'default',
      description: body.description ?? null,
      target_url: body.target_url ?? null,
      created_at: now,
      updated_at: now
    }
    this.commitStatuses.push(status)
    return [201, status]
  }
}
