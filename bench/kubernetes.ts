// npm run bench: the Kubernetes routers against real API servers (the k8s-testenv kit:
// kube-apiserver 1.20 and apiextensions-apiserver 0.36 behind one TLS front, on this machine).
// Per router: API requests and time of a switch (all traffic to the other color), of a canary
// step and of an abort, each a change plus its confirmation (the object read back), as the
// release commands make them. No Gateway controller writes the route's status here, so a
// gateway-api confirmation is one read. Writes bench/results/kubernetes.json. Measures; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseSettings } from '../src/config/parse-settings.js'
import { KubernetesSettings } from '../src/config/settings.js'
import { HttpsKubeApi } from '../src/platform/kube-api.js'
import { MemoryLogger } from '../src/platform/logger.js'
import { systemClock } from '../src/platform/clock.js'
import { GatewayApiRouter } from '../src/routers/gateway-api-router.js'
import { IngressNginxRouter } from '../src/routers/ingress-nginx-router.js'
import { KubernetesServiceRouter } from '../src/routers/kubernetes-service-router.js'
import { TrafficRouter, Weights } from '../src/routers/traffic-router.js'
import {
  create,
  createNamespace,
  installGatewayApi,
  service,
  startK8s
} from '../__tests__/support/k8s-env.js'
import { benchRun, writeResult } from './run-id.js'
import { median, quantile, round } from './stats.js'
import { loadYamlParser } from '../src/config/yaml.js'

// These call the settings parsers directly (run() loads the YAML parser on demand).
await loadYamlParser()

const RUNS = 20
const STEPS = [1, 5, 20, 50, 100]

const env = await startK8s()
const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-bench-k8s-'))
await installGatewayApi(env)
await createNamespace(env, 'bench')
for (const color of ['blue', 'green'])
  await create(
    env,
    '/api/v1/namespaces/bench/services',
    service(`recs-${color}`, { app: 'recs', color })
  )
await create(
  env,
  '/api/v1/namespaces/bench/services',
  service('recs', { app: 'recs', color: 'blue' })
)
await create(env, '/apis/gateway.networking.k8s.io/v1/namespaces/bench/httproutes', {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'recs' },
  spec: {
    parentRefs: [{ name: 'web' }],
    rules: [
      {
        backendRefs: [
          { name: 'recs-blue', port: 80, weight: 100 },
          { name: 'recs-green', port: 80, weight: 0 }
        ]
      }
    ]
  }
})
const ingress = (name: string, backend: string, annotations: Record<string, string> = {}) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, annotations },
  spec: { defaultBackend: { service: { name: backend, port: { number: 80 } } } }
})
await create(
  env,
  '/apis/networking.k8s.io/v1/namespaces/bench/ingresses',
  ingress('recs', 'recs-blue')
)
await create(
  env,
  '/apis/networking.k8s.io/v1/namespaces/bench/ingresses',
  ingress('recs-canary', 'recs-green', { 'nginx.ingress.kubernetes.io/canary': 'true' })
)

function routerFor(type: string): { router: TrafficRouter; api: HttpsKubeApi } {
  const inputs: Record<string, string> = {
    router: type,
    strategy: type === 'kubernetes-service' ? 'blue-green' : 'canary',
    kubeconfig: env.kubeconfig,
    'kubernetes-namespace': 'bench',
    'kubernetes-app': 'recs',
    'blue-address': '127.0.0.1:1',
    'green-address': '127.0.0.1:2',
    'state-file': path.join(dir, 'state.json')
  }
  const k8s = parseSettings(name => inputs[name], 'status').kubernetes as KubernetesSettings
  const api = new HttpsKubeApi(k8s.connection)
  const log = new MemoryLogger()
  const router =
    type === 'gateway-api'
      ? new GatewayApiRouter(api, k8s, undefined, systemClock, 10_000, log)
      : type === 'ingress-nginx'
        ? new IngressNginxRouter(api, k8s, undefined, log)
        : new KubernetesServiceRouter(api, k8s, undefined, log)
  return { router, api }
}

interface Sample {
  ms: number[]
  requests: number[]
}

/** One change and its confirmation, as a command makes them: the time and the API requests. */
async function change(
  router: TrafficRouter,
  api: HttpsKubeApi,
  weights: Weights,
  into: Sample
): Promise<void> {
  const requests = api.requests
  const started = performance.now()
  await router.setWeights(weights)
  const confirmation = await router.verify(weights)
  if (confirmation.held !== true) throw new Error(confirmation.detail)
  into.ms.push(performance.now() - started)
  into.requests.push(api.requests - requests)
}

const summary = (s: Sample) =>
  s.ms.length === 0
    ? undefined
    : {
        runs: s.ms.length,
        medianMs: round(median(s.ms)),
        p95Ms: round(quantile(s.ms, 0.95)),
        requests: median(s.requests)
      }

const routers = []
for (const type of ['kubernetes-service', 'gateway-api', 'ingress-nginx']) {
  const { router, api } = routerFor(type)
  await router.getWeights() // the first request opens the TLS connection; measured ones reuse it
  const switches: Sample = { ms: [], requests: [] }
  const steps: Sample = { ms: [], requests: [] }
  const aborts: Sample = { ms: [], requests: [] }
  for (let i = 0; i < RUNS; i++) {
    const to = i % 2 === 0 ? 'green' : 'blue'
    await change(
      router,
      api,
      { blue: to === 'blue' ? 100 : 0, green: to === 'green' ? 100 : 0 },
      switches
    )
  }
  if (type !== 'kubernetes-service') {
    for (let i = 0; i < RUNS / 4; i++) {
      for (const w of STEPS.slice(0, -1))
        await change(router, api, { blue: 100 - w, green: w }, steps)
      await change(router, api, { blue: 100, green: 0 }, aborts)
    }
  }
  routers.push({
    router: type,
    switch: summary(switches),
    canaryStep: summary(steps),
    abort: summary(aborts)
  })
  console.log(`kubernetes: ${type} done`)
}

writeResult('kubernetes', {
  ...benchRun(),
  setup:
    'k8s-testenv on this machine (kube-apiserver v1.20.2, apiextensions-apiserver v0.36.4, etcd 3.4, nginx TLS front); one kept-alive TLS connection per router; a change = the guarded JSON patch and its confirmation (read back)',
  routers
})
await env.stop()
rmSync(dir, { recursive: true, force: true })
