import { describeSteps } from '../../config/canary-steps.js'
import { isKubernetesRouter } from '../../config/parse-kubernetes.js'
import { formatDuration } from '../../config/duration.js'
import { COLORS, RouterSettings, Settings } from '../../config/settings.js'
import { planBatches } from '../../config/rolling-batches.js'
import { describeBatches } from '../../strategies/rolling.js'
import { CommandContext } from '../context.js'
import { describeGate } from './describe-gate.js'
import { quote } from '../../config/text-rules.js'
import { checkKubernetesAccess } from './kubernetes-access.js'
import { failed, nothingToDo, Outcome } from '../../report/outcome.js'

/** Validates the settings (already done by the time this runs) and shows what a release would do. */
export async function plan(ctx: CommandContext): Promise<Outcome> {
  const { settings, report } = ctx
  report.facts = describePlan(settings)
  // The Lua balancer is set up once, outside any release: plan finds it missing, with the fix.
  const onKubernetes = isKubernetesRouter(settings.router.type)
  if (onKubernetes || settings.routers.some(r => r.type === 'nginx' && r.nginxMode === 'lua')) {
    const problem = await ctx.router.getWeights().then(
      () => undefined,
      (error: Error) => error.message
    )
    const access = problem
      ? undefined
      : await checkKubernetesAccess(ctx).then(
          () => undefined,
          (error: Error) => error.message.replace(/^kubeconfig: /, '')
        )
    if (access)
      return failed(`the plan is valid, but ${access}`, {
        check: { kind: 'plan', passed: false, description: 'Kubernetes Role lacks a permission' }
      })
    if (problem)
      return failed(`the plan is valid, but the load balancer is not ready: ${problem}`, {
        check: {
          kind: 'plan',
          passed: false,
          description: onKubernetes
            ? 'Kubernetes objects not readable'
            : 'nginx Lua balancer not set up'
        }
      })
  }
  const flow =
    settings.strategy === 'canary'
      ? `deploy-green → verify → canary ${describeSteps(settings.canary.steps)}`
      : settings.strategy === 'rolling'
        ? describeBatches(
            planBatches(
              settings.rolling.instances.map(i => i.name),
              settings.rolling.batchSize
            ).length,
            settings.rolling.batchSize
          )
        : 'deploy-green → verify → switch'
  return nothingToDo(
    `valid ${settings.strategy} plan for "${settings.environment}": ${flow}, router ${settings.router.type}.`,
    {
      check: {
        kind: 'plan',
        passed: true,
        description: `plan ok: ${settings.strategy === 'blue-green' ? 'blue/green' : settings.strategy} into ${settings.environment}, gates: ${gates(settings).join(', ')}`
      }
    }
  )
}

/** The plan as rows a person can check before anything runs. Pure. */
export function describePlan(s: Settings): [string, string][] {
  if (s.strategy === 'rolling') return [...describeRolling(s), ...common(s)]
  const rows: [string, string][] =
    s.strategy === 'canary'
      ? [
          [
            'strategy',
            'canary: deploy to the idle color, verify it, then shift traffic step by step while gates judge it'
          ],
          [
            'steps',
            `1. deploy-green → 2. verify → 3. canary ${describeSteps(s.canary.steps)} (a failed gate aborts: all traffic back to stable)`
          ],
          ...s.canary.metrics.map((m): [string, string] => [
            `gate: ${m.name}`,
            describeGate(m, s.canary)
          ]),
          [
            'analysis',
            `a measurement every ${formatDuration(s.canary.analysisIntervalMs)} during each step's bake`
          ]
        ]
      : [
          [
            'strategy',
            'blue-green: deploy to the idle color, verify it, switch 100% of traffic at once'
          ],
          [
            'steps',
            '1. deploy-green → 2. verify → 3. switch (rollback: switch back, or redeploy the last good version)'
          ]
        ]
  return [...rows, ['colors', describeColors(s)], ...common(s)]
}

function describeRolling(s: Settings): [string, string][] {
  const r = s.rolling
  const batches = planBatches(
    r.instances.map(i => i.name),
    r.batchSize
  )
  return [
    [
      'strategy',
      'rolling: per batch drain → deploy → health check → back into rotation → min-ready'
    ],
    ['batches', batches.map((b, i) => `${i + 1}. ${b.join(', ')}`).join(' · ')],
    [
      'capacity',
      `at most ${r.maxUnavailable} of ${r.instances.length} out of rotation (never fewer than ${r.instances.length - r.maxUnavailable} serving)`
    ],
    [
      'timing',
      `drain-timeout ${formatDuration(r.drainTimeoutMs)}, min-ready ${formatDuration(r.minReadyMs)}, progress-deadline ${formatDuration(r.progressDeadlineMs)} per batch`
    ],
    [
      'on failure',
      r.onFailure === 'rollback'
        ? 'put updated instances back on their previous version'
        : 'stop; leave the failed batch out of rotation'
    ],
    [
      'when a run was interrupted',
      r.onInterrupted === 'resume' ? 'resume after the last finished batch' : 'undo it'
    ],
    ...r.gates.map((m): [string, string] => [`gate: ${m.name}`, describeGate(m, s.canary)]),
    ...r.instances.map((i): [string, string] => [`instance ${i.name}`, i.address])
  ]
}

