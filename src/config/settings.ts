import { MetricSpec } from '../metrics/metric-spec.js'
import { CanaryStep } from './canary-steps.js'
import { Argv } from '../platform/command-runner.js'
import { KubeConnection } from '../platform/kube-api.js'

/** The two colors of a blue/green service. */
export type Color = 'blue' | 'green'
export const COLORS: readonly Color[] = ['blue', 'green']

export type CommandName =
  | 'release'
  | 'deploy-green'
  | 'verify'
  | 'switch'
  | 'canary-step'
  | 'promote'
  | 'abort'
  | 'rolling'
  | 'rollback'
  | 'status'
  | 'plan'
  | 'contract'
export const COMMANDS: readonly CommandName[] = [
  'release',
  'deploy-green',
  'verify',
  'switch',
  'canary-step',
  'promote',
  'abort',
  'rolling',
  'rollback',
  'status',
  'plan',
  'contract'
]

export type { Argv, KubeConnection }

/** Everything a command needs, read and validated once (config/parse-settings.ts). */
export interface Settings {
  command: CommandName
  strategy: 'blue-green' | 'canary' | 'rolling'
  /** Key of the rollout state; one rollout at a time per environment. */
  environment: string
  /** Version to deploy; '' when the command does not deploy. */
  version: string
  /** host:port of each color (its first instance's where the color is a pool). */
  addresses: Record<Color, string>
  /** Each color's instances: one, or a pool (blue-addresses / green-addresses). */
  pools: Record<Color, Instance[]>
  /** Healthy instances a color needs after a deploy; undefined: all of them. */
  minHealthy?: number
  /** Deploys to a pool's instances at once, at most. */
  maxParallelDeploys: number
  /** How to deploy a version to a color; undefined when no deploy command was given. */
  deploy?: Argv
  health: HealthSettings
  /** Optional smoke test run by verify. */
  smoke?: Argv
  /** Where start, pause, promote, abort, rollback and finish are posted ('' = nowhere). */
  notifyWebhook: string
  /** The contract half of expand/contract: its command, and how long the release must have been live. */
  contract: { command?: Argv; afterMs: number }
  /** Commands run around traffic moves (migrations, cache flips, notices). */
  hooks: Partial<Record<HookName, Argv>>
  /** Optional warm-up of the idle color before its first traffic (switch, first canary step). */
  warmup?: WarmupSettings
  /** Target of `switch`. */
  switchTo: 'idle' | 'previous' | Color
  /** Deadline for "new requests reach the target" after a weight change. */
  confirmTimeoutMs: number
  /** Version `rollback` returns to; '' = the last known good one. */
  rollbackVersion: string
  /** Recorded with a rollback. */
  reason: string
  /** The load balancer (the first of `routers` when there are several). */
  router: RouterSettings
  /** Every load balancer, changed as one; one entry without `routers`. */
  routers: RouterSettings[]
  canary: CanarySettings
  rolling: RollingSettings
  state: StateSettings
  /** Where GitHub is, when a token and repository are known; undefined outside GitHub. */
  github?: GitHubSettings
  /** Post commit statuses (needs `github`). */
  commitStatus: boolean
  /** Reported as target-url. */
  serviceUrl: string
  /** Take over a held lease / switch to a color whose checks failed. */
  force: boolean
  /** HAProxy with sticky or canary-match: the map file its backend reads the canary from. */
  canaryMap: string
  /** Kubernetes access and objects; set when a Kubernetes router or kubernetes-image is used. */
  kubernetes?: KubernetesSettings
}

export interface HealthSettings {
  path: string
  expectStatus: number
  /** Regular expression the body must match; undefined = any body. */
  bodyMatch?: RegExp
  intervalMs: number
  timeoutMs: number
  deadlineMs: number
}

export interface CanarySettings {
  steps: CanaryStep[]
  metrics: MetricSpec[]
  /** Length of one measurement window within a step's bake. */
  analysisIntervalMs: number
  prometheusUrl: string
  /** nginx-log gates: the access log (JSON lines). */
  nginxAccessLog: string
  /** The rollout's error budget over every compare gate and step (each gate's alpha is its share). */
  alpha: number
  /** Run after an abort restored stable traffic; undefined: leave the canary running. */
  abortCommand?: Argv
  /** promote: straight to 100%. */
  full: boolean
  /** Keep each user on one version for the whole canary: the cookie or header that names them. */
  sticky?: RequestKey
  /** Requests whose header or cookie says "always" reach the canary at every step; "never" never. */
  match?: RequestKey
}

/** A cookie or a header of a request, by name. */
export interface RequestKey {
  kind: 'cookie' | 'header'
  name: string
}

/** One instance of a fleet (rolling updates). */
export interface Instance {
  /** Unique; with HAProxy, the server name in the backend. */
  name: string
  address: string
}

