/**
 * Every input the actions accept (and every CLI flag: `--name value`). One list, so action.yml
 * files, CLI help and the settings parser cannot drift apart: scripts/generate-actions.ts writes
 * the action.yml files from it.
 */
export interface InputDefinition {
  name: string
  description: string
  /** Default the engine applies; '' means "not set". */
  default: string
  /** Default written into action.yml when it differs (an expression the runner evaluates). */
  actionDefault?: string
  /** The sub-actions that expose it (the root action exposes all). */
  actions: readonly SubAction[]
  /** A list or YAML document: may span lines (and hold tabs). Every other input is one line. */
  multiline?: true
}

export type SubAction =
  'deploy-green' | 'verify' | 'switch' | 'canary-step' | 'rollback' | 'rolling'

const ALL: readonly SubAction[] = [
  'deploy-green',
  'verify',
  'switch',
  'canary-step',
  'rollback',
  'rolling'
]
/** The sub-actions of a blue/green pair (everything but rolling). */
const COLORED: readonly SubAction[] = [
  'deploy-green',
  'verify',
  'switch',
  'canary-step',
  'rollback'
]
const DEPLOYS: readonly SubAction[] = ['deploy-green', 'rollback', 'rolling']
const CHECKS: readonly SubAction[] = ['deploy-green', 'verify', 'rollback', 'rolling']
const CANARY: readonly SubAction[] = ['canary-step']
const ROLLING: readonly SubAction[] = ['rolling']
/** Gates: judged per canary step, and per batch of a rolling update. */
const GATED: readonly SubAction[] = ['canary-step', 'rolling']

