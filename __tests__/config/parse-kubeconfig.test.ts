import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { ConfigurationError } from '../../src/errors.js'
import { CONTROL_CHARACTERS, hostileText } from '../support/hostile.js'
import { parseKubeconfig } from '../../src/config/parse-kubeconfig.js'
import { parseSettings } from '../../src/config/parse-settings.js'
import { BASE_INPUTS, testMachine } from '../support/fakes.js'
import { problemsOf } from '../support/problems.js'
import { kubeconfigText } from '../support/kubeconfig.js'
import { describeAccess, requiredAccess } from '../../src/routers/kubernetes-access.js'

const machine = (files: Record<string, string> = {}, env: Record<string, string> = {}) => ({
  readFile: (file: string) => files[file],
  env
})

describe('parseKubeconfig', () => {
  test('content from a secret: server, CA, token and the context namespace', () => {
    const connection = parseKubeconfig(kubeconfigText({ namespace: 'shop' }), '', machine())
    expect(connection).toMatchObject({
      server: 'https://127.0.0.1:6443',
      context: 'lab',
      token: 'abc123',
      namespace: 'shop',
      insecure: false
    })
    expect(typeof connection === 'object' && connection.ca).toMatch(/^-----BEGIN CERTIFICATE-----/)
  })

  test('a path, $KUBECONFIG, and ~/.kube/config are read in that order', () => {
    const text = kubeconfigText()
    expect(parseKubeconfig('/k/config', '', machine({ '/k/config': text }))).toMatchObject({
      token: 'abc123'
    })
    expect(
      parseKubeconfig('', '', machine({ '/env/kc': text }, { KUBECONFIG: '/env/kc:/other' }))
    ).toMatchObject({ context: 'lab' })
    expect(
      parseKubeconfig('', '', machine({ '/home/me/.kube/config': text }, { HOME: '/home/me' }))
    ).toMatchObject({ context: 'lab' })
    expect(parseKubeconfig('', '', machine({}, { HOME: '/home/me' }))).toMatch(
      /^no kubeconfig: set kubeconfig .*"\/home\/me\/.kube\/config" cannot be read/
    )
  })

  test('what cannot be used is said with the fix', () => {
    expect(parseKubeconfig(kubeconfigText(), 'prod', machine())).toMatch(
      /context "prod" is not in the kubeconfig given; it has: "lab", "eks"/
    )
    expect(parseKubeconfig(kubeconfigText(), 'eks', machine())).toMatch(
      /credentials from a plugin \(exec or auth-provider\).*run it in a step before/
    )
    expect(parseKubeconfig('a: [\n', '', machine())).toMatch(/is not YAML/)
    expect(parseKubeconfig('/missing', '', machine())).toMatch(
      /"\/missing" cannot be read; give the kubeconfig's path or its content/
    )
    expect(parseKubeconfig(kubeconfigText().replace(/ {4}token: .*\n/, ''), '', machine())).toMatch(
      /has no token and no client certificate/
    )
  })
})

const k8sInputs = {
  ...BASE_INPUTS,
  router: 'kubernetes-service',
  kubeconfig: kubeconfigText({ namespace: 'shop' }),
  'kubernetes-app': 'recs'
}
const parse = (inputs: Record<string, string>, command = 'release') => {
  const all: Record<string, string> = { ...k8sInputs, ...inputs }
  return parseSettings(name => all[name], command, testMachine())
}

