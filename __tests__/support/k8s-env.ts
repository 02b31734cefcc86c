/* eslint-disable @typescript-eslint/no-explicit-any -- objects from the API server, read field by field */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import https from 'node:https'
import os from 'node:os'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { ROOT } from './run-dist.js'

/**
 * Real Kubernetes API servers (kube-apiserver 1.20 and apiextensions-apiserver 0.36 on etcd,
 * behind one TLS front) from the k8s-testenv kit, started per test file and stopped by it.
 * There is no controller-manager: startDeploymentController plays it where a test needs one.
 */
export interface K8sEnv {
  kubeconfig: string
  server: string
  adminToken: string
  userToken: string
  /** One request as admin (or with `token`); the body parsed as JSON when it is. */
  request(
    method: string,
    path: string,
    body?: unknown,
    options?: { contentType?: string; token?: string }
  ): Promise<{ status: number; body: any }>
  stop(): Promise<void>
}

/**
 * Where the kit is: K8S_TESTENV, the per-machine cache the test command seeds
 * (~/.cache/progressive-deploy/k8s-testenv), or ../shared/k8s-testenv beside the repository.
 */
export function testenvDir(): string {
  const candidates = [
    process.env.K8S_TESTENV,
    path.join(os.homedir(), '.cache', 'progressive-deploy', 'k8s-testenv'),
    path.join(ROOT, '..', 'shared', 'k8s-testenv')
  ].filter((c): c is string => c !== undefined && c !== '')
  const found = candidates.find(dir => existsSync(path.join(dir, 'start.sh')))
  if (!found)
    throw new Error(
      `the k8s-testenv kit is not at ${candidates.join(' or ')}: run npm test once (it seeds the cache), or set K8S_TESTENV`
    )
  return found
}