export const INPUTS: readonly InputDefinition[] = [
  {
    name: 'command',
    description:
      'What to run: release (the whole rollout in one step: deploy-green, verify, then switch or the canary steps; with strategy rolling, the rolling update), deploy-green, verify, switch, canary-step, promote, abort, rolling, rollback, status, plan (validate the settings and show the plan), or contract (run contract-command once the live release has taken all traffic for contract-after).',
    default: 'release',
    actions: []
  },
  {
    name: 'strategy',
    description:
      'Rollout strategy: blue-green (switch all traffic at once), canary (shift traffic step by step, with metric gates) or rolling (replace the instances batch by batch).',
    default: 'blue-green',
    actions: ALL
  },
  {
    name: 'environment',
    description: 'Name of the deployment environment; the state of each environment is kept apart.',
    default: 'production',
    actions: ALL
  },
  {
    name: 'config-file',
    description:
      'Optional YAML file with any of these inputs as keys (for settings that do not fit in inputs). Inputs given here win over the file.',
    default: '',
    actions: ALL
  },
  {
    name: 'version',
    description: 'Version being released (a tag, a SHA, an image digest). Required to deploy.',
    default: '',
    actions: ['deploy-green', 'rolling']
  },
  {
    name: 'blue-address',
    description: 'host:port where the blue color of the service listens.',
    default: '',
    actions: COLORED
  },
  {
    name: 'green-address',
    description: 'host:port where the green color of the service listens.',
    default: '',
    actions: COLORED
  },
  {
    name: 'blue-addresses',
    description:
      'Several instances for blue (a pool), one per line as host:port or name=host:port (with HAProxy the name is the server name; unnamed ones are blue-1, blue-2 …). Instead of blue-address.',
    default: '',
    multiline: true,
    actions: COLORED
  },
  {
    name: 'green-addresses',
    description:
      "Several instances for green (a pool), as blue-addresses. A switch moves the whole pool at once; canary weights are split evenly over each color's instances.",
    default: '',
    multiline: true,
    actions: COLORED
  },
  {
    name: 'min-healthy',
    description:
      "Pools: healthy instances each color needs after a deploy (a count, or all). Below all, the load balancer's own health checks must keep a failed instance out.",
    default: 'all',
    actions: COLORED
  },
  {
    name: 'max-parallel-deploys',
    description: "Pools: deploys to one color's instances that run at once, at most.",
    default: '4',
    actions: COLORED
  },
  {
    name: 'deploy-command',
    description:
      'Command that deploys a version to one color (or, rolling, to one instance), one argument per line (or a JSON array); run without a shell. Receives PD_COLOR (rolling: PD_INSTANCE and PD_PREVIOUS_VERSION), PD_ADDRESS, PD_HOST, PD_PORT, PD_VERSION, PD_ENVIRONMENT, PD_URL in its environment.',
    default: '',
    actions: DEPLOYS,
    multiline: true
  },
  {
    name: 'deploy-script',
    description:
      'Path of an executable script to run instead of deploy-command (same environment).',
    default: '',
    actions: DEPLOYS
  },
  {
    name: 'health-path',
    description:
      'Path checked on the color (or instance) itself (http://<address><path>) before traffic moves.',
    default: '/healthz',
    actions: CHECKS
  },
  {
    name: 'health-status',
    description: 'HTTP status the health check expects.',
    default: '200',
    actions: CHECKS
  },
  {
    name: 'health-body',
    description: 'Optional regular expression the health response body must match.',
    default: '',
    actions: CHECKS
  },
  {
    name: 'health-interval',
    description: 'Time between health checks (e.g. 1s, 500ms).',
    default: '1s',
    actions: CHECKS
  },
  {
    name: 'health-timeout',
    description: 'Timeout of one health check request.',
    default: '5s',
    actions: CHECKS
  },
  {
    name: 'health-deadline',
    description: 'How long to wait for the color to become healthy before giving up.',
    default: '30s',
    actions: CHECKS
  },
  {
    name: 'smoke-command',
    description:
      'Optional smoke test, one argument per line (or a JSON array), run after the health check; exit 0 passes. Gets PD_URL of the color under test.',
    default: '',
    actions: ['verify'],
    multiline: true
  },
  {
    name: 'contract-command',
    description:
      'The contract half of expand/contract (e.g. the migration that drops what only the old version used), run by command: contract once the live release takes all traffic and has for contract-after; afterwards a rollback to an earlier version is refused unless forced. One argument per line (or a JSON array).',
    default: '',
    actions: [],
    multiline: true
  },
  {
    name: 'contract-after',
    description:
      'How long the live release must have taken all traffic before contract runs (e.g. 1h, 24h).',
    default: '1h',
    actions: []
  },
  {
    name: 'notify-webhook',
    description:
      'Optional URL (a secret: it is masked) that gets a JSON POST on start, pause, promote, abort, rollback and finish: Slack-compatible `text` (the verdict sentence and a link to the run) plus event, result, environment, version, color, phase, headline, run_url. A slow or failing webhook never holds a release up more than 3 s; it is a warning.',
    default: '',
    actions: ['switch', 'canary-step', 'rollback', 'rolling']
  },
  {
    name: 'pre-switch-command',
    description:
      'Optional hook before a new release takes its first traffic (after warm-up): e.g. an expand migration. One argument per line (or a JSON array); a failure stops the release with traffic untouched. Gets the PD_ facts, PD_HOOK and PD_PREVIOUS_COLOR/VERSION.',
    default: '',
    actions: ['switch', 'canary-step'],
    multiline: true
  },
  {
    name: 'post-switch-command',
    description:
      'Optional hook once the new release takes all traffic (switch, or a canary promoted to 100%); a failure fails the job, traffic stays.',
    default: '',
    actions: ['switch', 'canary-step'],
    multiline: true
  },
  {
    name: 'post-rollback-command',
    description:
      'Optional hook once traffic is back on the release before (rollback, or a canary aborted); a failure fails the job, traffic stays.',
    default: '',
    actions: ['switch', 'canary-step', 'rollback'],
    multiline: true
  },
  {
    name: 'warmup-paths',
    description:
      'Optional warm-up of the idle color before its first traffic (switch, or the first canary step): paths requested on it in turn, one per line (e.g. /recommend?city=paris), warmup-requests of them at warmup-rate. More failures than warmup-max-error-rate stop the release with traffic untouched.',
    default: '',
    actions: ['switch', 'canary-step'],
    multiline: true
  },
  {
    name: 'warmup-file',
    description:
      'Optional warm-up from a request file instead of warmup-paths: one request per line, a path or "GET /path" (e.g. paths taken from an access log), replayed in turn.',
    default: '',
    actions: ['switch', 'canary-step']
  },
  {
    name: 'warmup-duration',
    description:
      'Warm up for this long (at warmup-rate) instead of a count of warmup-requests, e.g. 30s.',
    default: '',
    actions: ['switch', 'canary-step']
  },
  {
    name: 'warmup-command',
    description:
      'Optional warm-up command instead of warmup-paths, one argument per line (or a JSON array); exit 0 passes. Gets PD_URL of the idle color.',
    default: '',
    actions: ['switch', 'canary-step'],
    multiline: true
  },
  {
    name: 'warmup-requests',
    description: 'Warm-up requests to send.',
    default: '100',
    actions: ['switch', 'canary-step']
  },
  {
    name: 'warmup-rate',
    description: 'Warm-up requests per second.',
    default: '50',
    actions: ['switch', 'canary-step']
  },
  {
    name: 'warmup-max-error-rate',
    description:
      'Share of warm-up requests that may fail (not 2xx/3xx, or no answer) before the release stops.',
    default: '1%',
    actions: ['switch', 'canary-step']
  },
  {
    name: 'smoke-script',
    description: 'Path of an executable smoke test script, instead of smoke-command.',
    default: '',
    actions: ['verify']
  },
  {
    name: 'switch-to',
    description:
      'Where switch sends all traffic: idle (the newly deployed color), previous (back to the color that served before), blue or green.',
    default: 'idle',
    actions: ['switch']
  },
  {
    name: 'confirm-timeout',
    description: 'How long to wait, after a switch, for new requests to be answered by the target.',
    default: '10s',
    actions: ['switch', 'canary-step', 'rollback']
  },
  {
    name: 'rollback-version',
    description:
      'Version to return to; default: the last known good release before the current one. Rolling: the version instances go back to when nothing earlier is recorded for them.',
    default: '',
    actions: ['rollback', 'rolling']
  },
  {
    name: 'reason',
    description: 'Why a rollback is made; recorded in the state history.',
    default: '',
    actions: ['rollback']
  },
  {
    name: 'router',
    description:
      "Traffic router (load balancer): nginx (upstream include file + reload, or nginx-mode lua), haproxy (runtime API, no reload), or on Kubernetes: kubernetes-service (blue/green by the Service selector), gateway-api (weights of an HTTPRoute rule) or ingress-nginx (the canary Ingress's canary-weight).",
    default: 'nginx',
    actions: ALL
  },
  {
    name: 'haproxy-socket',
    description:
      'HAProxy admin socket (stats socket ... level admin): a unix socket path, or host:port.',
    default: '',
    actions: ALL
  },
  {
    name: 'haproxy-backend',
    description: 'HAProxy backend that holds the blue and green servers (rolling: the instances).',
    default: 'app',
    actions: ALL
  },
  {
    name: 'haproxy-blue-server',
    description: 'Name of the blue server in the HAProxy backend.',
    default: 'blue',
    actions: COLORED
  },
  {
    name: 'haproxy-green-server',
    description: 'Name of the green server in the HAProxy backend.',
    default: 'green',
    actions: COLORED
  },
  {
    name: 'haproxy-map',
    description:
      'HAProxy with sticky or canary-match: the map file the backend reads the canary from (examples/haproxy/progressive-deploy-sticky.cfg), changed at runtime with set map.',
    default: '/etc/haproxy/progressive-deploy.map',
    actions: CANARY
  },
  {
    name: 'canary-steps',
    description:
      'Canary traffic steps in percent, increasing to 100; "pause" waits for promote; "20@5m" sets a step\'s own bake time. With canary-match, the first step may be 0 (or internal): only matched requests reach the canary. Presets: linear-10-every-1m, canary-10-then-100.',
    default: '1,5,20,50,100',
    actions: CANARY,
    multiline: true
  },
  {
    name: 'sticky',
    description:
      'Keep each user on one version for the whole canary: cookie:<name> or header:<name> names the user. Each key is hashed into 10,000 fixed buckets and a step at w% sends the buckets below w to the canary, so as the weight grows users only move from stable to canary. Requests without the key follow the weighted split. Needs nginx-mode lua, or haproxy with examples/haproxy/progressive-deploy-sticky.cfg.',
    default: '',
    actions: CANARY
  },
  {
    name: 'canary-match',
    description:
      'Internal users first: header:<name> or cookie:<name>; a request whose value is "always" reaches the canary at every step (also at a first step of 0, "internal"), "never" never does. Needs nginx-mode lua, haproxy with examples/haproxy/progressive-deploy-sticky.cfg, or ingress-nginx (canary-by-header / canary-by-cookie).',
    default: '',
    actions: CANARY
  },
  {
    name: 'bake-time',
    description: 'How long each canary step holds its weight while the gates measure.',
    default: '1m',
    actions: CANARY
  },
  {
    name: 'analysis-interval',
    description: 'How often the gates measure during a step (each measurement covers this window).',
    default: '10s',
    actions: GATED
  },
  {
    name: 'metrics',
    description:
      'Canary gates, a YAML or JSON list: name, provider (haproxy and nginx-log: real traffic; http: the probe, GET at rate req/s (default 20) to url or weighted paths {"/": 3, "/recommend": 1}; prometheus, command, webhook), query, path (nginx-log), max/min or compare: baseline (alpha, tolerance, latency-threshold; direction: higher-is-better for business rates from prometheus counters, or counts a command prints or a webhook answers), failure-limit, consecutive-error-limit, on-no-data, on-error. Default for canaries: with router haproxy or nginx-access-log set, the canary\'s 5xx against the baseline\'s on real requests; otherwise the canary\'s own error rate ≤ 1% (http probe). Rolling updates: none (health only), else judged on each instance of a batch. plan shows every gate in full.',
    default: '',
    actions: GATED,
    multiline: true
  },
  {
    name: 'prometheus-url',
    description: 'Base URL of Prometheus for prometheus gates (e.g. http://prometheus:9090).',
    default: '',
    actions: GATED
  },
  {
    name: 'nginx-access-log',
    description:
      "nginx access log in the README's JSON log_format (upstream_addr, status, upstream_response_time, request_time, request_uri), for nginx-log gates on real traffic; read through router-command-prefix for a remote nginx. Set, it makes the default canary gate the canary's 5xx against the baseline's on real requests.",
    default: '',
    actions: GATED
  },
  {
    name: 'alpha',
    description:
      "The rollout's error budget: the chance that compare gates abort a canary that is no worse than the baseline, over all gates and all steps together. Split evenly among the compare gates that set no alpha of their own.",
    default: '0.01',
    actions: GATED
  },
  {
    name: 'abort-command',
    description:
      'Optional command (one argument per line, or a JSON array) run after an abort has put all traffic back on stable, e.g. to stop the canary. Default: the canary keeps running for inspection.',
    default: '',
    actions: CANARY,
    multiline: true
  },
  {
    name: 'full',
    description: 'With promote: skip the remaining steps and send 100% to the canary at once.',
    default: 'false',
    actions: CANARY
  },
  {
    name: 'instances',
    description:
      'Rolling: the instances to update, in order, one per line as name=host:port (or a list of {name, address} in the config file). With HAProxy, name is the server name in haproxy-backend.',
    default: '',
    actions: ROLLING,
    multiline: true
  },
  {
    name: 'batch-size',
    description:
      'Rolling: instances updated together, a count (2) or a share of the fleet (25%, rounded up). Default: max-unavailable.',
    default: '',
    actions: ROLLING
  },
  {
    name: 'max-unavailable',
    description:
      'Rolling: instances that may be out of rotation at once, a count or a share (rounded down, at least 1). Never all of them.',
    default: '25%',
    actions: ROLLING
  },
  {
    name: 'rolling-preset',
    description:
      'Rolling: one-at-a-time or half-at-a-time; sets batch-size and max-unavailable (explicit values win).',
    default: '',
    actions: ROLLING
  },
  {
    name: 'min-ready',
    description:
      'Rolling: how long each batch must stay healthy back in rotation (and pass the gates) before the next one starts.',
    default: '10s',
    actions: ROLLING
  },
  {
    name: 'progress-deadline',
    description:
      'Rolling: a batch that has not finished within this fails the update. kubernetes-image: how long the Deployment may take to have every replica updated and available.',
    default: '10m',
    actions: ['deploy-green', 'rolling']
  },
  {
    name: 'drain-timeout',
    description:
      'Rolling: how long a drained instance may take to finish in-flight requests. HAProxy reports them (the wait ends early); nginx cannot, so the whole time is waited.',
    default: '5s',
    actions: ROLLING
  },
  {
    name: 'on-failure',
    description:
      'Rolling: when a batch fails, rollback (put every updated instance back on its previous version) or leave-drained (stop and keep the failed batch out of rotation for inspection).',
    default: 'rollback',
    actions: ROLLING
  },
  {
    name: 'on-interrupted',
    description:
      'Rolling: when a run finds an update that an ended (cancelled, killed) run left unfinished: resume (go on after its last finished batch) or rollback (undo it).',
    default: 'resume',
    actions: ROLLING
  },
  {
    name: 'max-batches',
    description:
      'Rolling: batches this run updates before it stops (phase paused); the next run goes on. Empty: all. Lets a workflow update one batch, wait for an approval, then finish.',
    default: '',
    actions: ROLLING
  },
  {
    name: 'nginx-upstream-file',
    description:
      'Upstream include file that progressive-deploy owns and rewrites; your nginx config includes it (must exist).',
    default: '',
    actions: ALL
  },
  {
    name: 'nginx-upstream-name',
    description: 'Name of the upstream block in the include file (proxy_pass http://<name>).',
    default: 'app',
    actions: ALL
  },
  {
    name: 'nginx-config',
    description: 'Main nginx config file, passed to nginx -t and nginx -s reload as -c.',
    default: '',
    actions: ALL
  },
  {
    name: 'nginx-prefix',
    description: 'nginx prefix directory, passed as -p. Leave empty for the system nginx.',
    default: '',
    actions: ALL
  },
  {
    name: 'nginx-mode',
    description:
      'How nginx changes traffic: reload (rewrite nginx-upstream-file, nginx -t, reload) or lua (send the split to the admin socket of the Lua balancer in examples/nginx/progressive-deploy-lua.conf: no reload, exact split, needs libnginx-mod-http-lua; the job runs on the load balancer host).',
    default: 'reload',
    actions: ALL
  },
  {
    name: 'nginx-lua-socket',
    description: 'nginx-mode lua: the unix socket of the admin endpoint.',
    default: '/run/nginx-progressive-deploy.sock',
    actions: ALL
  },
  {
    name: 'nginx-binary',
    description: 'nginx executable.',
    default: 'nginx',
    actions: ALL
  },
  {
    name: 'router-command-prefix',
    description:
      'Words put before every router command and file operation, for privileged or remote nginx: "sudo" or "ssh deploy@lb1".',
    default: '',
    actions: ALL
  },
  {
    name: 'kubeconfig',
    description:
      'Kubernetes routers and kubernetes-image: a kubeconfig file path, or its content from a secret (its token is masked). Empty: $KUBECONFIG, else ~/.kube/config. Exec and auth-provider plugins are not run: give a token or a client certificate.',
    default: '',
    multiline: true,
    actions: COLORED
  },
  {
    name: 'kubernetes-context',
    description: "The kubeconfig's context to use; empty: its current-context.",
    default: '',
    actions: COLORED
  },
  {
    name: 'kubernetes-namespace',
    description:
      "Namespace of the service's objects; empty: the context's namespace, else default.",
    default: '',
    actions: COLORED
  },
  {
    name: 'kubernetes-app',
    description:
      "Name the Kubernetes objects default from: each color's Deployment and Service <app>-blue and <app>-green, the Service switched by kubernetes-service, the HTTPRoute and the Ingress <app>, the canary Ingress <app>-canary.",
    default: '',
    actions: COLORED
  },
  {
    name: 'kubernetes-blue-name',
    description: "Blue's Deployment and Service; empty: <kubernetes-app>-blue.",
    default: '',
    actions: COLORED
  },
  {
    name: 'kubernetes-green-name',
    description: "Green's Deployment and Service; empty: <kubernetes-app>-green.",
    default: '',
    actions: COLORED
  },
  {
    name: 'kubernetes-service',
    description:
      'kubernetes-service router: the Service whose selector picks the live color; empty: <kubernetes-app>.',
    default: '',
    actions: COLORED
  },
  {
    name: 'kubernetes-color-label',
    description:
      "kubernetes-service router: the selector's key that names the color (the pods of each color's Deployment carry it with the value blue or green).",
    default: 'color',
    actions: COLORED
  },
  {
    name: 'kubernetes-route',
    description: 'gateway-api router: the HTTPRoute; empty: <kubernetes-app>.',
    default: '',
    actions: COLORED
  },
  {
    name: 'kubernetes-route-rule',
    description:
      "gateway-api router: index (from 0) of the route's rule whose backendRefs are the two colors' Services; empty: the one rule that names both. The route's other rules and fields are left as they are.",
    default: '',
    actions: COLORED
  },
  {
    name: 'kubernetes-ingress',
    description:
      "ingress-nginx router: the main Ingress (its backend is one color's Service); empty: <kubernetes-app>.",
    default: '',
    actions: COLORED
  },
  {
    name: 'kubernetes-canary-ingress',
    description:
      'ingress-nginx router: the Ingress with nginx.ingress.kubernetes.io/canary: "true" whose backend is the other color\'s Service; empty: <kubernetes-ingress>-canary.',
    default: '',
    actions: COLORED
  },
  {
    name: 'kubernetes-image',
    description:
      "Deploy without a script: the image set on the idle color's Deployment, {version} replaced by the version (no {version}: the version is the tag, or the digest when it starts with sha256:). The deploy waits until the Deployment has observed the change and every replica is updated and available (progress-deadline); a failed rollout leaves traffic untouched.",
    default: '',
    actions: ['deploy-green']
  },
  {
    name: 'kubernetes-container',
    description:
      "kubernetes-image: the container whose image is set; empty: the Deployment's only container.",
    default: '',
    actions: ['deploy-green']
  },
  {
    name: 'routers',
    description:
      'Several load balancers as one (a YAML list in config-file, or JSON): each {name, router, nginx-upstream-file, router-command-prefix, haproxy-socket, probe-url, …}; what an entry leaves out comes from the other inputs. Every change goes to all of them and is confirmed on each; if one fails, those already changed are put back.',
    default: '',
    multiline: true,
    actions: ALL
  },
  {
    name: 'probe-url',
    description:
      'URL through the load balancer; after a switch, requests to it must be answered by the target color. Empty: no confirmation by traffic.',
    default: '',
    actions: ALL
  },
  {
    name: 'probe-header',
    description:
      'Response header that names the backend that answered the probe: the backend address (add_header X-Upstream-Addr $upstream_addr always;) or the color name.',
    default: 'x-upstream-addr',
    actions: ALL
  },
  {
    name: 'probe-ca-file',
    description:
      'For an https probe-url whose certificate a public CA did not sign: a PEM file with the CA certificate to trust (added to the system CAs). The probe is tried before any change; a TLS failure stops the release with traffic untouched.',
    default: '',
    actions: ALL
  },
  {
    name: 'probe-insecure',
    description:
      'true: an https probe-url is not checked against any CA (labs only; prefer probe-ca-file).',
    default: 'false',
    actions: ALL
  },
  {
    name: 'state',
    description:
      'Where rollout state is kept: github (deployments and deployment statuses of the environment), file, or auto (github inside GitHub Actions with a token, else file).',
    default: 'auto',
    actions: ALL
  },
  {
    name: 'github-token',
    description:
      'Token for the Deployments and commit status APIs (needs deployments: write, statuses: write; actions: read to take over the lease of an ended run). Outside Actions: GITHUB_TOKEN.',
    default: '',
    actionDefault: '${{ github.token }}',
    actions: ALL
  },
  {
    name: 'repository',
    description:
      'owner/name of the repository that keeps the state. Default: the repository of the workflow (GITHUB_REPOSITORY).',
    default: '',
    actions: ALL
  },
  {
    name: 'sha',
    description:
      'Commit being released or checked; gets the commit statuses. Default: the pull request head for pull_request events, else GITHUB_SHA.',
    default: '',
    actions: ALL
  },
  {
    name: 'production-environment',
    description:
      'true or false: mark the GitHub environment as production. Default: GitHub decides (true for "production").',
    default: '',
    actions: ALL
  },
  {
    name: 'transient-environment',
    description:
      'true to mark the GitHub environment as transient (e.g. a preview that is destroyed later).',
    default: 'false',
    actions: ALL
  },
  {
    name: 'commit-status',
    description:
      'true: post commit statuses (progressive-deploy/<environment> while a rollout runs, progressive-deploy/verify (<environment>), progressive-deploy/plan) when a token and repository are known.',
    default: 'true',
    actions: ALL
  },
  {
    name: 'state-file',
    description:
      'State file for the file store. A relative path stays inside the workspace (GITHUB_WORKSPACE, else the working directory); an absolute path is used as given.',
    default: '.progressive-deploy/state.json',
    actions: ALL
  },
  {
    name: 'service-url',
    description: 'Public URL of the service, reported as the target-url output.',
    default: '',
    actions: ALL
  },
  {
    name: 'force',
    description:
      'true to take over an environment whose rollout is still marked in progress, or to switch to a color that failed its checks.',
    default: 'false',
    actions: ALL
  }
]

