import https from 'node:https'
import http from 'node:http'
import { BackendError } from '../errors.js'

/** How to reach a Kubernetes API server, from one context of a kubeconfig. */
export interface KubeConnection {
  server: string
  context: string
  /** PEM of the cluster's CA; undefined: the system's roots. */
  ca?: string
  insecure: boolean
  token?: string
  /** Client certificate and key (PEM). */
  cert?: string
  key?: string
  /** The context's namespace, if it names one. */
  namespace?: string
}

/** One object of the Kubernetes API, as far as the routers and the deployer read it. */
export interface KubeObject {
  metadata: {
    name: string
    namespace?: string
    generation?: number
    resourceVersion?: string
    annotations?: Record<string, string>
  }
  spec?: Record<string, unknown>
  status?: Record<string, unknown>
}

/** Where an object lives: its API group ('' for the core group), version, plural resource, name. */
export interface KubeRef {
  group: string
  version: string
  resource: string
  namespace: string
  name: string
}

export type PatchType = 'json' | 'merge' | 'strategic'

/** The calls the routers and the deployer make; one request each. */
export interface KubeApi {
  get(ref: KubeRef): Promise<KubeObject>
  patch(ref: KubeRef, patch: unknown, type: PatchType, subresource?: 'status'): Promise<KubeObject>
  /**
   * Whether this user may `verb` the object (a SelfSubjectAccessReview: allowed without any Role,
   * to every authenticated user); undefined when the server does not answer the question.
   */
  allowed(verb: string, ref: KubeRef): Promise<boolean | undefined>
  /** Requests sent so far (the benchmark reports them per switch). */
  readonly requests: number
}

/** A refusal by the API server: its HTTP status and reason, and a message that says what to do. */
export class KubeApiError extends BackendError {
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string
  ) {
    super(message)
    this.name = 'KubeApiError'
  }
}

const CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json'
}
const TIMEOUT_MS = 10_000
const MAX_BODY = 4 * 1024 * 1024

/** Over HTTPS with the kubeconfig's trust and credentials; one kept-alive connection. */
export class HttpsKubeApi implements KubeApi {
  requests = 0
  private readonly agent: https.Agent | http.Agent
  private readonly base: URL

  constructor(private readonly connection: KubeConnection) {
    this.base = new URL(connection.server)
    this.agent =
      this.base.protocol === 'https:'
        ? new https.Agent({
            keepAlive: true,
            maxSockets: 4,
            ...(connection.ca ? { ca: connection.ca } : {}),
            ...(connection.cert ? { cert: connection.cert } : {}),
            ...(connection.key ? { key: connection.key } : {}),
            rejectUnauthorized: !connection.insecure
          })
        : new http.Agent({ keepAlive: true, maxSockets: 4 })
  }

  get(ref: KubeRef): Promise<KubeObject> {
    return this.send({ method: 'GET', verb: 'get', ref, path: objectPath(ref) })
  }

  patch(
    ref: KubeRef,
    patch: unknown,
    type: PatchType,
    subresource?: 'status'
  ): Promise<KubeObject> {
    return this.send({
      method: 'PATCH',
      verb: 'patch',
      ref,
      subresource,
      path: objectPath(ref) + (subresource ? `/${subresource}` : ''),
      body: JSON.stringify(patch),
      contentType: CONTENT_TYPES[type]
    })
  }

