import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseSettings } from '../../src/config/parse-settings.js'
import { KubernetesSettings } from '../../src/config/settings.js'
import { HttpsKubeApi, KubeApi } from '../../src/platform/kube-api.js'
import { KubernetesServiceRouter } from '../../src/routers/kubernetes-service-router.js'
import { MemoryLogger } from '../../src/platform/logger.js'
import { RunningService, startSampleService } from '../../demo/sample-service.js'
import { runInProcess } from '../support/canary-lab.js'
import { startLossyKubeProxy } from '../support/lossy-kube-proxy.js'
import {
  create,
  createNamespace,
  deployment,
  grantRole,
  K8sEnv,
  mergePatch,
  read,
  readmeRole,
  service,
  startDeploymentController,
  startK8s
} from '../support/k8s-env.js'

/**
 * Blue/green on a real kube-apiserver: kubernetes-image rolls the idle color's Deployment out
 * (the test plays the Deployment controller), the Service selector switches, a concurrent change
 * of the selector fails the switch without being overwritten, rollback restores.
 */

const NS = 'shop'
let env: K8sEnv
let dir: string
let controller: ReturnType<typeof startDeploymentController>
let colors: RunningService[]
let inputs: Record<string, string>

beforeAll(async () => {
  env = await startK8s()
  dir = mkdtempSync(path.join(os.tmpdir(), 'pd-k8s-service-'))
  await createNamespace(env, NS)
  for (const color of ['blue', 'green'])
    await create(
      env,
      `/apis/apps/v1/namespaces/${NS}/deployments`,
      deployment(`recs-${color}`, 'recs', color, 'registry.local/recs:v0')
    )
  await create(
    env,
    `/api/v1/namespaces/${NS}/services`,
    service('recs', { app: 'recs', color: 'blue' })
  )
  controller = startDeploymentController(env, NS, image => image.endsWith(':broken'))
  colors = await Promise.all(
    ['blue', 'green'].map(color => startSampleService({ port: 0, version: 'any', color }))
  )
  inputs = {
    environment: 'k8s',
    router: 'kubernetes-service',
    kubeconfig: env.kubeconfig,
    'kubernetes-namespace': NS,
    'kubernetes-app': 'recs',
    'kubernetes-image': 'registry.local/recs',
    'blue-address': `127.0.0.1:${colors[0].port}`,
    'green-address': `127.0.0.1:${colors[1].port}`,
    'state-file': path.join(dir, 'state.json'),
    'health-interval': '100ms',
    'health-deadline': '5s'
  }
}, 120_000)