/** Outputs every action sets. */
export const OUTPUTS: readonly { name: string; description: string }[] = [
  {
    name: 'active-color',
    description:
      'Color that takes all traffic after this step (during a canary: the stable color, which takes most).'
  },
  {
    name: 'previous-color',
    description:
      "Color that took traffic before this step; after a canary is aborted or rolled back, the canary's color (traffic was taken from it)."
  },
  { name: 'idle-color', description: 'Color that takes no traffic after this step.' },
  {
    name: 'version',
    description:
      'Version that serves traffic after this step, as the router and the records show it (rolling: the version every instance in rotation runs; empty when they run several, see fleet).'
  },
  {
    name: 'previous-version',
    description:
      "Version that served before this step; after a canary is aborted or rolled back, the canary's version (rolling: empty when the fleet ran several)."
  },
  { name: 'deployed-color', description: 'Color this step deployed to or verified (if any).' },
  { name: 'target-url', description: 'The service URL (service-url, else the probe URL).' },
  { name: 'result', description: 'success, failure, or no-op.' },
  {
    name: 'phase',
    description:
      'Where the release stands after this step: deployed, verified, canary, paused, live or failed.'
  },
  {
    name: 'canary-weight',
    description:
      'Share of traffic (percent) on the canary after this step, read back from the router (0 after an abort, also for status); empty for blue/green.'
  },
  {
    name: 'fleet',
    description:
      'Rolling updates: what the instances run after this step, e.g. "4 × v2, 2 × v1, 1 out of rotation".'
  }
]

export function inputDefinition(name: string): InputDefinition {
  const found = INPUTS.find(i => i.name === name)
  if (!found) throw new Error(`bug: no input definition named ${name}`)
  return found
}
