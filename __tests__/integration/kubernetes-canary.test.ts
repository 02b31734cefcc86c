/* eslint-disable @typescript-eslint/no-explicit-any -- objects from the API server, read field by field */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseSettings } from '../../src/config/parse-settings.js'
import { KubernetesSettings } from '../../src/config/settings.js'
import { HttpsKubeApi } from '../../src/platform/kube-api.js'
import { MemoryLogger } from '../../src/platform/logger.js'
import { systemClock } from '../../src/platform/clock.js'
import { GatewayApiRouter } from '../../src/routers/gateway-api-router.js'
import { IngressNginxRouter } from '../../src/routers/ingress-nginx-router.js'
import { RunningService, startSampleService } from '../../demo/sample-service.js'
import { runInProcess } from '../support/canary-lab.js'
import {
  create,
  createNamespace,
  grantRole,
  installGatewayApi,
  K8sEnv,
  read,
  readmeRole,
  service,
  startK8s,
  watchObject
} from '../support/k8s-env.js'

/**
 * Canaries on real API servers: an HTTPRoute's weights (Gateway API v1.6.1 CRDs on
 * apiextensions-apiserver 0.36) and ingress-nginx's canary Ingress (kube-apiserver 1.20). A
 * watch records every version of the object, so the weight held at each step is read from the
 * server, not from our report. Blue answers half its requests with 500: a canary on blue aborts.
 */

let env: K8sEnv
let dir: string
let colors: RunningService[]
let base: Record<string, string>
const ROUTES = '/apis/gateway.networking.k8s.io/v1/namespaces/gw/httproutes'
const INGRESSES = '/apis/networking.k8s.io/v1/namespaces/ing/ingresses'

const route = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'recs' },
  spec: {
    parentRefs: [{ name: 'web' }],
    hostnames: ['recs.example.com'],
    rules: [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/admin' } }],
        backendRefs: [{ name: 'admin', port: 80 }]
      },
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        filters: [
          {
            type: 'RequestHeaderModifier',
            requestHeaderModifier: { add: [{ name: 'X-Via', value: 'gateway' }] }
          }
        ],
        backendRefs: [
          { name: 'recs-blue', port: 80, weight: 100 },
          { name: 'recs-green', port: 80, weight: 0 }
        ]
      }
    ]
  }
}

function ingress(name: string, backend: string, annotations: Record<string, string> = {}): unknown {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, annotations },
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'recs.example.com',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: backend, port: { number: 80 } } }
              }
            ]
          }
        }
      ]
    }
  }
}

beforeAll(async () => {
  env = await startK8s()
  dir = mkdtempSync(path.join(os.tmpdir(), 'pd-k8s-canary-'))
  await installGatewayApi(env)
  for (const ns of ['gw', 'ing']) {
    await createNamespace(env, ns)
    for (const color of ['blue', 'green'])
      await create(
        env,
        `/api/v1/namespaces/${ns}/services`,
        service(`recs-${color}`, { app: 'recs', color })
      )
  }
  await create(env, ROUTES, route)
  await create(env, INGRESSES, ingress('recs', 'recs-blue'))
  await create(
    env,
    INGRESSES,
    ingress('recs-canary', 'recs-green', {
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '0'
    })
  )
  colors = await Promise.all([
    startSampleService({ port: 0, version: 'any', color: 'blue', failRate: 0.5 }),
    startSampleService({ port: 0, version: 'any', color: 'green' })
  ])
  base = {
    strategy: 'canary',
    kubeconfig: env.kubeconfig,
    'kubernetes-app': 'recs',
    'deploy-command': JSON.stringify([process.execPath, '-e', '0']),
    'blue-address': `127.0.0.1:${colors[0].port}`,
    'green-address': `127.0.0.1:${colors[1].port}`,
    'canary-steps': '1,5,20,50,100',
    'bake-time': '1s',
    'analysis-interval': '500ms',
    'health-interval': '100ms',
    'health-deadline': '5s'
  }
}, 120_000)