describe('Kubernetes settings', () => {
  test('names default from kubernetes-app; the namespace from the context', () => {
    const s = parse({ 'deploy-command': '', 'kubernetes-image': 'ghcr.io/acme/recs' })
    expect(s.kubernetes).toMatchObject({
      namespace: 'shop',
      names: { blue: 'recs-blue', green: 'recs-green' },
      service: 'recs',
      colorLabel: 'color',
      image: 'ghcr.io/acme/recs',
      progressDeadlineMs: 600_000
    })
    expect(parse({ router: 'ingress-nginx', strategy: 'canary' }).kubernetes).toMatchObject({
      ingress: 'recs',
      canaryIngress: 'recs-canary'
    })
    expect(
      parse({ router: 'gateway-api', strategy: 'canary', 'kubernetes-route-rule': '2' }).kubernetes
    ).toMatchObject({
      route: 'recs',
      routeRule: 2
    })
  })

  test('what cannot work is refused with its field, before anything', () => {
    expect(problemsOf(() => parse({ strategy: 'canary' }))).toContainEqual({
      field: 'router',
      message: expect.stringMatching(
        /cannot split traffic; a canary needs router gateway-api or ingress-nginx/
      )
    })
    expect(problemsOf(() => parse({ 'kubernetes-app': '' }))).toContainEqual({
      field: 'kubernetes-app',
      message:
        'missing: name the app (its objects default from it: <app>-blue, <app>-green, …), or set kubernetes-blue-name, kubernetes-green-name, kubernetes-service.'
    })
    expect(problemsOf(() => parse({ 'kubernetes-app': 'Recs_1' }))).toContainEqual({
      field: 'kubernetes-app',
      message: expect.stringMatching(/is not a Kubernetes name/)
    })
    expect(problemsOf(() => parse({ 'kubernetes-image': 'ghcr.io/acme/recs' }))).toContainEqual({
      field: 'kubernetes-image',
      message: 'set either kubernetes-image or deploy-command / deploy-script, not both.'
    })
    expect(
      problemsOf(() => parse({ 'deploy-command': '', 'kubernetes-image': 'ghcr.io/a b' }))
    ).toContainEqual({
      field: 'kubernetes-image',
      message: expect.stringMatching(/is not an image reference/)
    })
    expect(problemsOf(() => parse({ 'kubernetes-context': 'prod' }))).toContainEqual({
      field: 'kubernetes-context',
      message: expect.stringMatching(/context "prod" is not in/)
    })
    expect(
      problemsOf(() => parse({ 'kubernetes-route-rule': '99', router: 'gateway-api' }))
    ).toContainEqual({
      field: 'kubernetes-route-rule',
      message: expect.stringMatching(/is not a rule index \(0 to 15\)/)
    })
    expect(
      problemsOf(() => parse({ strategy: 'rolling', instances: 'a=127.0.0.1:1' }))
    ).toContainEqual({
      field: 'strategy',
      message: expect.stringMatching(/a Deployment rolls its own pods/)
    })
  })
})

test('a hostile kubernetes-image is refused on its field, or accepted as a plain image reference', () => {
  let refused = 0
  fc.assert(
    fc.property(
      hostileText('ghcr.io/acme/recs').filter(v => v.trim() !== ''),
      fc.constantFrom('v1', 'sha256:abc'),
      (image, version) => {
        try {
          const s = parse({ 'deploy-command': '', 'kubernetes-image': image, version })
          expect(s.kubernetes?.image).toMatch(/^[a-z0-9][a-z0-9._\-/:@{}]*$/i)
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigurationError)
          const problems = (error as ConfigurationError).problems
          expect(problems.map(p => p.field)).toContain(
            problems.some(p => p.field === 'version') ? 'version' : 'kubernetes-image'
          )
          for (const p of problems) expect(p.message).not.toMatch(CONTROL_CHARACTERS)
          refused++
        }
      }
    ),
    { numRuns: 500 }
  )
  expect(refused).toBeGreaterThan(25)
})

test('the access a command needs: the Deployments only where it deploys', () => {
  const withImage = { 'deploy-command': '', 'kubernetes-image': 'ghcr.io/acme/recs' }
  const needed = (command: string) => requiredAccess(parse(withImage, command)).map(describeAccess)
  expect(needed('release')).toEqual([
    'get services "recs" (core API group)',
    'patch services "recs" (core API group)',
    'get deployments "recs-blue" (API group apps)',
    'patch deployments "recs-blue" (API group apps)',
    'get deployments "recs-green" (API group apps)',
    'patch deployments "recs-green" (API group apps)'
  ])
  expect(needed('plan')).toEqual(needed('release'))
  expect(needed('rollback')).toEqual([
    'get services "recs" (core API group)',
    'patch services "recs" (core API group)'
  ])
})
