import { COMMAND_HANDLERS } from './commands/index.js'
import { CommitCheck, failed, Outcome } from './report/outcome.js'
import { outputsOf } from './report/outcome-outputs.js'
import { mark, markSteps } from './platform/timeline.js'
import { WebhookNotifier } from './platform/notifier.js'
import { notificationOf } from './report/notification.js'
import { RouterReading, withRouterTruth } from './report/router-truth.js'
import { CommandContext } from './commands/context.js'
import { withConfigFile } from './config/config-file.js'
import { BackendError, ConfigurationError, LeaseLost } from './errors.js'
import { parseSettings } from './config/parse-settings.js'
import { withYamlOnDemand } from './config/yaml.js'
import { Color, CommandName, Settings } from './config/settings.js'
import { settle } from './commands/shared/settle.js'
import { Host } from './host.js'
import { systemClock } from './platform/clock.js'
import { ExecCommandRunner } from './platform/command-runner.js'
import { createProviders } from './metrics/factory.js'
import { OctokitGitHubApi } from './platform/github-api.js'
import { NodeHttpClient } from './platform/http-client.js'
import { SocketHaproxyRuntime } from './platform/haproxy-socket.js'
import { HttpsKubeApi } from './platform/kube-api.js'
import { checkKubernetesAccess } from './commands/shared/kubernetes-access.js'
import { hostFiles } from './platform/host-files.js'
import { runInfo } from './platform/run-info.js'
import {
  GitHubCommitStatuses,
  noCommitStatuses,
  PLAN_CONTEXT,
  verifyContext
} from './state/commit-status.js'
import { renderMarkdown, renderText } from './report/render.js'
import { OutputName, Report } from './report/report.js'
import { createRouter } from './routers/factory.js'
import { reportInvalidPlan } from './run-invalid-plan.js'
import { createStateStore } from './state/factory.js'
import { RolloutStatusStore } from './state/with-rollout-status.js'

export interface RunResult {
  exitCode: 0 | 1
  /** Why it failed, for core.setFailed / stderr; '' on success. */
  message: string
}

/**
 * Runs one command for either host. Every failure becomes exit 1 with a message that says what
 * happened to traffic: configuration errors are raised before anything is changed.
 */
export async function run(host: Host): Promise<RunResult> {
  let settings: Settings
  try {
    settings = await withYamlOnDemand(() => parseSettings(withConfigFile(host.raw), host.command))
  } catch (error) {
    if ((host.command ?? host.raw('command')) === 'plan' && error instanceof ConfigurationError) {
      await reportInvalidPlan(host, error, publish)
    }
    return failure(host, error)
  }
  mark('settings')
  if (settings.github) host.maskSecret(settings.github.token)
  if (settings.notifyWebhook) host.maskSecret(settings.notifyWebhook)
  const kubeToken = settings.kubernetes?.connection.token
  if (kubeToken) host.maskSecret(kubeToken)
  const ctx = buildContext(settings, host)
  const notifier = settings.notifyWebhook
    ? new WebhookNotifier(settings.notifyWebhook, ctx.http, host.log)
    : undefined
  const notify = (ending: Outcome | 'start') => {
    const note = notificationOf(settings.command, settings.environment, ending, ctx.runUrl)
    if (note) notifier?.send(note)
  }
  notify('start')
  mark('commandStart')
  const { outcome, thrown } = await execute(ctx)
  mark('commandEnd')
  notify(outcome)
  markSteps(ctx.report.steps)
  await publish(host, ctx.report)
  await notifier?.settle()
  mark('published')
  // The headline, which says what the router holds, is also the message the step fails with.
  if (thrown !== undefined) return { ...failure(host, thrown), message: outcome.headline }
  return outcome.result === 'failure'
    ? { exitCode: 1, message: outcome.headline }
    : { exitCode: 0, message: '' }
}

/**
 * Runs the command and turns what it did into the report's ending and outputs, and its check
 * into a commit status: the one place that does, for every command and every ending.
 */
export async function execute(
  ctx: CommandContext
): Promise<{ outcome: Outcome; thrown?: unknown }> {
  let outcome: Outcome
  let thrown: unknown
  const before =
    ctx.settings.command === 'plan'
      ? undefined
      : await ctx.router.getWeights().catch(() => undefined)
  try {
    if (SETTLES.includes(ctx.settings.command)) {
      await checkKubernetesAccess(ctx)
      await settle(ctx)
    }
    outcome = await COMMAND_HANDLERS[ctx.settings.command](ctx)
  } catch (error) {
    thrown = error
    outcome = failed(describe(error))
  }
  if (ctx.settings.command !== 'plan') {
    // Nothing changed after a refusal: its message stands, the outputs still tell the truth.
    const failure =
      thrown === undefined || thrown instanceof ConfigurationError ? undefined : describe(thrown)
    const reading = { ...(await readRouter(ctx)), ...(before ? { before } : {}) }
    outcome = withRouterTruth(outcome, reading, ctx.settings.strategy, failure)
  }
  ctx.report.conclude(outcome.result, outcome.headline, outputsOf(outcome, ctx.settings))
  if (outcome.check && ctx.settings.commitStatus) await postCheck(ctx, outcome.check)
  return thrown === undefined ? { outcome } : { outcome, thrown }
}