function common(s: Settings): [string, string][] {
  const h = s.health
  return [
    ['environment', s.environment],
    [
      'deploy',
      s.kubernetes?.image
        ? `kubernetes-image ${s.kubernetes.image} on the idle color's Deployment, then wait for its rollout (progress-deadline ${formatDuration(s.kubernetes.progressDeadlineMs)})`
        : s.deploy
          ? s.deploy.join(' ')
          : '(none given; deploy-green and release need one)'
    ],
    [
      'gate: health',
      `GET http://<${s.strategy === 'rolling' ? 'instance' : 'color'} address>${h.path} → ${h.expectStatus}${h.bodyMatch ? ` and body /${h.bodyMatch.source}/` : ''}; every ${formatDuration(h.intervalMs)}, ${formatDuration(h.timeoutMs)} per check, give up after ${formatDuration(h.deadlineMs)}`
    ],
    ...(s.strategy === 'rolling'
      ? []
      : ([['gate: smoke test', s.smoke ? s.smoke.join(' ') : 'none']] as [string, string][])),
    ...s.routers.flatMap((router, i): [string, string][] => {
      // Several load balancers: a row pair each, named.
      const label = s.routers.length > 1 ? ` ${router.name ?? `lb-${i + 1}`}` : ''
      return [
        [`router${label}`, describeRouter(s, router)],
        [
          `traffic confirmation${label}`,
          router.probeUrl
            ? `${router.probeUrl} (header ${router.probeHeader}), within ${formatDuration(s.confirmTimeoutMs)}`
            : 'none (set probe-url)'
        ]
      ]
    }),
    [
      'state',
      s.state.type === 'github' && s.github
        ? `GitHub deployments of ${s.github.owner}/${s.github.repo}`
        : `file ${s.state.file}`
    ]
  ]
}

function gates(s: Settings): string[] {
  return [
    'health',
    ...(s.smoke ? ['smoke'] : []),
    ...(s.strategy === 'canary' ? s.canary.metrics.map(m => m.name) : []),
    ...(s.strategy === 'rolling' ? s.rolling.gates.map(m => m.name) : []),
    ...(s.router.probeUrl ? ['traffic confirmation'] : [])
  ]
}

/** Each color's address, or its pool: every instance, and how many must be healthy. */
function describeColors(s: Settings): string {
  const pooled = COLORS.some(c => s.pools[c].length > 1)
  if (!pooled) return `blue ${s.addresses.blue} · green ${s.addresses.green}`
  const pools = COLORS.map(
    c => `${c}: ${s.pools[c].map(m => `${m.name} ${m.address}`).join(', ')}`
  ).join(' · ')
  const healthy = s.minHealthy === undefined ? 'all' : `${s.minHealthy}`
  return `${pools} (healthy needed per color: ${healthy}; deploys at once: ${s.maxParallelDeploys})`
}

function describeRouter(s: Settings, router: RouterSettings): string {
  const k8s = s.kubernetes
  if (k8s && router.type === 'kubernetes-service')
    return `kubernetes-service: Service ${k8s.service} selects ${k8s.colorLabel}=blue or green (Deployments ${k8s.names.blue}, ${k8s.names.green}) in ${k8s.namespace}, context ${quote(k8s.connection.context)}`
  if (k8s && router.type === 'gateway-api')
    return `gateway-api: HTTPRoute ${k8s.route}${k8s.routeRule !== undefined ? ` rule ${k8s.routeRule}` : ''}, backendRefs ${k8s.names.blue} and ${k8s.names.green} in ${k8s.namespace}, context ${quote(k8s.connection.context)}`
  if (k8s && router.type === 'ingress-nginx')
    return `ingress-nginx: canary-weight of Ingress ${k8s.canaryIngress} beside ${k8s.ingress} (Services ${k8s.names.blue}, ${k8s.names.green}) in ${k8s.namespace}, context ${quote(k8s.connection.context)}`
  const via = router.commandPrefix.length ? `, via "${router.commandPrefix.join(' ')}"` : ''
  if (router.type === 'nginx' && router.nginxMode === 'lua')
    return `nginx (lua): the split at the admin socket ${router.luaSocket}, no reloads${via}`
  return router.type === 'haproxy'
    ? `haproxy: backend ${router.haproxyBackend} (servers ${s.strategy === 'rolling' ? 'named after the instances' : COLORS.some(c => s.pools[c].length > 1) ? 'named after the pool instances' : `${router.haproxyServers.blue}, ${router.haproxyServers.green}`}) via ${router.haproxySocket}`
    : `nginx: upstream "${router.upstreamName}" in ${router.upstreamFile}${router.configFile ? `, config ${router.configFile}` : ''}${via}`
}
