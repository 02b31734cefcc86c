import { parseWarmup } from './parse-warmup.js'
import { ConfigurationError } from '../errors.js'
import {
  assertPrintable,
  FieldReader,
  ParseEnvironment,
  RawSource,
  thisMachine
} from './field-reader.js'
import { parseCanary } from './parse-canary.js'
import { imageFor, imageProblem, parseKubernetes } from './parse-kubernetes.js'
import { parseGitHub } from './parse-github.js'
import { parseRouters } from './parse-routers.js'
import { parseRolling } from './parse-rolling.js'
import { CommandName, COMMANDS, HOOKS, Settings } from './settings.js'
import { parseStateFile } from './state-file.js'
import { parsePools } from './parse-pools.js'
import { quote, textProblem, versionProblem } from './text-rules.js'

export { thisMachine, withDefaults } from './field-reader.js'
export { parseArgv } from './lists.js'
export type { ParseEnvironment, RawSource } from './field-reader.js'

/**
 * Turns raw strings (action inputs, CLI flags, config file) into one validated Settings object.
 * Collects every problem before failing, so the user fixes them all in one go.
 */
export function parseSettings(
  raw: RawSource,
  commandOverride?: string,
  machine: ParseEnvironment = thisMachine
): Settings {
  assertPrintable(raw)
  const r = new FieldReader(raw, machine)
  const { get } = r

  const command = (commandOverride ?? get('command')) as CommandName
  if (!COMMANDS.includes(command))
    r.fail('command', `unknown command ${quote(command)}. Use one of: ${COMMANDS.join(', ')}.`)
  // canary-step, promote and abort only exist for canaries, rolling for fleets: they imply the strategy.
  const strategy = (
    ['canary-step', 'promote', 'abort'].includes(command)
      ? 'canary'
      : command === 'rolling'
        ? 'rolling'
        : get('strategy')
  ) as Settings['strategy']
  if (strategy !== 'blue-green' && strategy !== 'canary' && strategy !== 'rolling') {
    r.fail('strategy', `unknown strategy ${quote(strategy)}; use blue-green, canary or rolling.`)
  }
  const rolling = strategy === 'rolling'
  if (rolling && ['deploy-green', 'verify', 'switch'].includes(command)) {
    r.fail(
      'command',
      `${command} acts on a blue/green pair; a rolling update runs with command rolling (or release) and is undone with rollback.`
    )
  }
  const environment = get('environment')
  if (!/^[\w.\- /]{1,255}$/.test(environment)) {
    r.fail(
      'environment',
      `${quote(environment)} is not a usable environment name (letters, digits, . _ - / and spaces, at most 255).`
    )
  }

  const releases = command === 'release' || command === 'deploy-green' || command === 'rolling'
  // A fleet's rollback deploys the earlier versions again, instance by instance.
  const deploys = releases || (rolling && command === 'rollback')
  const version = get('version')
  if (releases && version === '')
    r.fail('version', 'missing: say which version is released, e.g. version: ${{ github.sha }}.')
  for (const field of ['version', 'rollback-version']) {
    const problem = get(field) === '' ? undefined : versionProblem(get(field))
    if (problem) r.fail(field, problem)
  }
  const reason = get('reason')
  const reasonProblem = textProblem(reason, { maxLength: 500 })
  if (reasonProblem) r.fail('reason', reasonProblem)

  const { pools, addresses, minHealthy, maxParallelDeploys } = parsePools(r, rolling)

  const deploy = r.argv('deploy-command', 'deploy-script')
  const byImage = get('kubernetes-image') !== ''
  if (byImage && deploy !== undefined)
    r.fail(
      'kubernetes-image',
      'set either kubernetes-image or deploy-command / deploy-script, not both.'
    )
  if (
    deploys &&
    deploy === undefined &&
    !byImage &&
    !r.problems.some(p => p.field.startsWith('deploy-'))
  ) {
    r.fail(
      'deploy-command',
      `missing: give the command that deploys a version to ${rolling ? 'one instance' : 'a color'} (deploy-command or deploy-script${rolling ? '' : ', or kubernetes-image on Kubernetes'}).`
    )
  }
  const smoke = r.argv('smoke-command', 'smoke-script')
  const warmup = parseWarmup(r)
  const contractCommand = r.argv('contract-command')
  const hooks = Object.fromEntries(
    HOOKS.flatMap(hook => {
      const argv = r.argv(`${hook}-command`)
      return argv ? [[hook, argv]] : []
    })
  )

  const healthPath = get('health-path')
  if (!/^\/[^\s#]*$/.test(healthPath))
    r.fail(
      'health-path',
      `${quote(healthPath)} is not a path: it must start with "/" and hold no spaces or "#" (e.g. /healthz).`
    )
  const expectStatus = Number(get('health-status'))
  if (!/^\d{3}$/.test(get('health-status')) || expectStatus < 100 || expectStatus > 599) {
    r.fail('health-status', `${quote(get('health-status'))} is not an HTTP status code (100-599).`)
  }
  let bodyMatch: RegExp | undefined
  if (get('health-body') !== '') {
    try {
      bodyMatch = new RegExp(get('health-body'))
    } catch (error) {
      r.fail('health-body', `not a valid regular expression: ${(error as Error).message}.`)
    }
  }

  const switchTo = get('switch-to') as Settings['switchTo']
  if (!['idle', 'previous', 'blue', 'green'].includes(switchTo)) {
    r.fail(
      'switch-to',
      `${quote(switchTo)} is not a switch target; use idle, previous, blue or green.`
    )
  }

  const canary = parseCanary(r)
  const routers = parseRouters(r, rolling)
  for (const field of ['sticky', 'canary-match'] as const) {
    if (!r.given(field)) continue
    if (strategy !== 'canary')
      r.fail(field, `applies to the steps of a canary; strategy is ${strategy}.`)
    // ingress-nginx has canary-match of its own (canary-by-header / canary-by-cookie).
    else if (field === 'canary-match' && routers.every(x => x.type === 'ingress-nginx')) continue
    else if (
      routers.some(x => x.type !== 'haproxy' && (x.type !== 'nginx' || x.nginxMode !== 'lua'))
    )
      r.fail(
        field,
        'needs router nginx with nginx-mode lua, or haproxy: their balancers hash each user into fixed buckets and read the header or cookie of every request (see examples/nginx/progressive-deploy-lua.conf, examples/haproxy/progressive-deploy-sticky.cfg).'
      )
    else if (
      routers.some(x => x.type === 'haproxy') &&
      !/^\/[\w./-]{1,255}$/.test(get('haproxy-map'))
    )
      r.fail(
        'haproxy-map',
        `${quote(get('haproxy-map'))} is not an absolute path (letters, digits and _ . / -): the map file of examples/haproxy/progressive-deploy-sticky.cfg.`
      )
    else if (pools.blue.length > 1 || pools.green.length > 1)
      r.fail(field, 'needs one instance per color (blue-address, green-address), not pools.')
  }
  const kubernetes = parseKubernetes(
    r,
    strategy,
    routers,
    pools.blue.length > 1 || pools.green.length > 1
  )
  if (kubernetes?.image && version !== '') {
    const problem = imageProblem(imageFor(kubernetes.image, version))
    if (problem) r.fail('version', problem)
  }
  const settings: Settings = {
    command,
    strategy,
    environment,
    version,
    addresses,
    pools,
    minHealthy,
    maxParallelDeploys,
    deploy,
    health: {
      path: healthPath,
      expectStatus,
      bodyMatch,
      intervalMs: r.durationMs('health-interval'),
      timeoutMs: r.durationMs('health-timeout'),
      deadlineMs: r.durationMs('health-deadline')
    },
    smoke,
    ...(warmup ? { warmup } : {}),
    hooks,
    contract: {
      ...(contractCommand ? { command: contractCommand } : {}),
      afterMs: r.durationMs('contract-after', { allowZero: true })
    },
    notifyWebhook: r.httpUrl('notify-webhook'),
    switchTo,
    confirmTimeoutMs: r.durationMs('confirm-timeout'),
    rollbackVersion: get('rollback-version'),
    reason,
    router: routers[0],
    routers,
    canary,
    rolling: parseRolling(r, rolling, canary),
    state: { type: 'file', file: get('state-file'), transientEnvironment: false },
    commitStatus: false,
    serviceUrl: r.httpUrl('service-url'),
    force: r.bool('force'),
    canaryMap: get('haproxy-map'),
    ...(kubernetes ? { kubernetes } : {})
  }
  const github = parseGitHub(get, machine, (field, message) => r.fail(field, message))
  const stateFile = parseStateFile(get('state-file'), machine, (field, message) =>
    r.fail(field, message)
  )
  if (r.problems.length > 0) throw new ConfigurationError(r.problems)
  return {
    ...settings,
    state: { ...github.state, file: stateFile },
    github: github.github,
    commitStatus: github.commitStatus
  }
}