export interface RollingSettings {
  /** In the order they are updated; [] unless the strategy is rolling. */
  instances: Instance[]
  /** Instances drained and updated together. */
  batchSize: number
  /** Instances that may be out of rotation at once; at most instances - 1. */
  maxUnavailable: number
  /** How long each updated batch must stay healthy in rotation before the next one starts. */
  minReadyMs: number
  /** A batch that has not finished within this fails the update. */
  progressDeadlineMs: number
  /** How long a drained instance may take to finish its in-flight requests. */
  drainTimeoutMs: number
  /** When a batch fails: put updated instances back on their previous version, or leave them drained. */
  onFailure: 'rollback' | 'leave-drained'
  /** When a run finds an update that an ended run left unfinished. */
  onInterrupted: 'resume' | 'rollback'
  /** Batches this run performs before it stops (the next run resumes); undefined = all. */
  maxBatches?: number
  /** The metric gates judged per batch; [] = health only. */
  gates: MetricSpec[]
}

export type KubernetesRouterType = 'kubernetes-service' | 'gateway-api' | 'ingress-nginx'
export const KUBERNETES_ROUTERS: readonly KubernetesRouterType[] = [
  'kubernetes-service',
  'gateway-api',
  'ingress-nginx'
]

export interface RouterSettings {
  type: 'nginx' | 'haproxy' | KubernetesRouterType
  /** Which load balancer, where there are several (`routers`). */
  name?: string
  /** HAProxy admin socket (path or host:port). */
  haproxySocket: string
  haproxyBackend: string
  haproxyServers: Record<Color, string>
  /** nginx: reload (rewrite the include, reload) or lua (the split to the admin socket, no reload). */
  nginxMode: 'reload' | 'lua'
  /** nginx-mode lua: the admin endpoint's unix socket. */
  luaSocket: string
  upstreamFile: string
  upstreamName: string
  /** -c for nginx -t / -s reload; '' = nginx's default. */
  configFile: string
  /** -p; '' = nginx's default. */
  prefixDir: string
  binary: string
  /** Words before every router command ("sudo", "ssh deploy@lb1"); [] = run locally. */
  commandPrefix: Argv
  /** URL through the load balancer used to confirm where traffic goes; '' = no confirmation. */
  probeUrl: string
  /** Header naming the backend that answered a probe. */
  probeHeader: string
  /** How an https probe-url is trusted: the CA file's PEM text, or not checked (labs). */
  probeTls: { ca?: string; insecure: boolean }
}

export interface StateSettings {
  /** auto is resolved while parsing: github inside Actions with a token, else file. */
  type: 'file' | 'github'
  file: string
  /** undefined: GitHub's own rule (production for an environment named "production"). */
  productionEnvironment?: boolean
  transientEnvironment: boolean
}

export interface GitHubSettings {
  token: string
  apiUrl: string
  serverUrl: string
  owner: string
  repo: string
  /** Commit released or checked. */
  sha: string
  /** Workflow run id; '' outside Actions. */
  runId: string
}

/**
 * Warm-up of the idle color before its first traffic: requests to paths on it (replayed in turn,
 * at a rate, a number of them), or a command. Optional: none set, no warm-up.
 */
export interface WarmupSettings {
  paths: string[]
  requests: number
  rate: number
  /** More failed warm-up requests than this share stops the release, traffic untouched. */
  maxErrorRate: number
  command?: Argv
}

/**
 * pre-switch: before a new release's first traffic (a failure stops it, traffic untouched);
 * post-switch: once it takes all traffic; post-rollback: once traffic is back on the release before.
 */
export type HookName = 'pre-switch' | 'post-switch' | 'post-rollback'
export const HOOKS: readonly HookName[] = ['pre-switch', 'post-switch', 'post-rollback']

/** The objects of a service on Kubernetes (names default from kubernetes-app). */
export interface KubernetesSettings {
  connection: KubeConnection
  namespace: string
  /** Each color's Deployment and Service (`<app>-blue`, `<app>-green`). */
  names: Record<Color, string>
  /** kubernetes-service: the Service whose selector picks the live color, and the selector's key. */
  service: string
  colorLabel: string
  /** gateway-api: the HTTPRoute, and which of its rules (undefined: the rule naming both colors). */
  route: string
  routeRule?: number
  /** ingress-nginx: the Ingress of the stable side and the canary Ingress beside it. */
  ingress: string
  canaryIngress: string
  /** kubernetes-image: the image to set on the idle color's Deployment ({version} replaced). */
  image?: string
  /** The container whose image is set; '' = the Deployment's only container. */
  container: string
  /** How long a Deployment may take to have every replica updated and available. */
  progressDeadlineMs: number
}