afterAll(async () => {
  await controller?.stop()
  await Promise.all((colors ?? []).map(c => c.close()))
  await env?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const selected = async (): Promise<string> =>
  (await read(env, `/api/v1/namespaces/${NS}/services/recs`)).spec.selector.color
const imageOf = async (color: string): Promise<string> =>
  (await read(env, `/apis/apps/v1/namespaces/${NS}/deployments/recs-${color}`)).spec.template.spec
    .containers[0].image

test('a release rolls the idle Deployment out, switches the selector, and records the live color on the Service', async () => {
  const run = await runInProcess('release', { ...inputs, version: 'v1' })
  expect(run.error?.message).toBeUndefined()
  expect(run.report.result).toBe('success')
  expect(await imageOf('green')).toBe('registry.local/recs:v1')
  expect(await imageOf('blue')).toBe('registry.local/recs:v0')
  expect(controller.rollouts).toContain('recs-green registry.local/recs:v1')
  expect(await selected()).toBe('green')
  const svc = await read(env, `/api/v1/namespaces/${NS}/services/recs`)
  expect(svc.spec.selector).toEqual({ app: 'recs', color: 'green' })
  expect(svc.metadata.annotations['progressive-deploy/live-color']).toBe('green')

  const second = await runInProcess('release', { ...inputs, version: 'v2' })
  expect(second.report.result).toBe('success')
  expect(await imageOf('blue')).toBe('registry.local/recs:v2')
  expect(await selected()).toBe('blue')

  const back = await runInProcess('rollback', { ...inputs, reason: 'v2 ranks badly' })
  expect(back.report.result).toBe('success')
  expect(await selected()).toBe('green')
  const status = await runInProcess('status', inputs)
  expect(status.report.outputs['active-color']).toBe('green')
  expect(status.report.outputs.version).toBe('v1')
}, 60_000)

test('a rollout that misses its progress deadline fails the release with traffic untouched', async () => {
  const before = await selected()
  const run = await runInProcess('release', { ...inputs, version: 'broken' })
  expect(run.report.result).toBe('failure')
  expect(run.report.headline).toMatch(/progress deadline passed.*traffic was not moved/)
  expect(await selected()).toBe(before)
}, 60_000)

test('a selector changed by someone else between read and patch fails the switch; nothing is overwritten', async () => {
  const settings = parseSettings(name => inputs[name], 'switch')
  const k8s = settings.kubernetes as KubernetesSettings
  const real = new HttpsKubeApi(k8s.connection)
  const now = await selected()
  const other = now === 'blue' ? 'green' : 'blue'
  // Between the router's read and its patch, another hand sets the selector to a third value.
  const racing: KubeApi = {
    get: ref => real.get(ref),
    allowed: (verb, ref) => real.allowed(verb, ref),
    patch: async (ref, patch, type, sub) => {
      await mergePatch(env, `/api/v1/namespaces/${NS}/services/recs`, {
        spec: { selector: { color: 'manual' } }
      })
      return real.patch(ref, patch, type, sub)
    },
    get requests() {
      return real.requests
    }
  }
  const router = new KubernetesServiceRouter(racing, k8s, undefined, new MemoryLogger())
  await expect(router.setWeights({ [other]: 100, [now]: 0 })).rejects.toThrow(
    new RegExp(
      `Service recs changed while this run switched it \\(read with color=${now}; it now holds color=manual\\): nothing was overwritten`
    )
  )
  expect(await selected()).toBe('manual')
  await mergePatch(env, `/api/v1/namespaces/${NS}/services/recs`, {
    spec: { selector: { color: now } }
  })
}, 30_000)

test('the answer to the switch is lost after the API applied it: the report says what the Service holds', async () => {
  const before = await selected()
  const after = before === 'blue' ? 'green' : 'blue'
  const proxy = await startLossyKubeProxy(
    env.kubeconfig,
    (method, url) => method === 'PATCH' && url.startsWith(`/api/v1/namespaces/${NS}/services/recs`)
  )
  try {
    const run = await runInProcess('switch', {
      ...inputs,
      kubeconfig: proxy.kubeconfig,
      'switch-to': after,
      force: 'true'
    })
    expect(proxy.lost).toEqual([`PATCH /api/v1/namespaces/${NS}/services/recs`])
    // The cluster switched; whatever the command concluded, it must say so.
    expect(await selected()).toBe(after)
    expect(run.report.outputs['active-color']).toBe(after)
    expect(run.report.headline).toMatch(
      new RegExp(
        `on ${after} takes all traffic; recording it failed: cannot reach the Kubernetes API .* to patch services "recs" in namespace "shop": socket hang up`
      )
    )
    // The next command reads the Service, not the lost answer: it is already where it should be.
    const again = await runInProcess('switch', { ...inputs, 'switch-to': after, force: 'true' })
    expect(again.report.result).toBe('no-op')
    expect(again.report.outputs['active-color']).toBe(after)
  } finally {
    await proxy.stop()
  }
}, 60_000)

test("the README's Role is enough for a release as a user with no other rights; without patch on the Service the switch fails, naming what is missing", async () => {
  const ns = 'rbac'
  await createNamespace(env, ns)
  for (const color of ['blue', 'green'])
    await create(
      env,
      `/apis/apps/v1/namespaces/${ns}/deployments`,
      deployment(`recs-${color}`, 'recs', color, 'registry.local/recs:v0')
    )
  await create(
    env,
    `/api/v1/namespaces/${ns}/services`,
    service('recs', { app: 'recs', color: 'blue' })
  )
  const rbacController = startDeploymentController(env, ns)
  try {
    const role = readmeRole('kubernetes-service', ns)
    await grantRole(env, ns, role)
    const asUser = {
      ...inputs,
      'kubernetes-namespace': ns,
      'kubernetes-context': 'test-user',
      'state-file': path.join(dir, 'rbac.json')
    }
    const run = await runInProcess('release', { ...asUser, version: 'v1' })
    expect(run.error?.message).toBeUndefined()
    expect(run.report.result).toBe('success')
    expect((await read(env, `/api/v1/namespaces/${ns}/services/recs`)).spec.selector.color).toBe(
      'green'
    )

    // Narrower: the Service may be read, not patched. The release stops before it deploys.
    role.rules[0].verbs = ['get']
    await grantRole(env, ns, role)
    const deployedBefore = (await read(env, `/apis/apps/v1/namespaces/${ns}/deployments/recs-blue`))
      .metadata.generation
    const refused = await runInProcess('release', { ...asUser, version: 'v2' })
    expect(refused.report.result).toBe('failure')
    expect(refused.report.headline).toMatch(
      /^kubeconfig: the user of context "test-user" may not patch services "recs" \(core API group\) in namespace rbac: bind the README's Role for router kubernetes-service/
    )
    expect(
      (await read(env, `/apis/apps/v1/namespaces/${ns}/deployments/recs-blue`)).metadata.generation
    ).toBe(deployedBefore)
    expect((await read(env, `/api/v1/namespaces/${ns}/services/recs`)).spec.selector.color).toBe(
      'green'
    )
    const plan = await runInProcess('plan', asUser)
    expect(plan.report.result).toBe('failure')
    expect(plan.report.headline).toMatch(
      /the plan is valid, but the user of context "test-user" may not patch services "recs"/
    )

    // Where the question cannot be asked first, the call itself names what is missing.
    const settings = parseSettings(name => asUser[name as keyof typeof asUser], 'switch')
    const k8s = settings.kubernetes as KubernetesSettings
    const router = new KubernetesServiceRouter(
      new HttpsKubeApi(k8s.connection),
      k8s,
      undefined,
      new MemoryLogger()
    )
    await expect(router.setWeights({ blue: 100, green: 0 })).rejects.toThrow(
      /Kubernetes refused to patch services "recs" in namespace "rbac" \(403 Forbidden\): the Role bound to this user needs verb "patch" on resource "services" in the core API group/
    )
    // A namespace the Role does not cover: refused before anything, every missing verb named.
    const elsewhere = await runInProcess('release', {
      ...asUser,
      'kubernetes-namespace': NS,
      version: 'v3'
    })
    expect(elsewhere.report.result).toBe('failure')
    expect(elsewhere.report.headline).toMatch(
      /may not get services "recs" \(core API group\), patch services "recs" \(core API group\), get deployments "recs-blue" \(API group apps\)/
    )
  } finally {
    await rbacController.stop()
  }
}, 60_000)
