import { describe, expect, test } from '@jest/globals'
import { KubeObject, refusal } from '../../src/platform/kube-api.js'
import { findColorRule, routeAcceptance, ruleWeights } from '../../src/routers/http-route.js'
import { canaryShare, ingressColor } from '../../src/routers/canary-ingress.js'
import {
  annotationOps,
  pointer,
  warnIfChangedElsewhere,
  wholeSplit
} from '../../src/routers/kubernetes-objects.js'
import { deploymentProgress } from '../../src/checks/deployment-progress.js'
import { imageFor, imageProblem } from '../../src/config/parse-kubernetes.js'
import { MemoryLogger } from '../../src/platform/logger.js'

const names = { blue: 'recs-blue', green: 'recs-green' }
const obj = (parts: {
  metadata?: Partial<KubeObject['metadata']>
  spec?: Record<string, unknown>
  status?: Record<string, unknown>
}): KubeObject => ({
  ...parts,
  metadata: { name: 'x', ...parts.metadata }
})

describe('HTTPRoute rules', () => {
  const route = obj({
    spec: {
      rules: [
        { backendRefs: [{ name: 'admin' }] },
        { backendRefs: [{ name: 'recs-green', weight: 5 }, { name: 'recs-blue' }] }
      ]
    }
  })
  test('the rule naming both colors is found, wherever they sit in it; an absent weight is 1', () => {
    const rule = findColorRule(route, names, undefined)
    expect(rule).toEqual({ index: 1, refs: { blue: 1, green: 0 } })
    expect(ruleWeights(route, rule as never)).toEqual({ blue: 1, green: 5 })
  })
  test('no rule, two rules, a wrong index, and a backendRef of another kind are said', () => {
    expect(findColorRule(obj({ spec: { rules: [] } }), names, undefined)).toMatch(
      /no rule of the route has backendRefs to both recs-blue and recs-green/
    )
    const both = (route.spec?.rules as object[])[1]
    const twice = obj({ spec: { rules: [both, both] } })
    expect(findColorRule(twice, names, undefined)).toMatch(
      /rules 0 and 1 both name .*set kubernetes-route-rule/
    )
    expect(findColorRule(twice, names, 1)).toMatchObject({ index: 1 })
    expect(findColorRule(route, names, 0)).toMatch(/rule 0 has no backendRef to Service recs-blue/)
    expect(findColorRule(route, names, 4)).toMatch(/has 2 rules; kubernetes-route-rule 4/)
    const other = obj({
      spec: {
        rules: [
          { backendRefs: [{ name: 'recs-blue', kind: 'ServiceImport' }, { name: 'recs-green' }] }
        ]
      }
    })
    expect(findColorRule(other, names, undefined)).toMatch(/no rule/)
  })
  test("a controller's status: none, pending for an older generation, accepted, rejected", () => {
    const at = (generation: number, conditions: object[]) =>
      obj({
        metadata: { name: 'r', generation },
        status: { parents: [{ parentRef: { name: 'web' }, conditions }] }
      })
    const ok = (g: number) => [
      { type: 'Accepted', status: 'True', observedGeneration: g },
      { type: 'ResolvedRefs', status: 'True', observedGeneration: g }
    ]
    expect(routeAcceptance(obj({ metadata: { generation: 3 } })).state).toBe('no-controller')
    expect(routeAcceptance(at(3, ok(2)))).toEqual({
      state: 'pending',
      detail: 'Gateway web has not observed generation 3 yet'
    })
    expect(routeAcceptance(at(3, ok(3)))).toEqual({
      state: 'accepted',
      detail: 'web accepted generation 3'
    })
    expect(
      routeAcceptance(
        at(3, [
          {
            type: 'Accepted',
            status: 'False',
            observedGeneration: 3,
            reason: 'NotAllowedByListeners',
            message: 'no'
          }
        ])
      )
    ).toEqual({
      state: 'rejected',
      detail: 'Gateway web reports Accepted False for generation 3 (NotAllowedByListeners: no)'
    })
  })
})

describe('ingress-nginx canary', () => {
  const ingress = (service: string, annotations?: Record<string, string>) =>
    obj({
      metadata: { annotations },
      spec: { rules: [{ http: { paths: [{ backend: { service: { name: service } } }] } }] }
    })
  test("an Ingress's color, and the canary's share over canary-weight-total", () => {
    expect(ingressColor(ingress('recs-blue'), names)).toEqual({ color: 'blue' })
    expect(ingressColor(ingress('other'), names)).toEqual({
      problem: expect.stringMatching(
        /sends requests to other; it must send them all to one color's Service/
      )
    })
    const canary = (a: Record<string, string>) =>
      canaryShare(ingress('recs-green', { 'nginx.ingress.kubernetes.io/canary': 'true', ...a }))
    expect(canary({})).toEqual({ percent: 0, weight: 0, total: 100 })
    expect(
      canary({
        'nginx.ingress.kubernetes.io/canary-weight': '25',
        'nginx.ingress.kubernetes.io/canary-weight-total': '50'
      })
    ).toEqual({ percent: 50, weight: 25, total: 50 })
    expect(canary({ 'nginx.ingress.kubernetes.io/canary-weight': '120' })).toMatch(
      /not a whole number from 0 to 100/
    )
    expect(canaryShare(ingress('recs-green'))).toMatch(
      /has no nginx.ingress.kubernetes.io\/canary: "true"/
    )
  })
})