/** The router as it stands, and the records as this process knows them (no API call). */
async function readRouter(ctx: CommandContext): Promise<RouterReading> {
  const state = await ctx.store.known(ctx.settings.environment).catch(() => undefined)
  try {
    return { weights: await ctx.router.getWeights(), ...(state ? { state } : {}) }
  } catch (error) {
    return { error: (error as Error).message, ...(state ? { state } : {}) }
  }
}

/** Commands that act on an environment begin by bringing its records in line with the router. */
const SETTLES: readonly CommandName[] = [
  'release',
  'deploy-green',
  'verify',
  'switch',
  'canary-step',
  'promote',
  'abort',
  'rollback'
]

/** A check's result on the commit under test: verify on its own, or plan. */
async function postCheck(ctx: CommandContext, check: CommitCheck): Promise<void> {
  const context = check.kind === 'plan' ? PLAN_CONTEXT : verifyContext(ctx.settings.environment)
  await ctx.statuses.post(context, check.passed ? 'success' : 'failure', check.description)
}

export function buildContext(settings: Settings, host: Host): CommandContext {
  const clock = systemClock
  const runner = new ExecCommandRunner()
  const http = new NodeHttpClient()
  const run = runInfo()
  const github = settings.github
  const api = github ? new OctokitGitHubApi(github, clock, host.log) : undefined
  const statuses =
    api && github && settings.commitStatus
      ? new GitHubCommitStatuses(api, github.sha, run.runUrl, host.log)
      : noCommitStatuses
  const report = new Report(`${settings.command} · ${settings.environment}`, clock, host.log)
  if (run.runUrl) report.links.push({ label: 'workflow run', url: run.runUrl })
  if (github && settings.state.type === 'github') {
    report.links.push({
      label: `deployments of ${settings.environment}`,
      url: `${github.serverUrl}/${github.owner}/${github.repo}/deployments/${encodeURIComponent(settings.environment)}`
    })
  }
  const kube = settings.kubernetes ? new HttpsKubeApi(settings.kubernetes.connection) : undefined
  return {
    settings,
    router: createRouter(settings, {
      runner,
      http,
      clock,
      log: host.log,
      ...(kube ? { kube } : {})
    }),
    ...(kube ? { kube } : {}),
    store: new RolloutStatusStore(
      createStateStore(settings, { clock, log: host.log, api, runUrl: run.runUrl }),
      statuses,
      host.log
    ),
    runner,
    http,
    clock,
    log: host.log,
    report,
    statuses,
    providers: createProviders({
      http,
      clock,
      runner,
      prometheusUrl: settings.canary.prometheusUrl,
      probeUrl: settings.router.probeUrl,
      files: hostFiles(settings.router.commandPrefix, runner),
      nginxAccessLog: settings.canary.nginxAccessLog,
      ...(settings.router.type === 'haproxy'
        ? {
            haproxy: {
              runtime: new SocketHaproxyRuntime(settings.router.haproxySocket),
              backend: settings.router.haproxyBackend,
              // A color's server(s) (a pool's are named after its instances), or (a rolling
              // update) the instance's own name.
              serversOf: (target: string) => {
                const pool = settings.pools[target as Color] ?? []
                if (pool.length > 1) return pool.map(m => m.name)
                return [settings.router.haproxyServers[target as Color] ?? target]
              }
            }
          }
        : {})
    }),
    ...run
  }
}

export async function publish(host: Host, report: Report): Promise<void> {
  for (const [name, value] of Object.entries(report.outputs))
    host.setOutput(name as OutputName, value ?? '')
  await host.writeSummary(renderMarkdown(report), renderText(report))
}

function failure(host: Host, error: unknown): RunResult {
  const message = describe(error)
  if (
    !(error instanceof ConfigurationError) &&
    !(error instanceof BackendError) &&
    !(error instanceof LeaseLost)
  ) {
    host.log.debug((error as Error).stack ?? String(error))
  }
  return { exitCode: 1, message }
}

/** The user-facing sentence for an error, by kind. */
function describe(error: unknown): string {
  if (error instanceof ConfigurationError) return `${error.message}\nNothing was changed.`
  if (error instanceof BackendError || error instanceof LeaseLost) return error.message
  return `unexpected error (please report it): ${(error as Error).message ?? String(error)}`
}