afterAll(async () => {
  await Promise.all((colors ?? []).map(c => c.close()))
  await env?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** Consecutive duplicates dropped: the weights the object went through. */
function steps(values: number[]): number[] {
  return values.filter((v, i) => i === 0 || v !== values[i - 1])
}

const scenarios = [
  {
    router: 'gateway-api',
    ns: 'gw',
    collection: ROUTES,
    name: 'recs',
    greenWeight: (o: any) => o.spec.rules[1].backendRefs[1].weight as number
  },
  {
    router: 'ingress-nginx',
    ns: 'ing',
    collection: INGRESSES,
    name: 'recs-canary',
    greenWeight: (o: any) =>
      Number(o.metadata.annotations['nginx.ingress.kubernetes.io/canary-weight'])
  }
]

describe.each(scenarios)('$router', ({ router, ns, collection, name, greenWeight }) => {
  const inputs = (): Record<string, string> => ({
    ...base,
    router,
    environment: router,
    'kubernetes-namespace': ns,
    'state-file': path.join(dir, `${router}.json`)
  })

  test('a canary 1 → 5 → 20 → 50 → 100 holds each weight on the object, and an abort puts 0 on the canary', async () => {
    const seen: number[] = []
    const watch = watchObject(env, collection, name, object => seen.push(greenWeight(object)))
    await watch.ready
    const before = await read(env, `${collection}/${name}`)
    const run = await runInProcess('release', { ...inputs(), version: 'v1' })
    expect(run.error?.message).toBeUndefined()
    expect(run.report.result).toBe('success')
    expect(run.report.outputs['canary-weight']).toBe('100')
    const after = await read(env, `${collection}/${name}`)
    await new Promise(resolve => setTimeout(resolve, 300))
    watch.stop()
    expect(steps(seen)).toEqual([0, 1, 5, 20, 50, 100])
    expect(after.metadata.annotations['progressive-deploy/live-color']).toBe('green')
    expect(after.metadata.annotations['progressive-deploy/weights']).toBe('blue=0,green=100')
    if (router === 'gateway-api') {
      // Everything but the two weights is as it was: the other rule, the filter, hostnames.
      const strip = (o: any) => ({
        ...o.spec,
        rules: o.spec.rules.map((r: any) => ({
          ...r,
          backendRefs: r.backendRefs.map((b: any) => ({ ...b, weight: undefined }))
        }))
      })
      expect(strip(after)).toEqual(strip(before))
    }

    // The next release goes to blue, which fails half its requests: aborted at its first step.
    const aborted: number[] = []
    const second = watchObject(env, collection, name, object => aborted.push(greenWeight(object)))
    await second.ready
    const bad = await runInProcess('release', { ...inputs(), version: 'v2' })
    await new Promise(resolve => setTimeout(resolve, 300))
    second.stop()
    expect(bad.report.result).toBe('failure')
    expect(bad.report.outputs['canary-weight']).toBe('0')
    expect(steps(aborted)).toEqual([100, 99, 100])
    expect(greenWeight(await read(env, `${collection}/${name}`))).toBe(100)
  }, 90_000)

  test("the README's Role is enough for a blue/green release as a user with no other rights; without patch it fails naming the verb and resource", async () => {
    const role = readmeRole(router, ns)
    await grantRole(env, ns, role)
    const asUser = {
      ...inputs(),
      strategy: 'blue-green',
      'kubernetes-context': 'test-user',
      'state-file': path.join(dir, `${router}-rbac.json`)
    }
    const before = greenWeight(await read(env, `${collection}/${name}`))
    const run = await runInProcess('release', { ...asUser, version: 'b1' })
    expect(run.error?.message).toBeUndefined()
    expect(run.report.result).toBe('success')
    const idle = before === 100 ? 0 : 100
    expect(greenWeight(await read(env, `${collection}/${name}`))).toBe(idle)

    const traffic = role.rules.find(
      (rule: any) => rule.verbs.includes('patch') && rule.apiGroups[0] !== 'apps'
    )
    traffic.verbs = ['get']
    role.metadata.name = 'progressive-deploy-narrow'
    await grantRole(env, ns, role, 'test-user-2')
    const refused = await runInProcess('release', {
      ...asUser,
      'kubernetes-context': 'test-user-2',
      version: 'b2'
    })
    expect(refused.report.result).toBe('failure')
    const resource = router === 'gateway-api' ? 'httproutes' : 'ingresses'
    const group = router === 'gateway-api' ? 'gateway.networking.k8s.io' : 'networking.k8s.io'
    expect(refused.report.headline).toContain(
      `may not patch ${resource} "${name}" (API group ${group}) in namespace ${ns}`
    )
    expect(greenWeight(await read(env, `${collection}/${name}`))).toBe(idle)
  }, 60_000)

  test('a split that is not whole percents summing to 100 is refused before any request', async () => {
    const settings = parseSettings(name => inputs()[name], 'canary-step')
    const k8s = settings.kubernetes as KubernetesSettings
    const api = new HttpsKubeApi(k8s.connection)
    const made =
      router === 'gateway-api'
        ? new GatewayApiRouter(api, k8s, undefined, systemClock, 1000, new MemoryLogger())
        : new IngressNginxRouter(api, k8s, undefined, new MemoryLogger())
    const object = await read(env, `${collection}/${name}`)
    await expect(made.setWeights({ blue: 50.5, green: 49.5 })).rejects.toThrow(/whole percent/)
    await expect(made.setWeights({ blue: 60, green: 60 })).rejects.toThrow(/add up to 120, not 100/)
    await expect(made.setWeights({ blue: -5, green: 105 })).rejects.toThrow(
      /whole percent from 0 to 100/
    )
    expect(api.requests).toBe(0)
    expect((await read(env, `${collection}/${name}`)).metadata.resourceVersion).toBe(
      object.metadata.resourceVersion
    )
  }, 30_000)
})

describe('gateway-api route status', () => {
  /**
   * Plays a Gateway controller: after `delayMs`, writes the route's status for its newest
   * generation: Accepted and ResolvedRefs True, or ResolvedRefs False when `refuse` says so.
   */
  async function answerAsController(delayMs: number, refuse: boolean): Promise<void> {
    await new Promise(resolve => setTimeout(resolve, delayMs))
    const now = await read(env, `${ROUTES}/recs`)
    const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
    const condition = (type: string, ok: boolean) => ({
      type,
      status: ok ? 'True' : 'False',
      reason: ok ? type : 'BackendNotFound',
      message: ok ? '' : 'service recs-blue has no endpoints',
      observedGeneration: now.metadata.generation,
      lastTransitionTime: at
    })
    await env.request(
      'PATCH',
      `${ROUTES}/recs/status`,
      {
        status: {
          parents: [
            {
              parentRef: { name: 'web' },
              controllerName: 'example.com/gateway-controller',
              conditions: [condition('Accepted', true), condition('ResolvedRefs', !refuse)]
            }
          ]
        }
      },
      { contentType: 'application/merge-patch+json' }
    )
  }

  const inputs = (): Record<string, string> => ({
    ...base,
    strategy: 'blue-green',
    router: 'gateway-api',
    environment: 'gw-status',
    'kubernetes-namespace': 'gw',
    'state-file': path.join(dir, 'gw-status.json'),
    'confirm-timeout': '5s'
  })

  test('a switch waits until the Gateway accepted the new generation; one the Gateway refuses is undone', async () => {
    const greenWeight = async () =>
      (await read(env, `${ROUTES}/recs`)).spec.rules[1].backendRefs[1].weight
    // A Gateway controller is there: it has accepted the route as the other tests left it.
    await answerAsController(0, false)
    const before = await greenWeight()
    const controller = answerAsController(700, false)
    const run = await runInProcess('release', { ...inputs(), version: 's1' })
    await controller
    if (process.env.PD_DEBUG) console.log(run.report.headline, run.log.join('\n'))
    expect(run.report.result).toBe('success')
    const confirmation = run.log.find(line => /accepted generation/.test(line))
    expect(confirmation).toMatch(/web accepted generation \d+/)
    const accepted = await greenWeight()
    expect(accepted).toBe(before === 100 ? 0 : 100)

    const refusing = answerAsController(700, true)
    const refused = await runInProcess('release', { ...inputs(), version: 's2' })
    await refusing
    expect(refused.report.result).toBe('failure')
    expect(refused.log.join('\n')).toMatch(
      /Gateway web reports ResolvedRefs False for generation \d+ \(BackendNotFound: service recs-blue has no endpoints\)/
    )
    expect(await greenWeight()).toBe(accepted)
  }, 60_000)
})

test('ingress-nginx: canary-match becomes canary-by-header on the canary Ingress during the steps, also at internal (0%), and is cleared by promote', async () => {
  const inputs = {
    ...base,
    router: 'ingress-nginx',
    environment: 'ing-match',
    'kubernetes-namespace': 'ing',
    'state-file': path.join(dir, 'ing-match.json'),
    'canary-match': 'header:X-Canary',
    'canary-steps': 'internal, pause, 100'
  }
  // Start from the main Ingress's color, so the canary is the one the canary Ingress serves.
  const back = await runInProcess('switch', {
    ...inputs,
    strategy: 'blue-green',
    'canary-steps': '1,100',
    'canary-match': '',
    'switch-to': 'blue',
    force: 'true'
  })
  expect(back.report.outputs['active-color']).toBe('blue')
  const run = await runInProcess('release', { ...inputs, version: 'm1' })
  expect(run.error?.message).toBeUndefined()
  expect(run.report.headline).toMatch(/paused at 0%/)
  const paused = await read(env, `${INGRESSES}/recs-canary`)
  expect(paused.metadata.annotations['nginx.ingress.kubernetes.io/canary-by-header']).toBe(
    'X-Canary'
  )
  expect(paused.metadata.annotations['nginx.ingress.kubernetes.io/canary-weight']).toBe('0')

  const promoted = await runInProcess('promote', inputs)
  expect(promoted.report.result).toBe('success')
  const live = await read(env, `${INGRESSES}/recs-canary`)
  expect(live.metadata.annotations['nginx.ingress.kubernetes.io/canary-by-header']).toBeUndefined()
  expect(live.metadata.annotations['nginx.ingress.kubernetes.io/canary-weight']).toBe('100')
}, 60_000)