describe('patches', () => {
  test('splits are whole percents of the two colors summing to 100', () => {
    expect(wholeSplit({ blue: 95, green: 5 }, ['blue', 'green'])).toEqual({ blue: 95, green: 5 })
    expect(wholeSplit({ green: 100 }, ['blue', 'green'])).toEqual({ blue: 0, green: 100 })
    expect(() => wholeSplit({ blue: 99.5, green: 0.5 }, ['blue', 'green'])).toThrow(/whole percent/)
    expect(() => wholeSplit({ blue: NaN, green: 100 }, ['blue', 'green'])).toThrow(/whole percent/)
    expect(() => wholeSplit({ blue: 10, green: 10 }, ['blue', 'green'])).toThrow(
      /add up to 20, not 100/
    )
    expect(() => wholeSplit({ red: 100 }, ['blue', 'green'])).toThrow(/no such color: red/)
  })
  test('annotations are set one by one, or added as a map guarded by the resourceVersion', () => {
    expect(pointer('app.example.com/color~x')).toBe('app.example.com~1color~0x')
    expect(annotationOps(obj({ metadata: { annotations: {} } }), { blue: 5, green: 95 })).toEqual([
      { op: 'add', path: '/metadata/annotations/progressive-deploy~1live-color', value: 'green' },
      {
        op: 'add',
        path: '/metadata/annotations/progressive-deploy~1weights',
        value: 'blue=5,green=95'
      }
    ])
    expect(annotationOps(obj({ metadata: { resourceVersion: '42' } }), { blue: 100 })).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '42' },
      {
        op: 'add',
        path: '/metadata/annotations',
        value: { 'progressive-deploy/live-color': 'blue', 'progressive-deploy/weights': 'blue=100' }
      }
    ])
  })
  test('fields changed by hand since our last write are warned about', () => {
    const log = new MemoryLogger()
    const o = obj({
      metadata: { annotations: { 'progressive-deploy/weights': 'blue=100,green=0' } }
    })
    warnIfChangedElsewhere(o, { blue: 100, green: 0 }, 'Service recs', log)
    expect(log.lines).toEqual([])
    warnIfChangedElsewhere(o, { blue: 0, green: 100 }, 'Service recs', log)
    expect(log.lines.join('\n')).toMatch(
      /Service recs holds blue=0,green=100, but progressive-deploy last set blue=100,green=0/
    )
  })
  test("the API server's refusals say what to do", () => {
    const ref = {
      group: 'apps',
      version: 'v1',
      resource: 'deployments',
      namespace: 'shop',
      name: 'recs-blue'
    }
    expect(refusal(403, '{"reason":"Forbidden","message":"nope"}', 'patch', ref).message).toBe(
      'Kubernetes refused to patch deployments "recs-blue" in namespace "shop" (403 Forbidden): the Role bound to this user needs verb "patch" on resource "deployments" in API group "apps"; see the README\'s RBAC Role for this router. (the API server said: nope)'
    )
    expect(refusal(404, '', 'get', ref).message).toMatch(
      /^deployments "recs-blue" in namespace "shop" does not exist \(404\): create it first/
    )
    expect(refusal(401, '', 'get', ref).message).toMatch(
      /did not accept the kubeconfig's credentials \(401\)/
    )
  })
})

describe('Deployment rollouts', () => {
  const d = (generation: number, replicas: number, status: Record<string, unknown>) =>
    obj({ metadata: { generation }, spec: { replicas }, status })
  test('done only when the newest generation is observed and every replica updated and available', () => {
    expect(deploymentProgress(d(2, 3, { observedGeneration: 1 })).detail).toBe(
      'waiting for the controller to observe generation 2'
    )
    expect(
      deploymentProgress(d(2, 3, { observedGeneration: 2, updatedReplicas: 1, replicas: 3 })).detail
    ).toBe('1 of 3 replicas updated')
    expect(
      deploymentProgress(d(2, 3, { observedGeneration: 2, updatedReplicas: 3, replicas: 4 })).detail
    ).toBe('1 old replicas are still terminating')
    expect(
      deploymentProgress(
        d(2, 3, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 })
      ).detail
    ).toBe('2 of 3 updated replicas available')
    expect(
      deploymentProgress(
        d(2, 3, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 })
      ).state
    ).toBe('done')
    expect(
      deploymentProgress(
        d(2, 3, {
          observedGeneration: 2,
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'timed out'
            }
          ]
        })
      )
    ).toEqual({ state: 'failed', detail: "the Deployment's progress deadline passed (timed out)" })
  })
  test('the image a version deploys', () => {
    expect(imageFor('ghcr.io/acme/recs', 'v1.2')).toBe('ghcr.io/acme/recs:v1.2')
    expect(imageFor('ghcr.io/acme/recs', 'sha256:abc')).toBe('ghcr.io/acme/recs@sha256:abc')
    expect(imageFor('ghcr.io/acme/recs:{version}-slim', 'v1')).toBe('ghcr.io/acme/recs:v1-slim')
    expect(imageProblem('ghcr.io/acme/recs:v1;rm')).toMatch(/is not an image reference/)
  })
})