export async function startK8s(): Promise<K8sEnv> {
  const dir = testenvDir()
  const started = await new Promise<string>((resolve, reject) =>
    execFile(
      'bash',
      [path.join(dir, 'start.sh')],
      { cwd: dir, timeout: 120_000 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`k8s-testenv start.sh failed: ${stderr.slice(-2000)}`))
          : resolve(stdout)
    )
  )
  const vars = Object.fromEntries(
    started
      .split('\n')
      .map(line => /^([A-Z0-9_]+)=(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map(m => [m[1], m[2].replace(/^"|"$/g, '')])
  )
  const ca = readFileSync(vars.K8SENV_CA, 'utf8')
  const agent = new https.Agent({ ca, keepAlive: true })
  const request: K8sEnv['request'] = (method, requestPath, body, options = {}) =>
    new Promise((resolve, reject) => {
      const text =
        body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
      const req = https.request(
        new URL(requestPath, vars.K8SENV_SERVER),
        {
          method,
          agent,
          headers: {
            authorization: `Bearer ${options.token ?? vars.K8SENV_ADMIN_TOKEN}`,
            accept: 'application/json',
            ...(text !== undefined
              ? { 'content-type': options.contentType ?? 'application/json' }
              : {})
          }
        },
        res => {
          let data = ''
          res.setEncoding('utf8')
          res.on('data', chunk => (data += chunk))
          res.on('end', () => {
            let parsed: unknown = data
            try {
              parsed = JSON.parse(data)
            } catch {
              // not JSON: kept as text
            }
            resolve({ status: res.statusCode ?? 0, body: parsed })
          })
        }
      )
      req.on('error', reject)
      req.end(text)
    })
  return {
    kubeconfig: vars.KUBECONFIG,
    server: vars.K8SENV_SERVER,
    adminToken: vars.K8SENV_ADMIN_TOKEN,
    userToken: vars.K8SENV_USER_TOKEN,
    request,
    stop: async () => {
      agent.destroy()
      await new Promise<void>(resolve =>
        execFile('bash', [path.join(dir, 'stop.sh'), vars.K8SENV_STATE], () => resolve())
      )
    }
  }
}

/** Creates an object (POST to its collection); throws with the server's message unless 201. */
export async function create(env: K8sEnv, collection: string, object: unknown): Promise<any> {
  const answer = await env.request('POST', collection, object)
  if (answer.status !== 201)
    throw new Error(
      `POST ${collection}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`
    )
  return answer.body
}

export async function read(env: K8sEnv, objectPath: string): Promise<any> {
  const answer = await env.request('GET', objectPath)
  if (answer.status !== 200) throw new Error(`GET ${objectPath}: ${answer.status}`)
  return answer.body
}

export async function mergePatch(env: K8sEnv, objectPath: string, patch: unknown): Promise<any> {
  const answer = await env.request('PATCH', objectPath, patch, {
    contentType: 'application/merge-patch+json'
  })
  if (answer.status !== 200)
    throw new Error(
      `PATCH ${objectPath}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`
    )
  return answer.body
}

/** The Gateway API v1.6.1 CRDs from the kit, unmodified, until every one is Established. */
export async function installGatewayApi(env: K8sEnv): Promise<void> {
  const docs = readFileSync(path.join(testenvDir(), 'gateway-api-crds.yaml'), 'utf8')
    .split(/^---\s*$/m)
    .filter(doc => /\bkind:\s*CustomResourceDefinition\b/.test(doc))
  const names: string[] = []
  for (const doc of docs) {
    const answer = await env.request(
      'POST',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions?fieldValidation=Strict',
      doc,
      { contentType: 'application/yaml' }
    )
    if (answer.status !== 201)
      throw new Error(`CRD: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`)
    names.push(answer.body.metadata.name)
  }
  const deadline = Date.now() + 60_000
  for (const name of names) {
    for (;;) {
      const crd = await read(env, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`)
      if (crd.status?.conditions?.some((c: any) => c.type === 'Established' && c.status === 'True'))
        break
      if (Date.now() > deadline) throw new Error(`CRD ${name} not Established`)
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }
  // The group's discovery document appears a moment after the CRDs.
  for (;;) {
    const answer = await env.request('GET', '/apis/gateway.networking.k8s.io/v1')
    if (answer.status === 200) return
    if (Date.now() > deadline) throw new Error('gateway.networking.k8s.io/v1 not served')
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

export async function createNamespace(env: K8sEnv, name: string): Promise<void> {
  await create(env, '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name }
  })
}

/** A Deployment of one container whose pods carry app and color labels. */
export function deployment(
  name: string,
  app: string,
  color: string,
  image: string,
  replicas = 2
): unknown {
  const labels = { app, color }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image }] } }
    }
  }
}

export function service(name: string, selector: Record<string, string>): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector, ports: [{ port: 80, targetPort: 8080 }] }
  }
}

/**
 * Plays kube-controller-manager for Deployments: when one's generation moves past what its status
 * observed, writes the status a finished rollout has (every replica updated and available), or
 * the ProgressDeadlineExceeded condition for images `fails` picks. Writes through /status.
 */
export function startDeploymentController(
  env: K8sEnv,
  namespace: string,
  fails: (image: string) => boolean = () => false
): { rollouts: string[]; stop(): Promise<void> } {
  const rollouts: string[] = []
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      const list = await env.request('GET', `/apis/apps/v1/namespaces/${namespace}/deployments`)
      for (const d of list.body?.items ?? []) {
        const generation = d.metadata.generation
        if ((d.status?.observedGeneration ?? 0) >= generation) continue
        const image = d.spec.template.spec.containers[0].image
        const replicas = d.spec.replicas ?? 1
        const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
        const status = fails(image)
          ? {
              observedGeneration: generation,
              replicas,
              updatedReplicas: 1,
              availableReplicas: 0,
              conditions: [
                {
                  type: 'Progressing',
                  status: 'False',
                  reason: 'ProgressDeadlineExceeded',
                  message: `ReplicaSet has timed out progressing.`,
                  lastUpdateTime: now,
                  lastTransitionTime: now
                }
              ]
            }
          : {
              observedGeneration: generation,
              replicas,
              updatedReplicas: replicas,
              readyReplicas: replicas,
              availableReplicas: replicas,
              conditions: []
            }
        await env.request(
          'PATCH',
          `/apis/apps/v1/namespaces/${namespace}/deployments/${d.metadata.name}/status`,
          { status },
          { contentType: 'application/merge-patch+json' }
        )
        rollouts.push(`${d.metadata.name} ${image}${fails(image) ? ' failed' : ''}`)
      }
      await new Promise(resolve => setTimeout(resolve, 150))
    }
  })()
  return {
    rollouts,
    stop: async () => {
      stopped = true
      await loop
    }
  }
}

/**
 * Watches one object (a real watch through the front) and hands every version of it to
 * `seen`: the weights a canary held at each step are read from these. `ready`: the first event
 * (the object as it is) arrived, so every later change will be seen. An ERROR event (the CRD
 * server's watch cache can lag just after a write: "Too large resource version") or an ended
 * stream re-opens the watch from the last version seen, as client-go's reflector does.
 */
export function watchObject(
  env: K8sEnv,
  collection: string,
  name: string,
  seen: (object: any) => void
): { ready: Promise<void>; stop(): void } {
  let ready: () => void = () => {}
  const first = new Promise<void>(resolve => (ready = resolve))
  const ca = readFileSync(path.join(path.dirname(env.kubeconfig), 'pki', 'ca.crt'), 'utf8')
  let stopped = false
  // "0": any version, from the watch cache; without it the CRD server waits for its cache to
  // reach etcd's newest version, which only writes to the same resource advance.
  let version = '0'
  let current: ReturnType<typeof https.request> | undefined
  const open = (): void => {
    if (stopped) return
    const url = new URL(
      `${collection}?watch=1&fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}&resourceVersion=${version}`,
      env.server
    )
    const again = (): void => {
      if (!stopped) setTimeout(open, 200)
    }
    current = https.request(
      url,
      { headers: { authorization: `Bearer ${env.adminToken}` }, ca },
      res => {
        let buffer = ''
        res.setEncoding('utf8')
        res.on('data', chunk => {
          buffer += chunk
          let newline: number
          while ((newline = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, newline)
            buffer = buffer.slice(newline + 1)
            if (line.trim() === '') continue
            const event = JSON.parse(line) as { type: string; object: any }
            if (event.type !== 'ADDED' && event.type !== 'MODIFIED') {
              current?.destroy()
              continue
            }
            version = event.object.metadata.resourceVersion
            seen(event.object)
            ready()
          }
        })
        res.on('close', again)
      }
    )
    current.on('error', () => {})
    current.end()
  }
  open()
  return {
    ready: first,
    stop: () => {
      stopped = true
      current?.destroy()
    }
  }
}

/** The README's Role for a router, as an object (the block between its k8s-role markers). */
export function readmeRole(router: string, namespace: string): any {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const block = new RegExp(
    `<!-- k8s-role:${router}:start -->\\n\`\`\`yaml\\n([\\s\\S]*?)\`\`\`\\n<!-- k8s-role:${router}:end -->`
  ).exec(readme)
  if (!block) throw new Error(`README has no k8s-role block for ${router}`)
  const role = parseYaml(block[1])
  role.metadata.namespace = namespace
  return role
}

/**
 * Puts `role` in place (created, or replaced) and binds it to one of the kit's users, who have
 * no other rights. A narrower Role goes to another user: apiextensions-apiserver caches allowed
 * decisions for 10 s, so taking a verb away from the same user shows late on CRD objects.
 */
export async function grantRole(
  env: K8sEnv,
  namespace: string,
  role: any,
  user = 'test-user'
): Promise<void> {
  const roles = `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/roles`
  const existing = await env.request('GET', `${roles}/${role.metadata.name}`)
  if (existing.status === 200) {
    const answer = await env.request('PUT', `${roles}/${role.metadata.name}`, {
      ...role,
      metadata: { ...role.metadata, resourceVersion: existing.body.metadata.resourceVersion }
    })
    if (answer.status !== 200) throw new Error(`PUT role: ${answer.status}`)
    return
  }
  await create(env, roles, role)
  await create(env, `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: role.metadata.name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }]
  })
}