  async allowed(verb: string, ref: KubeRef): Promise<boolean | undefined> {
    const review = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: {
        resourceAttributes: {
          namespace: ref.namespace,
          verb,
          group: ref.group,
          resource: ref.resource,
          name: ref.name
        }
      }
    }
    try {
      // A review is created in no namespace and read from the answer; refusals are not held
      // against the run, so the ref only names the collection.
      const answer = await this.send({
        method: 'POST',
        verb: 'create',
        ref: {
          group: 'authorization.k8s.io',
          version: 'v1',
          resource: 'selfsubjectaccessreviews',
          namespace: '',
          name: ''
        },
        path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        body: JSON.stringify(review),
        contentType: 'application/json'
      })
      const allowed = (answer.status as { allowed?: unknown } | undefined)?.allowed
      return typeof allowed === 'boolean' ? allowed : undefined
    } catch {
      return undefined
    }
  }

  /** One request; `verb` and `ref` name the call in a refusal's message. */
  private send(call: {
    method: string
    verb: string
    ref: KubeRef
    path: string
    subresource?: string
    body?: string
    contentType?: string
  }): Promise<KubeObject> {
    const { method, verb, ref, body, contentType, subresource } = call
    this.requests++
    const url = new URL(call.path, this.base)
    const client = this.base.protocol === 'https:' ? https : http
    return new Promise((resolve, reject) => {
      const request = client.request(
        url,
        {
          method,
          agent: this.agent,
          timeout: TIMEOUT_MS,
          headers: {
            accept: 'application/json',
            'user-agent': 'progressive-deploy',
            ...(this.connection.token ? { authorization: `Bearer ${this.connection.token}` } : {}),
            ...(body !== undefined
              ? {
                  'content-type': contentType ?? 'application/json',
                  'content-length': Buffer.byteLength(body)
                }
              : {})
          }
        },
        response => {
          let text = ''
          response.setEncoding('utf8')
          response.on('data', chunk => {
            if (text.length < MAX_BODY) text += chunk
          })
          response.on('end', () => {
            const status = response.statusCode ?? 0
            if (status >= 200 && status < 300) {
              try {
                resolve(JSON.parse(text) as KubeObject)
              } catch {
                reject(
                  new KubeApiError(
                    `the Kubernetes API answered ${status} with a body that is not JSON`,
                    status,
                    ''
                  )
                )
              }
              return
            }
            reject(refusal(status, text, verb, ref, subresource))
          })
        }
      )
      request.on('timeout', () =>
        request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`))
      )
      request.on('error', error =>
        reject(
          new KubeApiError(
            `cannot reach the Kubernetes API at ${this.base.origin} to ${verb} ${describeRef(ref)}: ${error.message}`,
            0,
            'Unreachable'
          )
        )
      )
      request.end(body)
    })
  }
}

/** /api/v1/namespaces/ns/services/name or /apis/group/version/namespaces/ns/resource/name. */
export function objectPath(ref: KubeRef): string {
  const root = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`
  return `${root}/namespaces/${encodeURIComponent(ref.namespace)}/${ref.resource}/${encodeURIComponent(ref.name)}`
}

export function describeRef(ref: KubeRef): string {
  return `${ref.resource} "${ref.name}" in namespace "${ref.namespace}"`
}

/**
 * The API server's refusal as a message a person can act on: a 403 names the verb, resource and
 * group the Role lacks; a 404 the object to create; a 401 the credentials. Pure.
 */
export function refusal(
  status: number,
  body: string,
  verb: string,
  ref: KubeRef,
  subresource?: string
): KubeApiError {
  let reason = ''
  let said = ''
  try {
    const parsed = JSON.parse(body) as { reason?: string; message?: string }
    reason = parsed.reason ?? ''
    said = parsed.message ?? ''
  } catch {
    said = body.slice(0, 200)
  }
  const resource = subresource ? `${ref.resource}/${subresource}` : ref.resource
  const group = ref.group === '' ? 'the core API group ("")' : `API group "${ref.group}"`
  const what = describeRef(ref)
  const server = said ? ` (the API server said: ${oneLine(said)})` : ''
  switch (status) {
    case 401:
      return new KubeApiError(
        `the Kubernetes API did not accept the kubeconfig's credentials (401)${server}: give a valid token or client certificate.`,
        status,
        reason
      )
    case 403:
      return new KubeApiError(
        `Kubernetes refused to ${verb} ${what} (403 Forbidden): the Role bound to this user needs verb "${verb}" on resource "${resource}" in ${group}; see the README's RBAC Role for this router.${server}`,
        status,
        reason
      )
    case 404:
      return new KubeApiError(
        `${what} does not exist (404): create it first, or fix the name.${server}`,
        status,
        reason
      )
    default:
      return new KubeApiError(
        `Kubernetes refused to ${verb} ${what} (${status} ${reason || 'error'})${server}`,
        status,
        reason
      )
  }
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 300 ? `${line.slice(0, 299)}…` : line
}
