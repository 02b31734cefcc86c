#!/usr/bin/env node
// Built by npm run build from src/cli.ts; do not edit.
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 4785:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  a: () => (/* binding */ runCli)
});

;// CONCATENATED MODULE: ./src/errors.ts
/**
 * The user's mistake (bad input, flag or config file). Raised before anything is changed, so the
 * caller can exit 1 knowing traffic and state are exactly as they were.
 */
class ConfigurationError extends Error {
    problems;
    constructor(problems) {
        super(formatProblems(problems));
        this.name = 'ConfigurationError';
        this.problems = problems;
    }
    static single(field, message) {
        return new ConfigurationError([{ field, message }]);
    }
}
/** A backend (nginx, a deploy command, a health endpoint) refused or failed; not a bug of ours. */
class BackendError extends Error {
    constructor(message) {
        super(message);
        this.name = 'BackendError';
    }
}
/** The rollout was stopped on purpose by a check (health, smoke): an expected, reported outcome. */
class RolloutFailed extends Error {
    constructor(message) {
        super(message);
        this.name = 'RolloutFailed';
    }
}
function formatProblems(problems) {
    if (problems.length === 1)
        return `${problems[0].field}: ${problems[0].message}`;
    return ['Invalid settings:', ...problems.map(p => `  - ${p.field}: ${p.message}`)].join('\n');
}
/**
 * This run no longer holds the environment's lease: a forced run took it over, a newer release
 * superseded it, or another run claimed it in the same moment. The run stops before its next
 * side effect and leaves its record as the other run left it.
 */
class LeaseLost extends Error {
    constructor(message) {
        super(message);
        this.name = 'LeaseLost';
    }
}

;// CONCATENATED MODULE: ./src/config/input-definitions.ts
const ALL = [
    'deploy-green',
    'verify',
    'switch',
    'canary-step',
    'rollback',
    'rolling'
];
/** The sub-actions of a blue/green pair (everything but rolling). */
const COLORED = [
    'deploy-green',
    'verify',
    'switch',
    'canary-step',
    'rollback'
];
const DEPLOYS = ['deploy-green', 'rollback', 'rolling'];
const CHECKS = ['deploy-green', 'verify', 'rollback', 'rolling'];
const CANARY = ['canary-step'];
const ROLLING = ['rolling'];
/** Gates: judged per canary step, and per batch of a rolling update. */
const GATED = ['canary-step', 'rolling'];
const INPUTS = [
    {
        name: 'command',
        description: 'What to run: release (the whole rollout in one step: deploy-green, verify, then switch or the canary steps; with strategy rolling, the rolling update), deploy-green, verify, switch, canary-step, promote, abort, rolling, rollback, status, plan (validate the settings and show the plan), or contract (run contract-command once the live release has taken all traffic for contract-after).',
        default: 'release',
        actions: []
    },
    {
        name: 'strategy',
        description: 'Rollout strategy: blue-green (switch all traffic at once), canary (shift traffic step by step, with metric gates) or rolling (replace the instances batch by batch).',
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
        description: 'Optional YAML file with any of these inputs as keys (for settings that do not fit in inputs). Inputs given here win over the file.',
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
        description: 'Several instances for blue (a pool), one per line as host:port or name=host:port (with HAProxy the name is the server name; unnamed ones are blue-1, blue-2 …). Instead of blue-address.',
        default: '',
        multiline: true,
        actions: COLORED
    },
    {
        name: 'green-addresses',
        description: "Several instances for green (a pool), as blue-addresses. A switch moves the whole pool at once; canary weights are split evenly over each color's instances.",
        default: '',
        multiline: true,
        actions: COLORED
    },
    {
        name: 'min-healthy',
        description: "Pools: healthy instances each color needs after a deploy (a count, or all). Below all, the load balancer's own health checks must keep a failed instance out.",
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
        description: 'Command that deploys a version to one color (or, rolling, to one instance), one argument per line (or a JSON array); run without a shell. Receives PD_COLOR (rolling: PD_INSTANCE and PD_PREVIOUS_VERSION), PD_ADDRESS, PD_HOST, PD_PORT, PD_VERSION, PD_ENVIRONMENT, PD_URL in its environment.',
        default: '',
        actions: DEPLOYS,
        multiline: true
    },
    {
        name: 'deploy-script',
        description: 'Path of an executable script to run instead of deploy-command (same environment).',
        default: '',
        actions: DEPLOYS
    },
    {
        name: 'health-path',
        description: 'Path checked on the color (or instance) itself (http://<address><path>) before traffic moves.',
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
        description: 'Optional smoke test, one argument per line (or a JSON array), run after the health check; exit 0 passes. Gets PD_URL of the color under test.',
        default: '',
        actions: ['verify'],
        multiline: true
    },
    {
        name: 'contract-command',
        description: 'The contract half of expand/contract (e.g. the migration that drops what only the old version used), run by command: contract once the live release takes all traffic and has for contract-after; afterwards a rollback to an earlier version is refused unless forced. One argument per line (or a JSON array).',
        default: '',
        actions: [],
        multiline: true
    },
    {
        name: 'contract-after',
        description: 'How long the live release must have taken all traffic before contract runs (e.g. 1h, 24h).',
        default: '1h',
        actions: []
    },
    {
        name: 'notify-webhook',
        description: 'Optional URL (a secret: it is masked) that gets a JSON POST on start, pause, promote, abort, rollback and finish: Slack-compatible `text` (the verdict sentence and a link to the run) plus event, result, environment, version, color, phase, headline, run_url. A slow or failing webhook never holds a release up more than 3 s; it is a warning.',
        default: '',
        actions: ['switch', 'canary-step', 'rollback', 'rolling']
    },
    {
        name: 'pre-switch-command',
        description: 'Optional hook before a new release takes its first traffic (after warm-up): e.g. an expand migration. One argument per line (or a JSON array); a failure stops the release with traffic untouched. Gets the PD_ facts, PD_HOOK and PD_PREVIOUS_COLOR/VERSION.',
        default: '',
        actions: ['switch', 'canary-step'],
        multiline: true
    },
    {
        name: 'post-switch-command',
        description: 'Optional hook once the new release takes all traffic (switch, or a canary promoted to 100%); a failure fails the job, traffic stays.',
        default: '',
        actions: ['switch', 'canary-step'],
        multiline: true
    },
    {
        name: 'post-rollback-command',
        description: 'Optional hook once traffic is back on the release before (rollback, or a canary aborted); a failure fails the job, traffic stays.',
        default: '',
        actions: ['switch', 'canary-step', 'rollback'],
        multiline: true
    },
    {
        name: 'warmup-paths',
        description: 'Optional warm-up of the idle color before its first traffic (switch, or the first canary step): paths requested on it in turn, one per line (e.g. /recommend?city=paris), warmup-requests of them at warmup-rate. More failures than warmup-max-error-rate stop the release with traffic untouched.',
        default: '',
        actions: ['switch', 'canary-step'],
        multiline: true
    },
    {
        name: 'warmup-file',
        description: 'Optional warm-up from a request file instead of warmup-paths: one request per line, a path or "GET /path" (e.g. paths taken from an access log), replayed in turn.',
        default: '',
        actions: ['switch', 'canary-step']
    },
    {
        name: 'warmup-duration',
        description: 'Warm up for this long (at warmup-rate) instead of a count of warmup-requests, e.g. 30s.',
        default: '',
        actions: ['switch', 'canary-step']
    },
    {
        name: 'warmup-command',
        description: 'Optional warm-up command instead of warmup-paths, one argument per line (or a JSON array); exit 0 passes. Gets PD_URL of the idle color.',
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
        description: 'Share of warm-up requests that may fail (not 2xx/3xx, or no answer) before the release stops.',
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
        description: 'Where switch sends all traffic: idle (the newly deployed color), previous (back to the color that served before), blue or green.',
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
        description: 'Version to return to; default: the last known good release before the current one. Rolling: the version instances go back to when nothing earlier is recorded for them.',
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
        description: "Traffic router (load balancer): nginx (upstream include file + reload, or nginx-mode lua), haproxy (runtime API, no reload), or on Kubernetes: kubernetes-service (blue/green by the Service selector), gateway-api (weights of an HTTPRoute rule) or ingress-nginx (the canary Ingress's canary-weight).",
        default: 'nginx',
        actions: ALL
    },
    {
        name: 'haproxy-socket',
        description: 'HAProxy admin socket (stats socket ... level admin): a unix socket path, or host:port.',
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
        description: 'HAProxy with sticky or canary-match: the map file the backend reads the canary from (examples/haproxy/progressive-deploy-sticky.cfg), changed at runtime with set map.',
        default: '/etc/haproxy/progressive-deploy.map',
        actions: CANARY
    },
    {
        name: 'canary-steps',
        description: 'Canary traffic steps in percent, increasing to 100; "pause" waits for promote; "20@5m" sets a step\'s own bake time. With canary-match, the first step may be 0 (or internal): only matched requests reach the canary. Presets: linear-10-every-1m, canary-10-then-100.',
        default: '1,5,20,50,100',
        actions: CANARY,
        multiline: true
    },
    {
        name: 'sticky',
        description: 'Keep each user on one version for the whole canary: cookie:<name> or header:<name> names the user. Each key is hashed into 10,000 fixed buckets and a step at w% sends the buckets below w to the canary, so as the weight grows users only move from stable to canary. Requests without the key follow the weighted split. Needs nginx-mode lua, or haproxy with examples/haproxy/progressive-deploy-sticky.cfg.',
        default: '',
        actions: CANARY
    },
    {
        name: 'canary-match',
        description: 'Internal users first: header:<name> or cookie:<name>; a request whose value is "always" reaches the canary at every step (also at a first step of 0, "internal"), "never" never does. Needs nginx-mode lua, haproxy with examples/haproxy/progressive-deploy-sticky.cfg, or ingress-nginx (canary-by-header / canary-by-cookie).',
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
        description: 'Canary gates, a YAML or JSON list: name, provider (haproxy and nginx-log: real traffic; http: the probe, GET at rate req/s (default 20) to url or weighted paths {"/": 3, "/recommend": 1}; prometheus, command, webhook), query, path (nginx-log), max/min or compare: baseline (alpha, tolerance, latency-threshold; direction: higher-is-better for business rates from prometheus counters, or counts a command prints or a webhook answers), failure-limit, consecutive-error-limit, on-no-data, on-error. Default for canaries: with router haproxy or nginx-access-log set, the canary\'s 5xx against the baseline\'s on real requests; otherwise the canary\'s own error rate ≤ 1% (http probe). Rolling updates: none (health only), else judged on each instance of a batch. plan shows every gate in full.',
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
        description: "nginx access log in the README's JSON log_format (upstream_addr, status, upstream_response_time, request_time, request_uri), for nginx-log gates on real traffic; read through router-command-prefix for a remote nginx. Set, it makes the default canary gate the canary's 5xx against the baseline's on real requests.",
        default: '',
        actions: GATED
    },
    {
        name: 'alpha',
        description: "The rollout's error budget: the chance that compare gates abort a canary that is no worse than the baseline, over all gates and all steps together. Split evenly among the compare gates that set no alpha of their own.",
        default: '0.01',
        actions: GATED
    },
    {
        name: 'abort-command',
        description: 'Optional command (one argument per line, or a JSON array) run after an abort has put all traffic back on stable, e.g. to stop the canary. Default: the canary keeps running for inspection.',
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
        description: 'Rolling: the instances to update, in order, one per line as name=host:port (or a list of {name, address} in the config file). With HAProxy, name is the server name in haproxy-backend.',
        default: '',
        actions: ROLLING,
        multiline: true
    },
    {
        name: 'batch-size',
        description: 'Rolling: instances updated together, a count (2) or a share of the fleet (25%, rounded up). Default: max-unavailable.',
        default: '',
        actions: ROLLING
    },
    {
        name: 'max-unavailable',
        description: 'Rolling: instances that may be out of rotation at once, a count or a share (rounded down, at least 1). Never all of them.',
        default: '25%',
        actions: ROLLING
    },
    {
        name: 'rolling-preset',
        description: 'Rolling: one-at-a-time or half-at-a-time; sets batch-size and max-unavailable (explicit values win).',
        default: '',
        actions: ROLLING
    },
    {
        name: 'min-ready',
        description: 'Rolling: how long each batch must stay healthy back in rotation (and pass the gates) before the next one starts.',
        default: '10s',
        actions: ROLLING
    },
    {
        name: 'progress-deadline',
        description: 'Rolling: a batch that has not finished within this fails the update. kubernetes-image: how long the Deployment may take to have every replica updated and available.',
        default: '10m',
        actions: ['deploy-green', 'rolling']
    },
    {
        name: 'drain-timeout',
        description: 'Rolling: how long a drained instance may take to finish in-flight requests. HAProxy reports them (the wait ends early); nginx cannot, so the whole time is waited.',
        default: '5s',
        actions: ROLLING
    },
    {
        name: 'on-failure',
        description: 'Rolling: when a batch fails, rollback (put every updated instance back on its previous version) or leave-drained (stop and keep the failed batch out of rotation for inspection).',
        default: 'rollback',
        actions: ROLLING
    },
    {
        name: 'on-interrupted',
        description: 'Rolling: when a run finds an update that an ended (cancelled, killed) run left unfinished: resume (go on after its last finished batch) or rollback (undo it).',
        default: 'resume',
        actions: ROLLING
    },
    {
        name: 'max-batches',
        description: 'Rolling: batches this run updates before it stops (phase paused); the next run goes on. Empty: all. Lets a workflow update one batch, wait for an approval, then finish.',
        default: '',
        actions: ROLLING
    },
    {
        name: 'nginx-upstream-file',
        description: 'Upstream include file that progressive-deploy owns and rewrites; your nginx config includes it (must exist).',
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
        description: 'How nginx changes traffic: reload (rewrite nginx-upstream-file, nginx -t, reload) or lua (send the split to the admin socket of the Lua balancer in examples/nginx/progressive-deploy-lua.conf: no reload, exact split, needs libnginx-mod-http-lua; the job runs on the load balancer host).',
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
        description: 'Words put before every router command and file operation, for privileged or remote nginx: "sudo" or "ssh deploy@lb1".',
        default: '',
        actions: ALL
    },
    {
        name: 'kubeconfig',
        description: 'Kubernetes routers and kubernetes-image: a kubeconfig file path, or its content from a secret (its token is masked). Empty: $KUBECONFIG, else ~/.kube/config. Exec and auth-provider plugins are not run: give a token or a client certificate.',
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
        description: "Namespace of the service's objects; empty: the context's namespace, else default.",
        default: '',
        actions: COLORED
    },
    {
        name: 'kubernetes-app',
        description: "Name the Kubernetes objects default from: each color's Deployment and Service <app>-blue and <app>-green, the Service switched by kubernetes-service, the HTTPRoute and the Ingress <app>, the canary Ingress <app>-canary.",
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
        description: 'kubernetes-service router: the Service whose selector picks the live color; empty: <kubernetes-app>.',
        default: '',
        actions: COLORED
    },
    {
        name: 'kubernetes-color-label',
        description: "kubernetes-service router: the selector's key that names the color (the pods of each color's Deployment carry it with the value blue or green).",
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
        description: "gateway-api router: index (from 0) of the route's rule whose backendRefs are the two colors' Services; empty: the one rule that names both. The route's other rules and fields are left as they are.",
        default: '',
        actions: COLORED
    },
    {
        name: 'kubernetes-ingress',
        description: "ingress-nginx router: the main Ingress (its backend is one color's Service); empty: <kubernetes-app>.",
        default: '',
        actions: COLORED
    },
    {
        name: 'kubernetes-canary-ingress',
        description: 'ingress-nginx router: the Ingress with nginx.ingress.kubernetes.io/canary: "true" whose backend is the other color\'s Service; empty: <kubernetes-ingress>-canary.',
        default: '',
        actions: COLORED
    },
    {
        name: 'kubernetes-image',
        description: "Deploy without a script: the image set on the idle color's Deployment, {version} replaced by the version (no {version}: the version is the tag, or the digest when it starts with sha256:). The deploy waits until the Deployment has observed the change and every replica is updated and available (progress-deadline); a failed rollout leaves traffic untouched.",
        default: '',
        actions: ['deploy-green']
    },
    {
        name: 'kubernetes-container',
        description: "kubernetes-image: the container whose image is set; empty: the Deployment's only container.",
        default: '',
        actions: ['deploy-green']
    },
    {
        name: 'routers',
        description: 'Several load balancers as one (a YAML list in config-file, or JSON): each {name, router, nginx-upstream-file, router-command-prefix, haproxy-socket, probe-url, …}; what an entry leaves out comes from the other inputs. Every change goes to all of them and is confirmed on each; if one fails, those already changed are put back.',
        default: '',
        multiline: true,
        actions: ALL
    },
    {
        name: 'probe-url',
        description: 'URL through the load balancer; after a switch, requests to it must be answered by the target color. Empty: no confirmation by traffic.',
        default: '',
        actions: ALL
    },
    {
        name: 'probe-header',
        description: 'Response header that names the backend that answered the probe: the backend address (add_header X-Upstream-Addr $upstream_addr always;) or the color name.',
        default: 'x-upstream-addr',
        actions: ALL
    },
    {
        name: 'probe-ca-file',
        description: 'For an https probe-url whose certificate a public CA did not sign: a PEM file with the CA certificate to trust (added to the system CAs). The probe is tried before any change; a TLS failure stops the release with traffic untouched.',
        default: '',
        actions: ALL
    },
    {
        name: 'probe-insecure',
        description: 'true: an https probe-url is not checked against any CA (labs only; prefer probe-ca-file).',
        default: 'false',
        actions: ALL
    },
    {
        name: 'state',
        description: 'Where rollout state is kept: github (deployments and deployment statuses of the environment), file, or auto (github inside GitHub Actions with a token, else file).',
        default: 'auto',
        actions: ALL
    },
    {
        name: 'github-token',
        description: 'Token for the Deployments and commit status APIs (needs deployments: write, statuses: write; actions: read to take over the lease of an ended run). Outside Actions: GITHUB_TOKEN.',
        default: '',
        actionDefault: '${{ github.token }}',
        actions: ALL
    },
    {
        name: 'repository',
        description: 'owner/name of the repository that keeps the state. Default: the repository of the workflow (GITHUB_REPOSITORY).',
        default: '',
        actions: ALL
    },
    {
        name: 'sha',
        description: 'Commit being released or checked; gets the commit statuses. Default: the pull request head for pull_request events, else GITHUB_SHA.',
        default: '',
        actions: ALL
    },
    {
        name: 'production-environment',
        description: 'true or false: mark the GitHub environment as production. Default: GitHub decides (true for "production").',
        default: '',
        actions: ALL
    },
    {
        name: 'transient-environment',
        description: 'true to mark the GitHub environment as transient (e.g. a preview that is destroyed later).',
        default: 'false',
        actions: ALL
    },
    {
        name: 'commit-status',
        description: 'true: post commit statuses (progressive-deploy/<environment> while a rollout runs, progressive-deploy/verify (<environment>), progressive-deploy/plan) when a token and repository are known.',
        default: 'true',
        actions: ALL
    },
    {
        name: 'state-file',
        description: 'State file for the file store. A relative path stays inside the workspace (GITHUB_WORKSPACE, else the working directory); an absolute path is used as given.',
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
        description: 'true to take over an environment whose rollout is still marked in progress, or to switch to a color that failed its checks.',
        default: 'false',
        actions: ALL
    }
];
/** Outputs every action sets. */
const OUTPUTS = [
    {
        name: 'active-color',
        description: 'Color that takes all traffic after this step (during a canary: the stable color, which takes most).'
    },
    {
        name: 'previous-color',
        description: "Color that took traffic before this step; after a canary is aborted or rolled back, the canary's color (traffic was taken from it)."
    },
    { name: 'idle-color', description: 'Color that takes no traffic after this step.' },
    {
        name: 'version',
        description: 'Version that serves traffic after this step, as the router and the records show it (rolling: the version every instance in rotation runs; empty when they run several, see fleet).'
    },
    {
        name: 'previous-version',
        description: "Version that served before this step; after a canary is aborted or rolled back, the canary's version (rolling: empty when the fleet ran several)."
    },
    { name: 'deployed-color', description: 'Color this step deployed to or verified (if any).' },
    { name: 'target-url', description: 'The service URL (service-url, else the probe URL).' },
    { name: 'result', description: 'success, failure, or no-op.' },
    {
        name: 'phase',
        description: 'Where the release stands after this step: deployed, verified, canary, paused, live or failed.'
    },
    {
        name: 'canary-weight',
        description: 'Share of traffic (percent) on the canary after this step, read back from the router (0 after an abort, also for status); empty for blue/green.'
    },
    {
        name: 'fleet',
        description: 'Rolling updates: what the instances run after this step, e.g. "4 × v2, 2 × v1, 1 out of rotation".'
    }
];
function inputDefinition(name) {
    const found = INPUTS.find(i => i.name === name);
    if (!found)
        throw new Error(`bug: no input definition named ${name}`);
    return found;
}

;// CONCATENATED MODULE: ./src/config/settings.ts
const COLORS = ['blue', 'green'];
const COMMANDS = [
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
];
const KUBERNETES_ROUTERS = [
    'kubernetes-service',
    'gateway-api',
    'ingress-nginx'
];
const HOOKS = ['pre-switch', 'post-switch', 'post-rollback'];

;// CONCATENATED MODULE: ./src/config/text-rules.ts
/**
 * Rules for the text a user gives. Every value ends up somewhere that treats some characters as
 * syntax: a log line the Actions runner parses for workflow commands, an HAProxy runtime command,
 * a PromQL string, a path, a remote shell word. The rules here are checked once, while parsing,
 * so nothing later has to wonder what a value may hold. Pure.
 */
/**
 * Characters no single-line value may hold: C0/C1 controls (NUL, newline, escape ...), the Unicode
 * line and paragraph separators, and the bidirectional overrides that make a log line read
 * differently from what it holds.
 */
const CONTROL = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
/** The same for multi-line values (lists, YAML), which may hold tab, line feed and carriage return. */
const CONTROL_MULTILINE = 
// eslint-disable-next-line no-control-regex -- matching control characters is the point
/[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
/** Longest value shown in a message before it is cut. */
const SHOWN = 60;
/**
 * A value as a message shows it: quoted, control characters written as escapes (\n, \u0000), and
 * cut after a few dozen characters with its full length said, so a 10,000-character value does
 * not flood the log.
 */
function quote(value, max = SHOWN) {
    const chars = [...value];
    const cut = chars.length > max;
    // JSON escapes C0 controls, quotes and backslashes; the rest of CONTROL is escaped here.
    const shown = JSON.stringify(cut ? chars.slice(0, max).join('') : value).replace(new RegExp(CONTROL.source, 'gu'), c => `\\u${c.codePointAt(0).toString(16).padStart(4, '0')}`);
    return cut ? `${shown.slice(0, -1)}…" (${chars.length} characters)` : shown;
}
/** Why a raw value cannot be used at all, or undefined when it can. */
function textProblem(value, limits) {
    const bad = (limits.multiline ? CONTROL_MULTILINE : CONTROL).exec(value);
    if (bad) {
        const code = bad[0].codePointAt(0);
        return `${quote(value)} holds the control character U+${code.toString(16).toUpperCase().padStart(4, '0')} at position ${bad.index + 1}; give printable text${limits.multiline ? '' : ' on one line'}.`;
    }
    const length = [...value].length;
    if (length > limits.maxLength)
        return `${quote(value)} is too long: at most ${limits.maxLength} characters.`;
    return undefined;
}
/** Longest version accepted: it is shown in every status description (GitHub allows 140 characters). */
const VERSION_MAX = 100;
/**
 * A version: printable text of bounded length (a tag, a SHA, an image reference), one word, and
 * no quote or backslash, so that {{canary_version}} stays one string inside a PromQL query.
 */
function versionProblem(value) {
    const text = textProblem(value, { maxLength: VERSION_MAX });
    if (text)
        return text;
    if (/\s/u.test(value))
        return `${quote(value)} holds white space; a version is one word (a tag, a SHA, an image digest).`;
    if (/["'`\\]/.test(value))
        return `${quote(value)} holds a quote or a backslash, which would end the string it is put into in a PromQL query; use a tag or a SHA.`;
    return undefined;
}
/**
 * Names that reach an HAProxy runtime command, a PromQL label or a file name: HAProxy's own
 * character set for proxy and server names. A space, ";" or a newline would start another command.
 */
const NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
function nameProblem(value, what) {
    if (NAME.test(value))
        return undefined;
    return `${quote(value)} is not ${what}: use 1 to 64 letters, digits, "_", ".", ":" or "-".`;
}
/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
function headerNameProblem(value) {
    return HEADER_NAME.test(value)
        ? undefined
        : `${quote(value)} is not an HTTP header name (letters, digits and - _ . and no spaces).`;
}
/**
 * Words of a command (argv): printable; a word may span lines (a script given to bash -c or
 * node -e), since it is passed as one argument and printed through the log filter. A prefix
 * word (`oneLine`) reaches a remote shell and may not.
 */
function wordProblem(word, oneLine = false) {
    const bad = (oneLine ? CONTROL : CONTROL_MULTILINE).exec(word);
    if (!bad)
        return undefined;
    return `the word ${quote(word)} holds a control character${oneLine ? ' or a line break' : ''}; write a script for anything that needs one.`;
}

;// CONCATENATED MODULE: ./src/cli-args.ts




/**
 * `progressive-deploy <command> [--input-name value | --input-name=value]...`. Flags are the
 * action's input names; `--force` alone means true. Unknown flags are errors, not ignored.
 */
function parseCliArgs(argv) {
    const known = new Set(INPUTS.map(i => i.name));
    const args = { flags: {}, help: false, json: false };
    for (let i = 0; i < argv.length; i++) {
        const word = argv[i];
        if (word === '--help' || word === '-h') {
            args.help = true;
            continue;
        }
        if (word === '--json') {
            args.json = true;
            continue;
        }
        if (!word.startsWith('--')) {
            if (args.command !== undefined)
                throw ConfigurationError.single('command', `unexpected word ${quote(word)}; give one command (${COMMANDS.join(', ')}) and --flags.`);
            args.command = word;
            continue;
        }
        const eq = word.indexOf('=');
        const name = word.slice(2, eq === -1 ? undefined : eq);
        if (!known.has(name))
            throw ConfigurationError.single(/^[\w-]{1,64}$/.test(name) ? `--${name}` : quote(`--${name}`), `unknown flag. See progressive-deploy --help for the flags (the action's input names).`);
        if (eq !== -1)
            args.flags[name] = word.slice(eq + 1);
        else if (name === 'force' && (argv[i + 1] === undefined || argv[i + 1].startsWith('--')))
            args.flags[name] = 'true';
        else if (argv[i + 1] === undefined)
            throw ConfigurationError.single(`--${name}`, 'needs a value.');
        else
            args.flags[name] = argv[++i];
    }
    return args;
}
function usage() {
    const lines = [
        'Usage: progressive-deploy <command> [--flag value]...',
        '',
        `Commands: ${COMMANDS.join(', ')}`,
        '',
        'Flags (the same names as the GitHub Action inputs; --config-file reads them from YAML):'
    ];
    for (const input of INPUTS) {
        if (input.name === 'command')
            continue;
        lines.push(`  --${input.name}${input.default ? ` (default: ${input.default})` : ''}`, `      ${input.description}`);
    }
    lines.push('', '  --json   print the outputs as JSON after the report');
    return lines.join('\n');
}

// EXTERNAL MODULE: ./src/platform/log-safety.ts
var log_safety = __nccwpck_require__(784);
;// CONCATENATED MODULE: ./src/platform/logger.ts

function consoleLogger(verbose = false) {
    return {
        info: message => console.log((0,log_safety/* safeForLog */.p)(message)),
        warn: message => console.error((0,log_safety/* safeForLog */.p)(`warning: ${message}`)),
        error: message => console.error((0,log_safety/* safeForLog */.p)(`error: ${message}`)),
        debug: message => {
            if (verbose)
                console.error((0,log_safety/* safeForLog */.p)(`debug: ${message}`));
        }
    };
}
/** Collects messages; for tests and for quiet runs. */
class MemoryLogger {
    lines = [];
    info(message) {
        this.lines.push(message);
    }
    warn(message) {
        this.lines.push(`warning: ${message}`);
    }
    error(message) {
        this.lines.push(`error: ${message}`);
    }
    debug() { }
}

;// CONCATENATED MODULE: ./src/routers/traffic-router.ts
/** The one target that takes all traffic, or undefined for a split or an empty table. */
function soleTarget(weights) {
    const serving = Object.entries(weights).filter(([, weight]) => weight > 0);
    return serving.length === 1 ? serving[0][0] : undefined;
}
/** Turns any non-negative weights into percentages that sum to 100. */
function toPercentages(raw) {
    const total = Object.values(raw).reduce((sum, w) => sum + w, 0);
    const result = {};
    for (const [name, weight] of Object.entries(raw))
        result[name] = total === 0 ? 0 : (weight * 100) / total;
    return result;
}
/** "95% blue / 5% green": a split as messages say it. */
function describeSplit(weights) {
    return Object.entries(weights)
        .map(([t, w]) => `${Math.round(w)}% ${t}`)
        .join(' / ');
}

;// CONCATENATED MODULE: ./src/strategies/strategy.ts
/** deploying → deployed → verified: the first two steps of blue/green and canary alike. */
function deployPhase(phase, verdict) {
    const after = { deploying: 'deployed', deployed: 'verified' };
    const next = after[phase];
    if (next === undefined)
        return undefined;
    return verdict.outcome === 'pass'
        ? { phase: next, description: verdict.reason }
        : { phase: 'failed', description: verdict.reason };
}

;// CONCATENATED MODULE: ./src/state/slot.ts

/**
 * Narrows a record for the blue/green and canary commands. A rolling update runs on a fleet, not
 * a color: those commands cannot act on it, and say which strategy can.
 */
function colorRecord(record) {
    if (record.color === 'fleet') {
        throw ConfigurationError.single('strategy', `${record.version} in "${record.environment}" is a rolling update across instances, not a release on a color; use strategy: rolling (command rolling or status).`);
    }
    return record;
}
function isColorRecord(record) {
    return record !== undefined && record.color !== 'fleet';
}

;// CONCATENATED MODULE: ./src/strategies/blue-green.ts




function otherColor(color) {
    return color === 'blue' ? 'green' : 'blue';
}
/** The color the router sends all traffic to; a split or an empty table is refused with the fix. */
function liveColorOf(weights) {
    const sole = soleTarget(weights);
    if (sole === 'blue' || sole === 'green')
        return sole;
    throw ConfigurationError.single('environment', `this needs all traffic on one color, but the router holds ${blue_green_describeSplit(weights)}. Settle it first: rollback (all traffic back on the last live release), or switch with switch-to: blue or switch-to: green.`);
}
/** "blue 80%, green 20%" */
function blue_green_describeSplit(weights) {
    return (Object.entries(weights)
        .map(([name, w]) => `${name} ${Math.round(w)}%`)
        .join(', ') || 'no servers');
}
/** Blue/green phase machine: deploying → deployed → verified → live; any failed check → failed. */
const blueGreen = {
    name: 'blue-green',
    steps: ['deploy-green', 'verify', 'switch'],
    next(at, verdict) {
        const deploy = deployPhase(at.phase, verdict);
        if (deploy)
            return deploy;
        if (verdict.outcome !== 'pass')
            return { phase: 'failed', description: verdict.reason };
        if (at.phase === 'verified')
            return { phase: 'live', description: verdict.reason };
        throw new Error(`bug: blue/green has no step after ${at.phase}`);
    }
};
/** Where deploy-green puts the new version: always the color without traffic. */
function planDeploy(routerWeights) {
    const live = liveColorOf(routerWeights);
    return { color: otherColor(live), live };
}
/** Phases in which a color must not take traffic without `force`. */
const UNFIT = ['failed', 'deploying'];
/** Decides what `switch` does. Refusals are ConfigurationErrors: nothing has been touched yet. */
function planSwitch(option, routerWeights, state, force) {
    const sole = soleTarget(routerWeights);
    if (sole !== 'blue' && sole !== 'green' && (option === 'idle' || option === 'previous'))
        throw ConfigurationError.single('switch-to', `traffic is split (${blue_green_describeSplit(routerWeights)}), so "${option}" names no color; say which takes all of it: switch-to: blue or switch-to: green (rollback puts it all on the last live release).`);
    // A split (a canary, a run that died half-way) is settled by naming the color.
    const to = option === 'idle' || option === 'previous' ? otherColor(sole) : option;
    const from = sole === 'blue' || sole === 'green' ? sole : otherColor(to);
    if (to === from)
        return { kind: 'no-op', color: to, reason: `${to} already takes all traffic` };
    const record = state?.colors[to];
    if (!force) {
        if (!record) {
            throw ConfigurationError.single('switch-to', `nothing is recorded as deployed on ${to}; run deploy-green first, or set force: true if ${to} is known to be good.`);
        }
        if (UNFIT.includes(record.phase)) {
            throw ConfigurationError.single('switch-to', `${to} runs ${record.version}, which is ${record.phase === 'failed' ? 'marked failed' : 'still deploying'} ("${lastDescription(record)}"). Deploy a good version first, or set force: true.`);
        }
    }
    // Going back to a color that was live before is a rollback of the current release.
    const back = record !== undefined &&
        (option === 'previous' || record.phase === 'superseded' || record.phase === 'rolled-back');
    return { kind: 'switch', from, to, record, back };
}
/**
 * Decides what `rollback` does: with a canary holding part of the traffic, all of it back on the
 * stable side; else back to the last good release, switching when it still runs on the idle
 * color and redeploying it there first when not.
 */
function planRollback(state, routerWeights, requestedVersion) {
    const progress = state?.inProgress;
    if (progress &&
        isColorRecord(progress) &&
        (progress.phase === 'canary' || progress.phase === 'paused') &&
        (routerWeights[progress.color] ?? 0) > 0)
        return { kind: 'restore-stable', canary: progress, stable: otherColor(progress.color) };
    const recorded = state?.live;
    if (!state || !recorded) {
        throw ConfigurationError.single('environment', `no live release is recorded for environment "${state?.environment ?? '?'}"; there is nothing to roll back.`);
    }
    const live = colorRecord(recorded);
    const routerLive = liveColorOf(routerWeights);
    if (routerLive !== live.color) {
        throw ConfigurationError.single('environment', `the state says ${live.version} is live on ${live.color}, but the router sends traffic to ${routerLive}. Check the router, then use switch with switch-to: ${live.color} or ${routerLive} to settle it.`);
    }
    const version = requestedVersion !== '' ? requestedVersion : state.lastKnownGood?.version;
    if (version === undefined) {
        throw ConfigurationError.single('rollback-version', `no earlier good release is recorded before ${live.version}; name the version to return to with rollback-version.`);
    }
    if (version === live.version) {
        throw ConfigurationError.single('rollback-version', `${version} is already live on ${live.color}; name another version.`);
    }
    const color = otherColor(live.color);
    const idle = state.colors[color];
    const runsThere = idle !== undefined && idle.version === version && !UNFIT.includes(idle.phase);
    const restores = [state.lastKnownGood, idle, state.colors[live.color]].find(r => r !== undefined && r.version === version);
    return {
        kind: 'release',
        from: live,
        version,
        color,
        redeploy: !runsThere,
        ...(restores ? { restores } : {})
    };
}
function lastDescription(record) {
    return record.events[record.events.length - 1]?.description ?? record.phase;
}

;// CONCATENATED MODULE: ./src/strategies/canary.ts


/**
 * The canary's phase machine: deploying → deployed → verified, then a step at a time: each
 * passed step leads to the next weight (canary), a pause step or gates that could not decide
 * stop it (paused), the last step makes it live, a failed gate aborts it (failed). A person's
 * promote passes a paused canary over the pause right after it.
 */
function canaryStrategy(steps) {
    const total = steps.length;
    return {
        name: 'canary',
        steps: planSteps({ strategy: 'canary', canary: { steps } }),
        next(at, verdict) {
            const deploy = deployPhase(at.phase, verdict);
            if (deploy)
                return deploy;
            if (verdict.outcome === 'fail')
                return { phase: 'failed', description: verdict.reason };
            const weightAt = (index) => {
                const before = steps
                    .slice(0, index + 1)
                    .reverse()
                    .find(s => s.kind === 'weight');
                return before?.kind === 'weight' ? before.weight : 0;
            };
            if (verdict.outcome === 'inconclusive')
                return {
                    phase: 'paused',
                    description: verdict.reason,
                    step: { index: at.index, total, weight: weightAt(at.index) }
                };
            const action = nextCanaryAction(steps, at.index, at.phase === 'paused');
            if (action.kind === 'complete')
                return { phase: 'live', description: verdict.reason };
            if (action.kind === 'pause')
                return {
                    phase: 'paused',
                    description: 'waiting for promote (pause step)',
                    step: { index: action.index, total, weight: weightAt(action.index) }
                };
            return {
                phase: 'canary',
                description: `baking ${action.bakeMs / 1000}s`,
                step: { index: action.index, total, weight: action.weight }
            };
        }
    };
}
/**
 * The action after step `done` (-1 before the first). Pure. A pause is passed over when the
 * rollout is being promoted past it (`promoting`).
 */
function nextCanaryAction(steps, done, promoting) {
    const index = done + 1;
    if (index >= steps.length)
        return { kind: 'complete' };
    const step = steps[index];
    if (step.kind === 'pause')
        return promoting ? nextCanaryAction(steps, index, false) : { kind: 'pause', index };
    return { kind: 'shift', index, weight: step.weight, bakeMs: step.bakeMs };
}
/** The split for a canary weight: the rest stays on stable. */
function canaryWeights(canary, weight) {
    return { [canary]: weight, [otherColor(canary)]: 100 - weight };
}
/** Abort: everything back on stable. */
function stableWeights(canary) {
    return canaryWeights(canary, 0);
}
/** The plan's steps as people read them (and as the deployment payload keeps them). */
function planSteps(settings) {
    if (settings.strategy === 'blue-green')
        return ['deploy-green', 'verify', 'switch'];
    return [
        'deploy-green',
        'verify',
        ...settings.canary.steps.map(s => (s.kind === 'pause' ? 'pause' : `canary ${s.weight}%`))
    ];
}

;// CONCATENATED MODULE: ./src/strategies/index.ts


/** The phase machine of a blue/green pair's strategy (a rolling update builds its own from its plan). */
function colorStrategy(settings) {
    return settings.strategy === 'canary' ? canaryStrategy(settings.canary.steps) : blueGreen;
}
/**
 * Where a release stands by its records. A canary step is recorded when it begins, so a record
 * still in `canary` had not finished that step (a run that died mid-bake redoes it); a pause is
 * where it waits, done.
 */
function positionOf(record) {
    const last = [...record.events].reverse().find(e => e.step);
    if (!last?.step)
        return { phase: record.phase, index: -1 };
    return {
        phase: record.phase,
        index: last.phase === 'paused' ? last.step.index : last.step.index - 1
    };
}

;// CONCATENATED MODULE: ./src/state/lease.ts

/**
 * Phases in which nothing of the release is running: verified, waiting for a switch (a later
 * job, an approval) or for nothing at all (a preview). A newer release may supersede it without
 * force: the waiting run, if it ever goes on, finds its record superseded at its next fence and
 * stops before touching anything. (Deployed is not at rest: verify may be running on it.)
 */
const AT_REST = ['verified'];
/**
 * Decides whether a new rollout may start. Pure. A held lease may be taken over when the holder is
 * at rest, when the plan forces it, when this same run or process holds it (a re-run, the next
 * job), or when the run that holds it has ended; anything else is refused before any change.
 */
function checkLease(state, plan, holderEnded = false) {
    const holder = state?.inProgress;
    if (!holder)
        return {};
    const take = (phase, why) => ({
        takeOver: { id: holder.id, phase, why }
    });
    if (AT_REST.includes(holder.phase) && holder.color !== 'fleet')
        return take('superseded', `superseded by ${plan.version} (${plan.actor}) before it took traffic`);
    if (plan.force)
        return take('failed', `taken over by ${plan.actor} (force)`);
    // A rolling update stopped by max-batches waits for the next run by design.
    const continued = holder.phase === 'paused' && holder.color === 'fleet';
    if (holder.runId !== '' && holder.runId === plan.runId) {
        return take('failed', continued
            ? `continued by the next job of run ${plan.runId}`
            : `replaced by a new attempt of run ${plan.runId}`);
    }
    // This very process opened it (a local run that goes on): it cannot be running elsewhere.
    if (holder.process !== undefined && holder.process !== '' && holder.process === plan.process)
        return take('failed', `continued by the same process (${plan.process})`);
    if (holderEnded && continued)
        return take('failed', `continued by ${plan.actor} after run ${holder.runId || holder.process} stopped it`);
    if (holderEnded)
        return take('failed', `run ${holder.runId || holder.process} ended without finishing it; taken over by ${plan.actor}`);
    throw ConfigurationError.single('force', heldMessage(plan.environment, holder));
}
/** Why a new rollout is refused while another holds the environment, and what to do. */
function heldMessage(environment, holder) {
    return `environment "${environment}" has a rollout in progress: ${holder.version} on ${holder.color} (${holder.phase}), started ${holder.createdAt} by ${holder.actor}${holder.runUrl ? ` (${holder.runUrl})` : ''}. Finish it (switch, promote or abort), wait for that run to end, or set force: true to take over.`;
}
/** The description a losing claim is recorded with, and the message of its LeaseLost. */
function lostTo(winner) {
    return `another run claimed the environment in the same moment: ${winner.version} on ${winner.color} (#${winner.id}) by ${winner.actor}${winner.runUrl ? ` ${winner.runUrl}` : ''}; nothing was changed`;
}
/** Why a record no longer holds the lease. */
function notHeld(record) {
    const last = record.events[record.events.length - 1];
    return `${record.version} on ${record.color} (#${record.id}) no longer holds the lease: it is ${record.phase}${last ? ` (${last.description})` : ''}`;
}

;// CONCATENATED MODULE: ./src/state/claim.ts

/**
 * Takes the environment's lease and opens a record. The lease is checked against the state as
 * read (a holder at rest is superseded, a forced or ended one failed, anything else refused
 * before any change); the store then settles claims made in the same moment (store.begin).
 */
async function claimLease(store, plan, log) {
    const state = await store.load(plan.environment);
    const holder = state?.inProgress;
    const sameRun = holder !== undefined && holder.runId !== '' && holder.runId === plan.runId;
    // Whether its run is gone matters only for a holder that is neither at rest nor forced.
    const gone = holder && !plan.force && !sameRun && !AT_REST.includes(holder.phase)
        ? await store.holderGone(holder)
        : false;
    const { takeOver } = checkLease(state, { ...plan, seenUpTo: 0 }, gone);
    if (takeOver && holder) {
        log?.info(`lease: ${holder.version} on ${holder.color} (#${holder.id}) ${takeOver.why}`);
        await store.transition(holder, { phase: takeOver.phase, description: takeOver.why });
    }
    return store.begin({
        ...plan,
        seenUpTo: state?.newestId ?? 0,
        ...(state
            ? {
                context: {
                    live: state.live?.id,
                    lastKnownGood: state.lastKnownGood?.id,
                    blue: state.colors.blue?.id,
                    green: state.colors.green?.id,
                    fleet: state.fleet?.record.id
                }
            }
            : {})
    });
}

;// CONCATENATED MODULE: ./src/commands/shared/open-record.ts

/** Takes the environment's lease and opens this run's record (state/claim.ts). */
async function openRecord(ctx, parts) {
    return claimLease(ctx.store, {
        environment: ctx.settings.environment,
        actor: ctx.actor,
        runId: ctx.runId,
        runUrl: ctx.runUrl,
        process: ctx.process,
        ...parts,
        sha: parts.sha || ctx.settings.github?.sha || ''
    }, ctx.log);
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/config/yaml.ts
let yamlParse;
/** Thrown (never caught by a parser) when a text needs the YAML parser that is not loaded yet. */
class YamlParserNeeded extends Error {
    constructor() {
        super('the YAML parser is not loaded');
    }
}
/** JSON as JSON (every JSON document is YAML too), anything else as YAML. */
function parseYamlOrJson(text) {
    try {
        return { value: JSON.parse(text) };
    }
    catch {
        // not JSON: YAML below
    }
    if (!yamlParse)
        throw new YamlParserNeeded();
    try {
        return { value: yamlParse(text) };
    }
    catch (error) {
        return { problem: error.message };
    }
}
async function loadYamlParser() {
    yamlParse ??= (await __nccwpck_require__.e(/* import() */ 815).then(__nccwpck_require__.t.bind(__nccwpck_require__, 8815, 19))).parse;
}
/** Runs a pure parse; when it needed YAML, loads the parser and runs it again. */
async function withYamlOnDemand(parse) {
    try {
        return parse();
    }
    catch (error) {
        if (!(error instanceof YamlParserNeeded))
            throw error;
        await loadYamlParser();
        return parse();
    }
}

;// CONCATENATED MODULE: ./src/config/parse-kubeconfig.ts



/**
 * The connection a kubeconfig gives for one context: server, trust, credentials and namespace.
 * `value` is a file path, the file's content (from a secret), or '' ($KUBECONFIG, else
 * ~/.kube/config). Returns a problem sentence (with its fix) instead of throwing.
 */
function parseKubeconfig(value, contextName, machine) {
    const source = kubeconfigText(value, machine);
    if (typeof source === 'string')
        return source;
    const parsed = parseYamlOrJson(source.text);
    if ('problem' in parsed)
        return `${source.where} is not YAML: ${firstLine(parsed.problem)}.`;
    const doc = parsed.value;
    if (!isEntry(doc))
        return `${source.where} is not a kubeconfig (a YAML mapping with clusters, users and contexts).`;
    const name = contextName !== '' ? contextName : String(doc['current-context'] ?? '');
    if (name === '')
        return `${source.where} has no current-context; set kubernetes-context to one of: ${names(doc.contexts)
            .map(n => quote(n))
            .join(', ') || '(none)'}.`;
    const context = named(doc.contexts, name, 'context');
    if (!context)
        return `context ${quote(String(name))} is not in ${source.where}; it has: ${names(doc.contexts)
            .map(n => quote(n))
            .join(', ') || '(none)'}.`;
    const cluster = named(doc.clusters, String(context.cluster ?? ''), 'cluster');
    if (!cluster)
        return `context ${quote(String(name))} names cluster ${quote(String(context.cluster ?? ''))}, which ${source.where} does not define.`;
    const user = named(doc.users, String(context.user ?? ''), 'user') ?? {};
    const server = String(cluster.server ?? '');
    if (!/^https?:\/\/[^\s/]+/.test(server))
        return `cluster ${quote(String(context.cluster))} has no server URL (https://host:port).`;
    const readRelative = (file) => machine.readFile(external_node_path_default().isAbsolute(file) ? file : external_node_path_default().join(source.dir, file));
    const ca = pem(cluster, 'certificate-authority', readRelative);
    if (ca.problem)
        return `cluster ${quote(String(context.cluster))}: ${ca.problem}`;
    if (user.exec !== undefined || user['auth-provider'] !== undefined)
        return `user ${quote(String(context.user))} gets its credentials from a plugin (exec or auth-provider), which progressive-deploy does not run: run it in a step before (e.g. aws eks get-token, gcloud auth print-access-token) and give kubeconfig a user with token, or a ServiceAccount token from a secret.`;
    let token = typeof user.token === 'string' ? user.token : undefined;
    if (token === undefined && typeof user.tokenFile === 'string') {
        token = readRelative(user.tokenFile)?.trim();
        if (token === undefined)
            return `user ${quote(String(context.user))}: tokenFile ${quote(String(user.tokenFile))} cannot be read.`;
    }
    const cert = pem(user, 'client-certificate', readRelative);
    const key = pem(user, 'client-key', readRelative);
    const problem = cert.problem ?? key.problem;
    if (problem)
        return `user ${quote(String(context.user))}: ${problem}`;
    if (token === undefined && (cert.value === undefined || key.value === undefined))
        return `user ${quote(String(context.user))} has no token and no client certificate and key; give one of them.`;
    if (token !== undefined && /[\s\0]/.test(token))
        return `user ${quote(String(context.user))}: the token holds whitespace; give it on one line.`;
    const namespace = typeof context.namespace === 'string' ? context.namespace : undefined;
    return {
        server: server.replace(/\/+$/, ''),
        context: name,
        insecure: cluster['insecure-skip-tls-verify'] === true,
        ...(ca.value !== undefined ? { ca: ca.value } : {}),
        ...(token !== undefined ? { token } : {}),
        ...(cert.value !== undefined ? { cert: cert.value } : {}),
        ...(key.value !== undefined ? { key: key.value } : {}),
        ...(namespace ? { namespace } : {})
    };
}
function kubeconfigText(value, machine) {
    // Content from a secret has lines; a path has none.
    if (value.includes('\n'))
        return { text: value, where: 'the kubeconfig given', dir: '.' };
    const file = value !== ''
        ? value
        : (machine.env.KUBECONFIG?.split(':')[0] ??
            external_node_path_default().join(machine.env.HOME ?? '/root', '.kube', 'config'));
    const text = machine.readFile(file);
    if (text === undefined)
        return value !== ''
            ? `${quote(file)} cannot be read; give the kubeconfig's path or its content (e.g. kubeconfig: \${{ secrets.KUBECONFIG }}).`
            : `no kubeconfig: set kubeconfig (a path, or the content from a secret), or KUBECONFIG; ${quote(file)} cannot be read.`;
    return { text, where: quote(file), dir: external_node_path_default().dirname(file) };
}
/** `<field>-data` (base64) or `<field>` (a file): the PEM text, or what is wrong with it. */
function pem(entry, field, read) {
    const data = entry[`${field}-data`];
    if (typeof data === 'string') {
        const text = Buffer.from(data, 'base64').toString('utf8');
        return text.includes('-----BEGIN')
            ? { value: text }
            : { problem: `${field}-data is not base64 of a PEM block.` };
    }
    const file = entry[field];
    if (typeof file !== 'string')
        return {};
    const text = read(file);
    if (text === undefined)
        return { problem: `${field} ${quote(file)} cannot be read.` };
    return text.includes('-----BEGIN')
        ? { value: text }
        : { problem: `${field} ${quote(file)} holds no PEM block.` };
}
function isEntry(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** The inner mapping of `{name, <kind>: {...}}` in a kubeconfig list. */
function named(list, name, kind) {
    if (!Array.isArray(list))
        return undefined;
    const found = list.find(item => isEntry(item) && item.name === name);
    const inner = found?.[kind];
    return isEntry(inner) ? inner : undefined;
}
function names(list) {
    return Array.isArray(list)
        ? list
            .filter(isEntry)
            .map(item => String(item.name))
            .slice(0, 10)
        : [];
}
function firstLine(text) {
    return text.split('\n')[0];
}

;// CONCATENATED MODULE: ./src/config/parse-kubernetes.ts



/** A DNS-1035 label: what Kubernetes accepts as a Service, namespace or container name. */
const LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A DNS-1123 subdomain: Deployment, HTTPRoute and Ingress names. */
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** A label key: an optional DNS prefix and "/", then 1 to 63 letters, digits, - _ . */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** An image reference with {version} where the version goes: registry/path[:tag][@digest]. */
const IMAGE = /^[a-z0-9][a-z0-9._\-/:]*(\{version\}[a-z0-9._\-/:@]*)?$/i;
/** Gateway API allows at most 16 rules per HTTPRoute. */
const MAX_RULE = 15;
function isKubernetesRouter(type) {
    return KUBERNETES_ROUTERS.includes(type);
}
/**
 * The Kubernetes part of the settings, when a Kubernetes router or kubernetes-image is used;
 * undefined otherwise. The kubeconfig is read now, so a bad one stops the run before anything.
 */
function parseKubernetes(r, strategy, routers, multipleAddresses) {
    const router = routers[0].type;
    const onKubernetes = isKubernetesRouter(router);
    const image = r.get('kubernetes-image');
    if (!onKubernetes && image === '')
        return undefined;
    if (routers.length > 1 && routers.some(x => isKubernetesRouter(x.type)))
        r.fail('routers', 'Kubernetes routers are one object each; give one router, not routers.');
    if (onKubernetes && strategy === 'rolling')
        r.fail('strategy', `rolling replaces instances behind a load balancer; on Kubernetes a Deployment rolls its own pods. Use blue-green or canary with router ${router}.`);
    if (router === 'kubernetes-service' && strategy === 'canary')
        r.fail('router', 'kubernetes-service switches a Service selector, which cannot split traffic; a canary needs router gateway-api or ingress-nginx.');
    if (onKubernetes && multipleAddresses)
        r.fail('blue-addresses', "on Kubernetes each color is one Service: give blue-address and green-address (a URL of each color's Service the runner reaches), not pools.");
    const connection = parseKubeconfig(r.get('kubeconfig'), r.get('kubernetes-context'), r.machine);
    if (typeof connection === 'string')
        r.fail(r.given('kubernetes-context') && connection.startsWith('context ')
            ? 'kubernetes-context'
            : 'kubeconfig', connection);
    const namespace = r.get('kubernetes-namespace') ||
        (typeof connection === 'string' ? '' : connection.namespace) ||
        'default';
    if (!LABEL.test(namespace))
        r.fail('kubernetes-namespace', `${quote(namespace)} is not a namespace name (lowercase letters, digits and -).`);
    const app = r.get('kubernetes-app');
    // Names left empty without kubernetes-app: one problem, on kubernetes-app, listing them.
    const unnamed = [];
    const named = (field, fallback, rule) => {
        const value = r.get(field) || (app !== '' ? `${app}${fallback}` : '');
        if (value === '')
            unnamed.push(field);
        else if (!rule.test(value))
            r.fail(field, `${quote(value)} is not a Kubernetes name (lowercase letters, digits and -, at most 63).`);
        return value;
    };
    if (app !== '' && !LABEL.test(app))
        r.fail('kubernetes-app', `${quote(app)} is not a Kubernetes name (lowercase letters, digits and -, at most 63).`);
    const names = {
        blue: named('kubernetes-blue-name', '-blue', LABEL),
        green: named('kubernetes-green-name', '-green', LABEL)
    };
    if (names.blue !== '' && names.blue === names.green)
        r.fail('kubernetes-green-name', `blue and green are both ${quote(names.blue)}; each color needs its own Deployment and Service.`);
    const colorLabel = r.get('kubernetes-color-label');
    if (!LABEL_KEY.test(colorLabel))
        r.fail('kubernetes-color-label', `${quote(colorLabel)} is not a label key (e.g. color or app.example.com/color).`);
    const ingress = router === 'ingress-nginx'
        ? named('kubernetes-ingress', '', SUBDOMAIN)
        : r.get('kubernetes-ingress');
    const canaryDefault = `${ingress || app}-canary`;
    const settings = {
        connection: typeof connection === 'string' ? { server: '', context: '', insecure: false } : connection,
        namespace,
        names,
        service: router === 'kubernetes-service'
            ? named('kubernetes-service', '', LABEL)
            : r.get('kubernetes-service'),
        colorLabel,
        route: router === 'gateway-api'
            ? named('kubernetes-route', '', SUBDOMAIN)
            : r.get('kubernetes-route'),
        ingress,
        canaryIngress: router === 'ingress-nginx'
            ? r.get('kubernetes-canary-ingress') || canaryDefault
            : r.get('kubernetes-canary-ingress'),
        container: r.get('kubernetes-container'),
        progressDeadlineMs: r.durationMs('progress-deadline')
    };
    if (router === 'ingress-nginx') {
        if (!SUBDOMAIN.test(settings.canaryIngress))
            r.fail('kubernetes-canary-ingress', `${quote(settings.canaryIngress)} is not a Kubernetes name.`);
        else if (settings.canaryIngress === ingress)
            r.fail('kubernetes-canary-ingress', 'must be another Ingress than kubernetes-ingress (the canary Ingress sits beside the main one).');
    }
    if (unnamed.length > 0)
        r.fail('kubernetes-app', `missing: name the app (its objects default from it: <app>-blue, <app>-green, …), or set ${unnamed.join(', ')}.`);
    const rule = r.get('kubernetes-route-rule');
    if (rule !== '') {
        if (!/^\d{1,2}$/.test(rule) || Number(rule) > MAX_RULE)
            r.fail('kubernetes-route-rule', `${quote(rule)} is not a rule index (0 to ${MAX_RULE}); leave it empty to use the rule that names both colors' Services.`);
        else
            settings.routeRule = Number(rule);
    }
    if (settings.container !== '' && !LABEL.test(settings.container))
        r.fail('kubernetes-container', `${quote(settings.container)} is not a container name.`);
    if (image !== '') {
        if (!IMAGE.test(image) || image.length > 512)
            r.fail('kubernetes-image', `${quote(image)} is not an image reference (e.g. ghcr.io/org/app or ghcr.io/org/app:{version}).`);
        else
            settings.image = image;
    }
    return settings;
}
/** The image a version deploys: {version} replaced; else the version as the tag (or digest). Pure. */
function imageFor(template, version) {
    if (template.includes('{version}'))
        return template.replaceAll('{version}', version);
    return version.startsWith('sha256:') ? `${template}@${version}` : `${template}:${version}`;
}
/** An image a Kubernetes API server accepts, checked after the version went in. */
function imageProblem(image) {
    return /^[a-z0-9][a-z0-9._\-/:@]*$/i.test(image) && image.length <= 512
        ? undefined
        : `${quote(image)} is not an image reference; the version must be a tag (letters, digits, . _ -) or a sha256: digest.`;
}

;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_namespaceObject);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(7067);
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_);
;// CONCATENATED MODULE: ./src/platform/kube-api.ts



/** A refusal by the API server: its HTTP status and reason, and a message that says what to do. */
class KubeApiError extends BackendError {
    status;
    reason;
    constructor(message, status, reason) {
        super(message);
        this.status = status;
        this.reason = reason;
        this.name = 'KubeApiError';
    }
}
const CONTENT_TYPES = {
    json: 'application/json-patch+json',
    merge: 'application/merge-patch+json',
    strategic: 'application/strategic-merge-patch+json'
};
const TIMEOUT_MS = 10_000;
const MAX_BODY = 4 * 1024 * 1024;
/** Over HTTPS with the kubeconfig's trust and credentials; one kept-alive connection. */
class HttpsKubeApi {
    connection;
    requests = 0;
    agent;
    base;
    constructor(connection) {
        this.connection = connection;
        this.base = new URL(connection.server);
        this.agent =
            this.base.protocol === 'https:'
                ? new (external_node_https_default()).Agent({
                    keepAlive: true,
                    maxSockets: 4,
                    ...(connection.ca ? { ca: connection.ca } : {}),
                    ...(connection.cert ? { cert: connection.cert } : {}),
                    ...(connection.key ? { key: connection.key } : {}),
                    rejectUnauthorized: !connection.insecure
                })
                : new (external_node_http_default()).Agent({ keepAlive: true, maxSockets: 4 });
    }
    get(ref) {
        return this.send({ method: 'GET', verb: 'get', ref, path: objectPath(ref) });
    }
    patch(ref, patch, type, subresource) {
        return this.send({
            method: 'PATCH',
            verb: 'patch',
            ref,
            subresource,
            path: objectPath(ref) + (subresource ? `/${subresource}` : ''),
            body: JSON.stringify(patch),
            contentType: CONTENT_TYPES[type]
        });
    }
    async allowed(verb, ref) {
        const review = {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: {
                resourceAttributes: {
                    namespace: ref.namespace,
                    verb,
                    group: ref.group,
                    resource: ref.resource,
                    name: ref.name
                }
            }
        };
        try {
            // A review is created in no namespace and read from the answer; refusals are not held
            // against the run, so the ref only names the collection.
            const answer = await this.send({
                method: 'POST',
                verb: 'create',
                ref: {
                    group: 'authorization.k8s.io',
                    version: 'v1',
                    resource: 'selfsubjectaccessreviews',
                    namespace: '',
                    name: ''
                },
                path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
                body: JSON.stringify(review),
                contentType: 'application/json'
            });
            const allowed = answer.status?.allowed;
            return typeof allowed === 'boolean' ? allowed : undefined;
        }
        catch {
            return undefined;
        }
    }
    /** One request; `verb` and `ref` name the call in a refusal's message. */
    send(call) {
        const { method, verb, ref, body, contentType, subresource } = call;
        this.requests++;
        const url = new URL(call.path, this.base);
        const client = this.base.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default());
        return new Promise((resolve, reject) => {
            const request = client.request(url, {
                method,
                agent: this.agent,
                timeout: TIMEOUT_MS,
                headers: {
                    accept: 'application/json',
                    'user-agent': 'progressive-deploy',
                    ...(this.connection.token ? { authorization: `Bearer ${this.connection.token}` } : {}),
                    ...(body !== undefined
                        ? {
                            'content-type': contentType ?? 'application/json',
                            'content-length': Buffer.byteLength(body)
                        }
                        : {})
                }
            }, response => {
                let text = '';
                response.setEncoding('utf8');
                response.on('data', chunk => {
                    if (text.length < MAX_BODY)
                        text += chunk;
                });
                response.on('end', () => {
                    const status = response.statusCode ?? 0;
                    if (status >= 200 && status < 300) {
                        try {
                            resolve(JSON.parse(text));
                        }
                        catch {
                            reject(new KubeApiError(`the Kubernetes API answered ${status} with a body that is not JSON`, status, ''));
                        }
                        return;
                    }
                    reject(refusal(status, text, verb, ref, subresource));
                });
            });
            request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
            request.on('error', error => reject(new KubeApiError(`cannot reach the Kubernetes API at ${this.base.origin} to ${verb} ${describeRef(ref)}: ${error.message}`, 0, 'Unreachable')));
            request.end(body);
        });
    }
}
/** /api/v1/namespaces/ns/services/name or /apis/group/version/namespaces/ns/resource/name. */
function objectPath(ref) {
    const root = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
    return `${root}/namespaces/${encodeURIComponent(ref.namespace)}/${ref.resource}/${encodeURIComponent(ref.name)}`;
}
function describeRef(ref) {
    return `${ref.resource} "${ref.name}" in namespace "${ref.namespace}"`;
}
/**
 * The API server's refusal as a message a person can act on: a 403 names the verb, resource and
 * group the Role lacks; a 404 the object to create; a 401 the credentials. Pure.
 */
function refusal(status, body, verb, ref, subresource) {
    let reason = '';
    let said = '';
    try {
        const parsed = JSON.parse(body);
        reason = parsed.reason ?? '';
        said = parsed.message ?? '';
    }
    catch {
        said = body.slice(0, 200);
    }
    const resource = subresource ? `${ref.resource}/${subresource}` : ref.resource;
    const group = ref.group === '' ? 'the core API group ("")' : `API group "${ref.group}"`;
    const what = describeRef(ref);
    const server = said ? ` (the API server said: ${oneLine(said)})` : '';
    switch (status) {
        case 401:
            return new KubeApiError(`the Kubernetes API did not accept the kubeconfig's credentials (401)${server}: give a valid token or client certificate.`, status, reason);
        case 403:
            return new KubeApiError(`Kubernetes refused to ${verb} ${what} (403 Forbidden): the Role bound to this user needs verb "${verb}" on resource "${resource}" in ${group}; see the README's RBAC Role for this router.${server}`, status, reason);
        case 404:
            return new KubeApiError(`${what} does not exist (404): create it first, or fix the name.${server}`, status, reason);
        default:
            return new KubeApiError(`Kubernetes refused to ${verb} ${what} (${status} ${reason || 'error'})${server}`, status, reason);
    }
}
function oneLine(text) {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

;// CONCATENATED MODULE: ./src/routers/kubernetes-objects.ts


/** Annotations a Kubernetes router writes on its object, in the same patch as the change. */
const LIVE_COLOR_ANNOTATION = 'progressive-deploy/live-color';
const WEIGHTS_ANNOTATION = 'progressive-deploy/weights';
/** A JSON pointer's reference token: "~" and "/" escaped (label keys hold "/"). */
function pointer(token) {
    return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}
/** "blue=95,green=5": the weights annotation's value. Pure. */
function weightsText(weights) {
    return Object.entries(weights)
        .map(([name, w]) => `${name}=${Math.round(w)}`)
        .join(',');
}
/** The target with the largest share (the first on a tie): what the live-color annotation names. */
function liveOf(weights) {
    return Object.entries(weights).reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}
/**
 * Operations that record the split on the object: annotations set when the object has some;
 * when it has none, the map is added, guarded by the resourceVersion (an `add` of the whole map
 * would replace annotations written since the read).
 */
function annotationOps(object, weights) {
    const values = {
        [LIVE_COLOR_ANNOTATION]: liveOf(weights),
        [WEIGHTS_ANNOTATION]: weightsText(weights)
    };
    if (object.metadata.annotations)
        return Object.entries(values).map(([key, value]) => ({
            op: 'add',
            path: `/metadata/annotations/${pointer(key)}`,
            value
        }));
    return [
        { op: 'test', path: '/metadata/resourceVersion', value: object.metadata.resourceVersion },
        { op: 'add', path: '/metadata/annotations', value: values }
    ];
}
/**
 * Warns when the object's fields no longer hold what progressive-deploy last wrote on it: someone
 * changed the traffic by hand (kubectl, another tool). The fields are the truth either way.
 */
function warnIfChangedElsewhere(object, held, what, log) {
    const recorded = object.metadata.annotations?.[WEIGHTS_ANNOTATION];
    if (recorded !== undefined && recorded !== weightsText(held))
        log.warn(`${what} holds ${weightsText(held)}, but progressive-deploy last set ${recorded}: it was changed by something else since. The object's fields are taken as the truth.`);
}
/**
 * Applies a guarded JSON patch. A failed `test` (422, or a 409) means the object changed since
 * it was read: nothing was written, and the error says so instead of overwriting.
 */
async function guardedPatch(api, ref, ops, changedMessage) {
    try {
        return await api.patch(ref, ops, 'json');
    }
    catch (error) {
        if (error instanceof KubeApiError && (error.status === 422 || error.status === 409))
            throw new BackendError(await changedMessage());
        throw error;
    }
}
/**
 * Integer percentages for a pair of targets, or why the split cannot be written. Checked before
 * any request, so a bad split changes nothing. Pure.
 */
function wholeSplit(weights, targets) {
    const names = Object.keys(weights);
    const unknown = names.filter(n => !targets.includes(n));
    if (unknown.length > 0)
        throw new BackendError(`no such color: ${unknown.join(', ')}; nothing was changed.`);
    const split = {};
    for (const target of targets) {
        const w = weights[target] ?? 0;
        const whole = Math.round(w);
        if (!Number.isFinite(w) || w < 0 || w > 100 || Math.abs(w - whole) > 1e-6)
            throw new BackendError(`refusing the split ${names.map(n => `${n} ${weights[n]}`).join(' / ')}: each weight must be a whole percent from 0 to 100; nothing was changed.`);
        split[target] = whole;
    }
    const total = Object.values(split).reduce((a, b) => a + b, 0);
    if (total !== 100)
        throw new BackendError(`refusing the split ${weightsText(split)}: the weights add up to ${total}, not 100; nothing was changed.`);
    return split;
}

;// CONCATENATED MODULE: ./src/checks/deployment-progress.ts
/**
 * Done when the controller has observed the newest generation and every desired replica is
 * updated and available with no old one left; failed when the Deployment's own progress
 * deadline passed (condition Progressing, reason ProgressDeadlineExceeded). Pure.
 */
function deploymentProgress(deployment) {
    const generation = deployment.metadata.generation ?? 0;
    const status = (deployment.status ?? {});
    const desired = typeof deployment.spec?.replicas === 'number' ? deployment.spec.replicas : 1;
    const stalled = status.conditions?.find(c => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded');
    if (stalled && (status.observedGeneration ?? 0) >= generation)
        return {
            state: 'failed',
            detail: `the Deployment's progress deadline passed (${(stalled.message ?? 'ProgressDeadlineExceeded').slice(0, 200)})`
        };
    if ((status.observedGeneration ?? 0) < generation)
        return {
            state: 'progressing',
            detail: `waiting for the controller to observe generation ${generation}`
        };
    const updated = status.updatedReplicas ?? 0;
    const available = status.availableReplicas ?? 0;
    const total = status.replicas ?? 0;
    if (updated < desired)
        return { state: 'progressing', detail: `${updated} of ${desired} replicas updated` };
    if (total > updated)
        return { state: 'progressing', detail: `${total - updated} old replicas are still terminating` };
    if (available < updated)
        return { state: 'progressing', detail: `${available} of ${updated} updated replicas available` };
    return {
        state: 'done',
        detail: `${updated} of ${desired} replicas updated and available (generation ${generation})`
    };
}

;// CONCATENATED MODULE: ./src/checks/kubernetes-image.ts



/** How often the Deployment is read while it rolls out, and how often that is said. */
const POLL_MS = 1000;
const PROGRESS_LINE_MS = 10_000;
/**
 * Sets the version's image on the color's Deployment (one JSON patch, guarded by the container's
 * name) and waits until every replica is updated and available, or the progress deadline. The
 * Deployment only; the traffic objects are not touched.
 */
async function rollOutImage(api, k8s, color, version, clock, log, signal) {
    const image = imageFor(k8s.image ?? '', version);
    const ref = {
        group: 'apps',
        version: 'v1',
        resource: 'deployments',
        namespace: k8s.namespace,
        name: k8s.names[color]
    };
    const deployment = await api.get(ref);
    const containers = deployment.spec?.template
        ?.spec?.containers ?? [];
    const index = k8s.container === ''
        ? containers.length === 1
            ? 0
            : -1
        : containers.findIndex(c => c.name === k8s.container);
    if (index < 0)
        return {
            image,
            detail: '',
            failure: k8s.container === ''
                ? `Deployment ${ref.name} has ${containers.length} containers (${containers.map(c => c.name).join(', ')}); set kubernetes-container to the one that runs the app`
                : `Deployment ${ref.name} has no container ${k8s.container} (it has ${containers.map(c => c.name).join(', ')})`
        };
    const path = `/spec/template/spec/containers/${index}`;
    await guardedPatch(api, ref, [
        { op: 'test', path: `${path}/name`, value: containers[index].name },
        { op: 'replace', path: `${path}/image`, value: image },
        ...(deployment.metadata.annotations
            ? [
                {
                    op: 'add',
                    path: `/metadata/annotations/${pointer('progressive-deploy/version')}`,
                    value: version
                }
            ]
            : [])
    ], async () => `Deployment ${ref.name} changed while its image was being set; nothing was overwritten. Run again.`);
    const started = clock.now();
    let said = started;
    let last = '';
    for (;;) {
        const progress = deploymentProgress(await api.get(ref));
        if (progress.state === 'done')
            return { image, detail: progress.detail };
        if (progress.state === 'failed')
            return { image, detail: progress.detail, failure: `${ref.name}: ${progress.detail}` };
        const elapsed = clock.now() - started;
        if (elapsed >= k8s.progressDeadlineMs || signal?.aborted)
            return {
                image,
                detail: progress.detail,
                failure: `${ref.name} did not finish rolling out ${image} within progress-deadline (${progress.detail})`
            };
        if (progress.detail !== last || clock.now() - said >= PROGRESS_LINE_MS) {
            log.info(`  ${ref.name}: ${progress.detail} (${Math.round(elapsed / 1000)} s)`);
            said = clock.now();
            last = progress.detail;
        }
        await clock.sleep(POLL_MS, signal);
    }
}

;// CONCATENATED MODULE: ./src/config/duration.ts
/** Parses "500ms", "30s", "2m", "1h" or a bare number of seconds into milliseconds. */
function parseDuration(text) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
    if (!match)
        return undefined;
    const value = Number(match[1]);
    const unit = match[2] ?? 's';
    const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit];
    return Math.round(value * factor);
}
/** Readable form of a duration in milliseconds, for logs and summaries. */
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)} s`;
    const minutes = Math.floor(ms / 60_000);
    return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

;// CONCATENATED MODULE: ./src/checks/health-check.ts

/**
 * Polls a URL until it answers as expected or the deadline passes. Logs a progress line for every
 * failed attempt, so a slow start is visible while it happens, not only when it times out.
 */
async function waitHealthy(url, health, deps) {
    const started = deps.clock.now();
    let attempts = 0;
    let problem = '';
    for (;;) {
        attempts += 1;
        problem = await checkOnce(url, health, deps.http);
        const elapsedMs = deps.clock.now() - started;
        if (problem === '') {
            return {
                outcome: 'pass',
                reason: `${url} healthy after ${attempts} check(s), ${formatDuration(elapsedMs)}`,
                attempts,
                elapsedMs
            };
        }
        if (elapsedMs + health.intervalMs > health.deadlineMs) {
            return {
                outcome: 'fail',
                reason: `${url} not healthy within ${formatDuration(health.deadlineMs)} (${attempts} checks): ${problem}`,
                attempts,
                elapsedMs
            };
        }
        deps.log.info(`  health ${url}: ${problem} (check ${attempts}, ${formatDuration(elapsedMs)} of ${formatDuration(health.deadlineMs)})`);
        await deps.clock.sleep(health.intervalMs);
    }
}
/** '' when healthy, else what was wrong. */
async function checkOnce(url, health, http) {
    try {
        const response = await http.get(url, health.timeoutMs);
        if (response.status !== health.expectStatus)
            return `status ${response.status}, expected ${health.expectStatus}`;
        if (health.bodyMatch && !health.bodyMatch.test(response.body)) {
            return `body does not match /${health.bodyMatch.source}/ (got "${response.body.slice(0, 80)}")`;
        }
        return '';
    }
    catch (error) {
        return error.message || String(error);
    }
}

;// CONCATENATED MODULE: ./src/checks/release-command.ts
/** The facts a deploy or smoke command gets in its environment. */
function releaseEnvironment(settings, color, version, liveColor) {
    const address = settings.addresses[color];
    const separator = address.lastIndexOf(':');
    return {
        PD_COLOR: color,
        PD_ADDRESS: address,
        PD_HOST: address.slice(0, separator).replace(/^\[|\]$/g, ''),
        PD_PORT: address.slice(separator + 1),
        PD_URL: `http://${address}`,
        // Every instance of the color (one, or a pool), comma-separated: a smoke test may try each.
        PD_ADDRESSES: settings.pools[color].map(m => m.address).join(','),
        PD_VERSION: version,
        PD_ENVIRONMENT: settings.environment,
        PD_LIVE_COLOR: liveColor ?? ''
    };
}
/** Runs the user's command with its output shown live; resolves to its exit code. */
async function runReleaseCommand(runner, argv, env, 
/** Stops the command (the run lost its lease). */
signal) {
    const result = await runner.run(argv, { env, echo: true, ...(signal ? { signal } : {}) });
    return result.exitCode;
}
/** The facts a rolling update's deploy command gets for one instance. */
function instanceEnvironment(settings, instance, version, previousVersion) {
    const separator = instance.address.lastIndexOf(':');
    return {
        PD_INSTANCE: instance.name,
        PD_ADDRESS: instance.address,
        PD_HOST: instance.address.slice(0, separator).replace(/^\[|\]$/g, ''),
        PD_PORT: instance.address.slice(separator + 1),
        PD_URL: `http://${instance.address}`,
        PD_VERSION: version,
        PD_PREVIOUS_VERSION: previousVersion,
        PD_ENVIRONMENT: settings.environment
    };
}

;// CONCATENATED MODULE: ./src/commands/blue-green/pool.ts


/** The facts a deploy or smoke command gets for one instance of a color's pool. */
function poolInstanceEnvironment(ctx, color, version, liveColor, instance) {
    const separator = instance.address.lastIndexOf(':');
    return {
        ...releaseEnvironment(ctx.settings, color, version, liveColor),
        PD_INSTANCE: instance.name,
        PD_ADDRESS: instance.address,
        PD_HOST: instance.address.slice(0, separator).replace(/^\[|\]$/g, ''),
        PD_PORT: instance.address.slice(separator + 1),
        PD_URL: `http://${instance.address}`,
        PD_INSTANCES: ctx.settings.pools[color].map(i => i.address).join(',')
    };
}
/**
 * Runs the deploy command once per instance of the color, at most maxParallelDeploys at once, and
 * records a row per instance. Resolves to each instance's outcome, in pool order.
 */
async function deployPool(ctx, argv, color, version, liveColor, signal) {
    const pool = ctx.settings.pools[color];
    ctx.log.info(`▶ deploy ${version} to ${color}: ${pool.length} instances, up to ${ctx.settings.maxParallelDeploys} at once: ${argv.join(' ')}`);
    const outcomes = await inBatches(pool, ctx.settings.maxParallelDeploys, async (instance) => {
        const started = ctx.clock.now();
        const env = poolInstanceEnvironment(ctx, color, version, liveColor, instance);
        const exitCode = await runReleaseCommand(ctx.runner, argv, env, signal);
        const ok = exitCode === 0;
        const detail = ok ? 'exit 0' : `deploy command exited ${exitCode}`;
        return { instance, ok, detail, ms: ctx.clock.now() - started };
    });
    // Rows in pool order, whichever finished first.
    for (const o of outcomes)
        ctx.report.record(`deploy ${version} to ${o.instance.name} (${o.instance.address})`, o.ok ? 'ok' : 'failed', o.ms, o.detail);
    return outcomes;
}
/** Health of every instance of the color at once, a row each. */
async function poolHealth(ctx, color, phase) {
    const pool = ctx.settings.pools[color];
    const outcomes = await Promise.all(pool.map(async (instance) => {
        const url = `http://${instance.address}${ctx.settings.health.path}`;
        ctx.log.info(`▶ health check ${instance.name} (${color}): ${url}`);
        const verdict = await waitHealthy(url, ctx.settings.health, ctx);
        return {
            instance,
            ok: verdict.outcome === 'pass',
            detail: verdict.reason,
            ms: verdict.elapsedMs
        };
    }));
    // Rows in pool order, whichever finished first.
    for (const o of outcomes)
        ctx.report.record(`${phase}: health check ${o.instance.name} (${color})`, o.ok ? 'ok' : 'failed', o.ms, o.detail);
    return outcomes;
}
/**
 * Whether a color's instances are enough: at least min-healthy of them (default: all) did what
 * they had to. Pure. Returns the problem, or undefined.
 */
function poolShortfall(outcomes, minHealthy, what) {
    const needed = minHealthy ?? outcomes.length;
    const good = outcomes.filter(o => o.ok).length;
    if (good >= needed)
        return undefined;
    const bad = outcomes.filter(o => !o.ok).map(o => `${o.instance.name} (${o.detail})`);
    return `${good} of ${outcomes.length} instances ${what}, ${needed} needed; ${bad.join('; ')}`;
}
/** Runs `work` for every item, at most `limit` at once; results in the items' order. */
async function inBatches(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await work(items[i]);
        }
    });
    await Promise.all(lanes);
    return results;
}

;// CONCATENATED MODULE: ./src/commands/shared/lease-guard.ts

/**
 * How often a long side effect (a deploy command) checks that the run still holds the lease: a
 * request per check with state in GitHub. PROGRESSIVE_DEPLOY_LEASE_CHECK_MS shortens it for the
 * project's own tests.
 */
const LEASE_CHECK_MS = Number(process.env.PROGRESSIVE_DEPLOY_LEASE_CHECK_MS) || 10_000;
/**
 * The fence before a side effect (a router change, a deploy): this run must still hold the
 * lease. A run whose lease was taken over stops here, changing nothing more.
 */
async function fence(ctx, record, before) {
    try {
        await ctx.store.confirmHeld(record);
    }
    catch (error) {
        if (error instanceof LeaseLost)
            throw stopped(error, before);
        throw error;
    }
}
/**
 * Runs a long side effect while holding the lease: checked every LEASE_CHECK_MS, and when it is
 * lost `work`'s signal aborts (a deploy command is stopped) and LeaseLost is thrown. The caller
 * has just confirmed the lease (opened the record, recorded the drain): no check before it.
 */
async function whileHeld(ctx, record, what, work) {
    const lost = new AbortController();
    const finished = new AbortController();
    let reason;
    const watch = (async () => {
        while (!finished.signal.aborted) {
            await ctx.clock.sleep(LEASE_CHECK_MS, finished.signal);
            if (finished.signal.aborted)
                return;
            try {
                await ctx.store.confirmHeld(record);
            }
            catch (error) {
                if (!(error instanceof LeaseLost))
                    continue; // the API hiccuped: look again later
                reason = stopped(error, `the end of ${what}`, 'it was stopped');
                lost.abort();
                return;
            }
        }
    })();
    try {
        const result = await work(lost.signal);
        if (reason)
            throw reason;
        return result;
    }
    finally {
        finished.abort();
        await watch;
    }
}
function stopped(error, before, how = 'stopped') {
    return new LeaseLost(`${error.message}. This run ${how} before ${before} and changed nothing more.`);
}

;// CONCATENATED MODULE: ./src/commands/blue-green/deploy-to-color.ts







/**
 * Runs the deploy command for `record` on its color, then waits for the color to be healthy.
 * Records the outcome (deployed / failed); returns why the release failed, or undefined when it
 * is deployed and healthy. Traffic is not touched here.
 */
async function deployToColor(ctx, record, liveColor) {
    const { settings } = ctx;
    const byImage = settings.kubernetes?.image !== undefined && ctx.kube !== undefined;
    if (!byImage && settings.pools[record.color].length > 1)
        return deployToPool(ctx, record, liveColor, settings.deploy);
    const failure = byImage
        ? await deployImage(ctx, record)
        : await deployByCommand(ctx, record, liveColor);
    if (failure !== undefined)
        return failRecord(ctx, record, failure);
    return passWhenHealthy(ctx, record, `${record.version} deployed and healthy on ${record.color}`);
}
/** Deployed: waits for the color's health, then records the deploy step passed with `reason`. */
async function passWhenHealthy(ctx, record, reason) {
    const unhealthy = await checkHealth(ctx, record, 'deploy-green');
    if (unhealthy !== undefined)
        return unhealthy;
    await ctx.store.transition(record, colorStrategy(ctx.settings).next({ phase: record.phase, index: -1 }, { outcome: 'pass', reason: deploy_to_color_short(reason) }));
    return undefined;
}
/** The deploy command on the color's one instance; why it failed, or undefined. */
async function deployByCommand(ctx, record, liveColor) {
    const { settings, report } = ctx;
    const argv = settings.deploy;
    if (!argv)
        throw new Error('bug: deployToColor without a deploy command (parse-settings requires one)');
    const env = releaseEnvironment(settings, record.color, record.version, liveColor);
    const started = ctx.clock.now();
    ctx.log.info(`▶ deploy ${record.version} to ${record.color} (${settings.addresses[record.color]}): ${argv.join(' ')}`);
    const exitCode = await whileHeld(ctx, record, `deploying ${record.version} to ${record.color}`, signal => runReleaseCommand(ctx.runner, argv, env, signal));
    const deployMs = ctx.clock.now() - started;
    if (exitCode !== 0) {
        const reason = `deploy command exited ${exitCode} for ${record.version} on ${record.color}`;
        report.record(`deploy ${record.version} to ${record.color}`, 'failed', deployMs, reason);
        return reason;
    }
    report.record(`deploy ${record.version} to ${record.color}`, 'ok', deployMs, `exit 0`);
    return undefined;
}
/** kubernetes-image: the color's Deployment gets the version's image and rolls it out. */
async function deployImage(ctx, record) {
    const k8s = ctx.settings.kubernetes;
    const kube = ctx.kube;
    const started = ctx.clock.now();
    ctx.log.info(`▶ deploy ${record.version} to ${record.color}: image of Deployment ${k8s.names[record.color]} in ${k8s.namespace}`);
    // An API refusal (a missing Deployment, a Role without patch) fails the release like a failed
    // deploy command: recorded, traffic untouched.
    const rollout = await whileHeld(ctx, record, `rolling out ${record.version} on ${k8s.names[record.color]}`, signal => rollOutImage(kube, k8s, record.color, record.version, ctx.clock, ctx.log, signal).catch((error) => {
        if (error instanceof BackendError)
            return { image: '', detail: '', failure: error.message };
        throw error;
    }));
    const row = `deploy ${record.version} to ${record.color}`;
    const ms = ctx.clock.now() - started;
    if (rollout.failure !== undefined) {
        ctx.report.record(row, 'failed', ms, rollout.failure);
        return `${rollout.failure} (${record.version} on ${record.color})`;
    }
    ctx.report.record(row, 'ok', ms, `${rollout.image}: ${rollout.detail}`);
    return undefined;
}
/**
 * Health check of the record's color; records a failure (the caller records success its own
 * way). Returns the headline of the failure, or undefined when healthy. The row names the phase
 * (deploy-green or verify): a release checks the same color twice.
 */
async function checkHealth(ctx, record, phase) {
    if (ctx.settings.pools[record.color].length > 1) {
        const shortfall = poolShortfall(await poolHealth(ctx, record.color, phase), ctx.settings.minHealthy, 'healthy');
        return shortfall === undefined
            ? undefined
            : failRecord(ctx, record, `${record.color} (${record.version}): ${shortfall}`);
    }
    const url = `http://${ctx.settings.addresses[record.color]}${ctx.settings.health.path}`;
    ctx.log.info(`▶ health check ${record.color}: ${url}`);
    const verdict = await waitHealthy(url, ctx.settings.health, ctx);
    ctx.report.record(`${phase}: health check ${record.color}`, verdict.outcome === 'pass' ? 'ok' : 'failed', verdict.elapsedMs, verdict.reason);
    if (verdict.outcome === 'pass')
        return undefined;
    await ctx.store.transition(record, colorStrategy(ctx.settings).next({ phase: record.phase, index: -1 }, {
        outcome: 'fail',
        reason: deploy_to_color_short(`${record.version} on ${record.color}: ${verdict.reason}`)
    }));
    return `${record.color} (${record.version}) failed its health check; traffic was not moved.`;
}
/** GitHub limits status descriptions to 140 characters; the file store keeps the same records. */
function deploy_to_color_short(text) {
    return text.length <= 140 ? text : `${text.slice(0, 139)}…`;
}
/** A pool: the deploy command per instance, then every instance's health; min-healthy decides. */
async function deployToPool(ctx, record, liveColor, argv) {
    const deployed = await whileHeld(ctx, record, `deploying ${record.version} to ${record.color}`, signal => deployPool(ctx, argv, record.color, record.version, liveColor, signal));
    // Every deploy must succeed: an instance whose deploy failed may still answer healthy with the
    // old version, and would then take the new color's traffic.
    const notDeployed = poolShortfall(deployed, undefined, 'deployed');
    if (notDeployed !== undefined)
        return failRecord(ctx, record, `${record.version} on ${record.color}: ${notDeployed}`);
    return passWhenHealthy(ctx, record, `${record.version} deployed and healthy on ${record.color} (${ctx.settings.pools[record.color].length} instances)`);
}
/** Records the release failed for `reason`; the headline says traffic did not move. */
async function failRecord(ctx, record, reason) {
    await ctx.store.transition(record, colorStrategy(ctx.settings).next({ phase: record.phase, index: -1 }, { outcome: 'fail', reason: deploy_to_color_short(reason) }));
    return `${reason}; traffic was not moved.`;
}

;// CONCATENATED MODULE: ./src/report/outcome.ts
const succeeded = (headline, parts = {}) => ({ result: 'success', headline, ...parts });
const failed = (headline, parts = {}) => ({ result: 'failure', headline, ...parts });
const nothingToDo = (headline, parts = {}) => ({ result: 'no-op', headline, ...parts });

;// CONCATENATED MODULE: ./src/commands/blue-green/deploy-green.ts






/** Deploys the new version to the idle color and waits until it is healthy. Never moves traffic. */
async function deployGreen(ctx) {
    const { settings, store } = ctx;
    const weights = await ctx.router.getWeights();
    const { color, live } = planDeploy(weights);
    const state = await store.load(settings.environment);
    const serving = {
        color: live,
        version: state?.live?.color === live ? state.live.version : ''
    };
    const record = colorRecord(await openRecord(ctx, {
        kind: 'release',
        version: settings.version,
        color,
        description: `blue/green: deploying ${settings.version} to ${color}`,
        force: settings.force,
        strategy: settings.strategy,
        steps: [...colorStrategy(settings).steps],
        ...(state?.live ? { replaces: { version: state.live.version, color: state.live.color } } : {})
    }));
    const problem = await deployToColor(ctx, record, live);
    const parts = {
        serving: { before: serving, after: serving },
        deployedColor: color,
        release: record
    };
    if (problem !== undefined)
        return failed(problem, parts);
    return succeeded(`${settings.version} runs healthy on ${color}; traffic stays on ${live}${serving.version ? ` (${serving.version})` : ''}.`, parts);
}

;// CONCATENATED MODULE: ./src/analysis/sequential-test.ts

const START = {
    logE: 0,
    pValue: 1,
    canary: { requests: 0, events: 0 },
    baseline: { requests: 0, events: 0 }
};
/** Pseudo-counts that keep the plug-in rate ratio finite and modest on little data. */
const PRIOR_EVENTS = 0.5;
/** The plug-in alternative never assumes more than this rate ratio (keeps single windows from dominating). */
const MAX_RATIO = 20;
/** Adds one window's counts to the evidence. Pure. */
function updateEvidence(state, window, tolerance = { relative: 0, absolute: 0 }) {
    const nc = window.canary.requests;
    const nb = window.baseline.requests;
    const c = window.canary.events;
    const b = window.baseline.events;
    let logE = state.logE;
    if (nc > 0 && nb > 0 && c + b > 0) {
        const rho = nc / (nc + nb);
        const nullRatio = nullRateRatio(state, tolerance);
        const rho0 = share(rho, nullRatio);
        const ratio = Math.max(nullRatio, plugInRatio(state));
        const theta = share(rho, ratio);
        logE += c * Math.log(theta / rho0) + b * Math.log((1 - theta) / (1 - rho0));
    }
    return {
        logE,
        pValue: Math.min(state.pValue, Math.min(1, Math.exp(-logE))),
        canary: { requests: state.canary.requests + nc, events: state.canary.events + c },
        baseline: { requests: state.baseline.requests + nb, events: state.baseline.events + b }
    };
}
/** P(an event comes from the canary) when its rate is `ratio` × the baseline's and it has share ρ. */
function share(rho, ratio) {
    return (rho * ratio) / (1 - rho + rho * ratio);
}
/** The rate ratio estimated from earlier windows (smoothed), at least 1. */
function plugInRatio(state) {
    const canaryRate = (state.canary.events + PRIOR_EVENTS) / (state.canary.requests + 1);
    const baselineRate = (state.baseline.events + PRIOR_EVENTS) / (state.baseline.requests + 1);
    return Math.min(MAX_RATIO, Math.max(1, canaryRate / baselineRate));
}
/**
 * The largest rate ratio the null allows: 1 + relative, and enough for + absolute at the
 * baseline rate seen so far (earlier windows only, so the test stays valid).
 */
function nullRateRatio(state, tolerance) {
    const relative = 1 + tolerance.relative;
    if (tolerance.absolute <= 0)
        return relative;
    const baselineRate = (state.baseline.events + PRIOR_EVENTS) / (state.baseline.requests + 1);
    return Math.max(relative, (baselineRate + tolerance.absolute) / baselineRate);
}
/** True when the evidence says "canary worse" at level α. */
function crossed(state, alpha) {
    return state.logE >= Math.log(1 / alpha);
}
/**
 * The fixed-share variant from the notes: Bayes factor of a Beta(Kρ, K(1−ρ)) prior on the
 * canary's share of events against ρ, for c canary and b baseline events. Abort when
 * logBF ≥ ln(1/α) and c/n > ρ. Used for reference and tests.
 */
function betaBinomialLogBF(c, b, rho, K = 100) {
    const n = c + b;
    return (lnGamma(K) -
        lnGamma(K + n) +
        lnGamma(K * rho + c) -
        lnGamma(K * rho) +
        lnGamma(K * (1 - rho) + b) -
        lnGamma(K * (1 - rho)) -
        c * Math.log(rho) -
        b * Math.log(1 - rho));
}

;// CONCATENATED MODULE: ./src/analysis/judge-baseline.ts


/**
 * The gate's evidence after this step's windows, starting from what earlier steps left: one
 * e-process per gate for the whole rollout, so its chance of a false abort is at most its alpha
 * however many steps and windows. Pure.
 */
function evidenceAfter(spec, measurements, start = START) {
    const tolerance = { relative: spec.toleranceRelative, absolute: spec.toleranceAbsolute };
    return measurements
        .filter(m => m.phase === 'ok' && m.counts)
        .reduce((s, m) => updateEvidence(s, badCounts(spec, m.counts), tolerance), start);
}
/**
 * The counts as the test judges them: it asks whether the canary has the higher rate of events.
 * For a rate where higher is better (clicks per recommendation shown) the sides trade places, so
 * the same one-sided test asks whether the baseline's rate is higher, i.e. the canary's lower. Pure.
 */
function badCounts(spec, counts) {
    if (spec.direction !== 'higher-is-better')
        return counts;
    return { canary: counts.baseline, baseline: counts.canary };
}
/**
 * A compare-to-baseline gate: the counts test over every window of the rollout so far (earlier
 * steps' evidence in `start`). Fails as soon as the evidence that the canary is worse crosses
 * ln(1/α); passes when the step ends without it. At 100% the baseline takes no traffic: nothing
 * is left to compare, and the gate passes when the evidence never crossed. Pure. Returns the
 * outcome and one sentence with the counts, the evidence and the p-value.
 */
function judgeAgainstBaseline(spec, measurements, final, start = START, fullShare = false) {
    const windows = measurements.filter(m => m.phase === 'ok' && m.counts);
    if (windows.length === 0) {
        if (fullShare && final)
            return {
                outcome: 'pass',
                reason: `${spec.name}: the baseline takes no traffic at 100%, nothing to compare; the evidence of earlier steps never crossed (ln E ${start.logE.toFixed(2)} of ${Math.log(1 / spec.alpha).toFixed(2)})`
            };
        return { outcome: final ? 'no-data' : 'running', reason: `${spec.name}: no counts yet` };
    }
    const state = evidenceAfter(spec, measurements, start);
    const worse = crossed(state, spec.alpha) && rate(state.canary) > rate(state.baseline);
    const beyond = spec.toleranceRelative || spec.toleranceAbsolute ? ' beyond the tolerance' : '';
    const decision = worse
        ? spec.direction === 'higher-is-better'
            ? `the canary's ${spec.name} is lower than the baseline's${beyond}: abort`
            : `the canary is worse than the baseline${beyond}: abort`
        : final
            ? 'no evidence the canary is worse: pass'
            : 'no decision yet';
    return {
        outcome: worse ? 'fail' : final ? 'pass' : 'running',
        reason: `${spec.name}: ${explain(spec, state, lastThreshold(windows))} → ${decision}`
    };
}
/** What "slow" meant in the newest window that said, and where that came from. */
function lastThreshold(windows) {
    const newest = [...windows].reverse().find(m => m.latencyThresholdMs !== undefined);
    return newest && { ms: newest.latencyThresholdMs, source: newest.latencyThresholdSource };
}
/** "canary 12/400 (3.00%) vs baseline 8/820 (0.98%); ln E 5.10 of 4.61 (α 0.01); p 0.0061" */
function explain(spec, state, threshold) {
    const L = threshold?.ms ?? spec.latencyThresholdMs;
    const latency = spec.query === 'latency';
    const what = latency ? 'slow' : 'errors';
    // What "slow" meant, said once: a stated SLO, or the baseline's answer times before the window.
    const source = spec.latencyThresholdMs !== undefined
        ? 'latency-threshold'
        : (threshold?.source ?? "the baseline's p99 before");
    const slow = latency && L !== undefined ? `slow = slower than ${Math.round(L)} ms (${source}): ` : '';
    const side = (s) => `${s.events}/${s.requests} ${spec.direction === 'higher-is-better' ? spec.name : what} (${(rate(s) * 100).toFixed(2)}%)`;
    // A higher-is-better gate's evidence holds the sides traded (badCounts): shown the right way round.
    const [canary, baseline] = spec.direction === 'higher-is-better'
        ? [state.baseline, state.canary]
        : [state.canary, state.baseline];
    return `${slow}canary ${side(canary)} vs baseline ${side(baseline)}; evidence ln E ${state.logE.toFixed(2)} of ${Math.log(1 / spec.alpha).toFixed(2)} (α ${Number(spec.alpha.toPrecision(3))}), sequential p ${formatP(state.pValue)}`;
}
function rate(s) {
    return s.requests === 0 ? 0 : s.events / s.requests;
}
function formatP(p) {
    return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

;// CONCATENATED MODULE: ./src/analysis/judge.ts

function withinThreshold(spec, value) {
    return ((spec.max === undefined || value <= spec.max) && (spec.min === undefined || value >= spec.min));
}
/** Whether one measurement counts against the gate. */
function measurementFailed(spec, m) {
    if (m.phase !== 'ok')
        return false;
    if (m.passed !== undefined)
        return !m.passed;
    return m.value !== undefined && !withinThreshold(spec, m.value);
}
/**
 * Judges one gate from its measurements so far. Pure. Fails as soon as failures exceed the
 * failure limit (so a bad canary is stopped mid-step); errors in a row beyond the limit and
 * "no data" at the end follow the gate's onError / onNoData; a provider failure is never a pass.
 */
function judgeGate(spec, measurements, final, 
/** Compare gates: the evidence earlier steps left, and whether the canary takes it all. */
carried) {
    const name = spec.name;
    const compared = spec.compare === 'baseline'
        ? judgeAgainstBaseline(spec, measurements, final, carried?.evidence, carried?.fullShare)
        : undefined;
    // At 100% a compare gate has no baseline: what it decided is all there is to say.
    if (compared &&
        carried?.fullShare &&
        compared.outcome !== 'running' &&
        compared.outcome !== 'no-data')
        return { name, outcome: compared.outcome, reason: compared.reason };
    if (compared?.outcome === 'fail')
        return { name, outcome: 'fail', reason: compared.reason };
    const failures = measurements.filter(m => measurementFailed(spec, m));
    if (failures.length > spec.failureLimit) {
        const last = failures[failures.length - 1];
        return {
            name,
            outcome: 'fail',
            reason: `${name}: ${describeValue(spec, last)} (${failures.length} of ${measurements.length} measurements failed, limit ${spec.failureLimit})`
        };
    }
    let errorsInRow = 0;
    for (let i = measurements.length - 1; i >= 0 && measurements[i].phase === 'error'; i--)
        errorsInRow++;
    if (errorsInRow > spec.consecutiveErrorLimit) {
        const reason = `${name}: ${errorsInRow} provider errors in a row (${measurements[measurements.length - 1].message})`;
        return { name, outcome: spec.onError === 'abort' ? 'fail' : 'inconclusive', reason };
    }
    if (compared && compared.outcome !== 'no-data')
        return { name, outcome: compared.outcome, reason: compared.reason };
    if (!final)
        return {
            name,
            outcome: 'running',
            reason: `${name}: ${measurements.length} measurement(s) so far`
        };
    const values = measurements.filter(m => m.phase === 'ok');
    if (values.length === 0) {
        const why = measurements.some(m => m.phase === 'error')
            ? `provider errors (${measurements[measurements.length - 1]?.message})`
            : 'no data';
        const outcome = spec.onNoData === 'pass' ? 'pass' : spec.onNoData === 'abort' ? 'fail' : 'inconclusive';
        return { name, outcome, reason: `${name}: ${why} during the whole step` };
    }
    return {
        name,
        outcome: 'pass',
        reason: `${name}: ${describeValue(spec, values[values.length - 1])}`
    };
}
/**
 * The step's outcome from its gates: any fail aborts; any gate that gave up (errors in a row, or
 * no data at the end) pauses at once; otherwise the step runs until every gate passed.
 */
function judgeStep(gates) {
    if (gates.some(g => g.outcome === 'fail'))
        return 'fail';
    if (gates.some(g => g.outcome === 'inconclusive'))
        return 'inconclusive';
    if (gates.some(g => g.outcome === 'running'))
        return 'running';
    return 'pass';
}
function describeValue(spec, m) {
    if (m.passed !== undefined)
        return m.message;
    const bounds = [
        spec.max !== undefined ? `max ${formatNumber(spec, spec.max)}` : '',
        spec.min !== undefined ? `min ${formatNumber(spec, spec.min)}` : ''
    ]
        .filter(Boolean)
        .join(', ');
    return `${formatValue(spec, m.value)} (${bounds})`;
}
/** Providers that measure requests themselves: their rates and latencies have known units. */
const OWN_REQUESTS = new Set(['http', 'nginx-log', 'haproxy']);
/** What a value of this gate is: an error rate, a latency in ms, or a number we know no unit of. */
function unitOf(spec) {
    if (!OWN_REQUESTS.has(spec.provider))
        return 'plain';
    return spec.query === 'error-rate' ? 'rate' : /^p\d+$/.test(spec.query) ? 'ms' : 'plain';
}
/** One unit per quantity: a value and its limit read alike ("1.00%", "300 ms"). */
function formatNumber(spec, value) {
    switch (unitOf(spec)) {
        case 'rate':
            return `${(value * 100).toFixed(2)}%`;
        case 'ms':
            return `${Math.round(value)} ms`;
        case 'plain':
            return String(Number(value.toPrecision(4)));
    }
}
function formatValue(spec, value) {
    if (value === undefined)
        return 'no value';
    switch (unitOf(spec)) {
        case 'rate':
            return `${formatNumber(spec, value)} errors`;
        case 'ms':
            return `${spec.query} ${formatNumber(spec, value)}`;
        case 'plain':
            return `${spec.name} ${formatNumber(spec, value)}`;
    }
}

;// CONCATENATED MODULE: ./src/commands/canary/window-point.ts
/**
 * What one analysis window showed, for the charts: the probe's (or real traffic's) requests,
 * error rate and p95, and the baseline's error rate where a compare gate counted it. Pure.
 */
function windowPoint(specs, results, atMs) {
    const point = { atMs };
    const measured = results.filter(m => m.phase === 'ok' && m.requests !== undefined);
    if (measured.length > 0) {
        point.requests = measured.reduce((sum, m) => sum + (m.requests ?? 0), 0);
        point.errorRate = weightedErrorRate(measured);
        const p95s = measured.flatMap(m => (m.p95Ms === undefined ? [] : [m.p95Ms]));
        if (p95s.length > 0)
            point.p95Ms = Math.max(...p95s);
    }
    // Errors counted per version by a compare gate (not slow answers: those are latency events).
    const counted = results.find((m, i) => m.phase === 'ok' && m.counts && specs[i]?.query !== 'latency')?.counts;
    if (counted) {
        if (counted.baseline.requests > 0)
            point.baselineErrorRate = counted.baseline.events / counted.baseline.requests;
        if (point.errorRate === undefined && counted.canary.requests > 0)
            point.errorRate = counted.canary.events / counted.canary.requests;
    }
    return point;
}
/** Requests-weighted error rate over several readings. */
function weightedErrorRate(readings) {
    const requests = readings.reduce((sum, m) => sum + (m.requests ?? 0), 0);
    const errors = readings.reduce((sum, m) => sum + (m.requests ?? 0) * (m.errorRate ?? 0), 0);
    return requests === 0 ? 0 : errors / requests;
}
/** The gates' absolute limits on error rate and p95 (the strictest of each), for limit lines. Pure. */
function chartLimits(specs) {
    const strictest = (query) => {
        const maxima = specs
            .filter(s => s.compare === 'none' && s.query === query && s.max !== undefined)
            .map(s => s.max);
        return maxima.length > 0 ? Math.min(...maxima) : undefined;
    };
    const errorRate = strictest('error-rate');
    const p95Ms = strictest('p95');
    return {
        ...(errorRate !== undefined ? { errorRate } : {}),
        ...(p95Ms !== undefined ? { p95Ms } : {})
    };
}

;// CONCATENATED MODULE: ./src/commands/canary/canary-bake.ts




/**
 * Holds a step's weight for its bake time, measuring every gate once per analysis window and
 * judging after each window, so a failing gate (or one that gave up) ends the step at once.
 * Each window also re-checks that the router still holds the split.
 */
async function bakeStep(ctx, window, weights, bakeMs, label, 
/** Each compare gate's evidence from earlier steps; updated with this step's windows. */
evidence) {
    const { metrics, analysisIntervalMs } = ctx.settings.canary;
    const rounds = Math.max(1, Math.round(bakeMs / analysisIntervalMs));
    const windowMs = bakeMs / rounds;
    const readings = metrics.map(() => []);
    const windows = [];
    const controller = new AbortController();
    const latencyThresholdMs = await baselineLatencyThreshold(ctx, window, controller.signal);
    const started = ctx.clock.now();
    let gates = [];
    let outcome = 'running';
    for (let round = 1; round <= rounds && outcome === 'running'; round++) {
        const current = { ...window, windowMs, latencyThresholdMs };
        const results = await Promise.all(metrics.map(spec => ctx.providers(spec.provider).measure(spec, current, controller.signal)));
        results.forEach((m, i) => readings[i].push(m));
        windows.push(windowPoint(metrics, results, ctx.clock.now() - started));
        await keepSplit(ctx, weights);
        gates = metrics.map((spec, i) => judgeGate(spec, readings[i], round === rounds, {
            evidence: evidence.get(spec.name) ?? START,
            fullShare: window.weight >= 100
        }));
        outcome = judgeStep(gates);
        ctx.log.info(`  ${label} · window ${round}/${rounds} (${formatDuration(ctx.clock.now() - started)}): ${gates.map(g => g.reason).join(' · ')}`);
    }
    controller.abort();
    for (const [i, spec] of metrics.entries())
        if (spec.compare === 'baseline')
            evidence.set(spec.name, evidenceAfter(spec, readings[i], evidence.get(spec.name) ?? START));
    const decided = outcome === 'running' ? 'inconclusive' : outcome;
    const deciding = gates.filter(g => g.outcome === decided);
    const probe = readings.flat().filter(m => m.requests !== undefined);
    return {
        outcome: decided,
        reason: (deciding.length > 0 ? deciding : gates).map(g => g.reason).join('; '),
        gates,
        durationMs: ctx.clock.now() - started,
        requests: probe.length ? probe.reduce((sum, m) => sum + (m.requests ?? 0), 0) : undefined,
        errorRate: probe.length ? weightedErrorRate(probe) : undefined,
        p95Ms: probe.length ? Math.max(...probe.map(m => m.p95Ms ?? 0)) : undefined,
        windows
    };
}
/**
 * Latency compare gates count answers slower than L, and L must be fixed before the step: unless
 * the gate states one (an SLO), it is the stable version's p95 over a short window just before.
 */
async function baselineLatencyThreshold(ctx, window, signal) {
    const gate = ctx.settings.canary.metrics.find(m => m.provider === 'http' &&
        m.compare === 'baseline' &&
        m.query === 'latency' &&
        m.latencyThresholdMs === undefined);
    if (!gate)
        return undefined;
    // The gate's own paths, on the stable side (every instance of a pool) instead of the canary.
    const probe = { ...gate, compare: 'none', query: 'p99', target: 'canary' };
    const measured = await ctx.providers('http').measure(probe, {
        ...window,
        canary: window.stable,
        windowMs: Math.min(ctx.settings.canary.analysisIntervalMs, 2000)
    }, signal);
    if (measured.phase !== 'ok' || measured.value === undefined) {
        ctx.log.warn(`could not measure the baseline p99 before the step (${measured.message}); latency gates have no threshold`);
        return undefined;
    }
    ctx.log.info(`  "slow" for this step: slower than ${Math.round(measured.value)} ms (the baseline's p99 just before it)`);
    return measured.value;
}
/** HAProxy forgets runtime weights on a reload; the router puts them back and says so. */
async function keepSplit(ctx, weights) {
    try {
        const { held, detail } = await ctx.router.verify(weights);
        if (held === false)
            ctx.log.warn(`the router does not hold the canary split: ${detail}`);
    }
    catch (error) {
        ctx.log.warn(`could not check the canary split: ${error.message}`);
    }
}

;// CONCATENATED MODULE: ./src/metrics/latency-histogram.ts
/**
 * Latencies in fixed buckets: 1 ms wide up to 1 s, 10 ms up to 10 s, then one overflow bucket.
 * Memory stays the same however many requests a probe sends (no array of samples).
 */
class LatencyHistogram {
    fine = new Uint32Array(1000);
    coarse = new Uint32Array(900);
    overflow = 0;
    count = 0;
    add(ms) {
        this.count++;
        if (ms < 1000)
            this.fine[Math.max(0, Math.floor(ms))]++;
        else if (ms < 10_000)
            this.coarse[Math.floor((ms - 1000) / 10)]++;
        else
            this.overflow++;
    }
    /** The q-quantile in ms (upper edge of its bucket); undefined when empty. */
    quantile(q) {
        if (this.count === 0)
            return undefined;
        const rank = Math.max(1, Math.ceil(q * this.count));
        let seen = 0;
        for (let i = 0; i < this.fine.length; i++)
            if ((seen += this.fine[i]) >= rank)
                return i + 1;
        for (let i = 0; i < this.coarse.length; i++)
            if ((seen += this.coarse[i]) >= rank)
                return 1000 + (i + 1) * 10;
        return 10_000;
    }
    /** How many recorded latencies were above `ms` (to bucket resolution). */
    countAbove(ms) {
        let above = this.overflow;
        for (let i = 0; i < this.coarse.length; i++)
            if (1000 + i * 10 >= ms)
                above += this.coarse[i];
        for (let i = 0; i < this.fine.length; i++)
            if (i >= ms)
                above += this.fine[i];
        return above;
    }
}

;// CONCATENATED MODULE: ./src/commands/shared/warm-up.ts




/** Warm-up requests in flight at most: a slow color is warmed more slowly, not flooded. */
const MAX_IN_FLIGHT = 16;
const REQUEST_TIMEOUT_MS = 5000;
/**
 * Warms the color before its first traffic: its paths requested in turn on every instance of it,
 * at warmup-rate, or the warm-up command. A summary row says how it went; a failed warm-up throws
 * before anything moved (the caller has not touched the router yet).
 */
async function warmUp(ctx, color, version, live) {
    const warmup = ctx.settings.warmup;
    if (!warmup)
        return;
    await ctx.report.step(`warm-up ${color}`, async () => {
        if (warmup.command) {
            const exitCode = await runReleaseCommand(ctx.runner, warmup.command, releaseEnvironment(ctx.settings, color, version, live));
            if (exitCode !== 0)
                throw new BackendError(`warm-up command exited ${exitCode} on ${color} (${version}); traffic was not moved.`);
            return 'warm-up command: exit 0';
        }
        const addresses = ctx.settings.pools[color].map(m => m.address);
        const urls = addresses.flatMap(a => warmup.paths.map(p => `http://${a}${p}`));
        const latency = new LatencyHistogram();
        const started = ctx.clock.now();
        let failed = 0;
        const inFlight = new Set();
        for (let i = 0; i < warmup.requests; i++) {
            // Paced: request i leaves at i / rate seconds, whatever the answers take.
            const due = started + (i * 1000) / warmup.rate;
            const wait = due - ctx.clock.now();
            if (wait > 0)
                await ctx.clock.sleep(wait);
            if (inFlight.size >= MAX_IN_FLIGHT)
                await Promise.race(inFlight);
            const sent = ctx.clock.now();
            const request = ctx.http
                .get(urls[i % urls.length], REQUEST_TIMEOUT_MS)
                .then(answer => {
                if (answer.status >= 400)
                    failed += 1;
                else
                    latency.add(ctx.clock.now() - sent);
            }, () => {
                failed += 1;
            })
                .finally(() => inFlight.delete(request));
            inFlight.add(request);
        }
        await Promise.all(inFlight);
        const took = formatDuration(ctx.clock.now() - started);
        const p95 = latency.quantile(0.95);
        const detail = `${warmup.requests} requests to ${warmup.paths.length} path(s) on ${addresses.length} instance(s) of ${color} in ${took}, ${failed} failed${p95 === undefined ? '' : `, p95 ${Math.round(p95)} ms`}`;
        if (failed / warmup.requests > warmup.maxErrorRate)
            throw new BackendError(`warm-up of ${color} (${version}) failed: ${detail} (more than ${warmup.maxErrorRate * 100}% may fail); traffic was not moved.`);
        return detail;
    });
}

;// CONCATENATED MODULE: ./src/commands/shared/hooks.ts

/**
 * Runs a release hook when one is set (pre-switch, post-switch, post-rollback), with the release
 * facts (PD_COLOR, PD_VERSION …, PD_HOOK, PD_PREVIOUS_COLOR/VERSION) in its environment. Its row
 * is in the summary either way, and an event on its release; the answer is the problem, or
 * undefined when it passed or is unset.
 */
async function runHook(ctx, hook, release, previous, 
/** The release the hook belongs to: its exit is recorded there, in the phase it is in. */
recordOn) {
    const argv = ctx.settings.hooks[hook];
    if (!argv)
        return undefined;
    const exitCode = await runReleaseHook(ctx, hook, argv, release, previous, recordOn);
    return exitCode === 0 ? undefined : `${hook}-command exited ${exitCode}`;
}
/** The event a hook's exit leaves on its release: "contract-command exit 0". */
function hookExitEvent(hook, exitCode) {
    return `${hook}-command exit ${exitCode}`;
}
/** The event left before a hook runs, where a run killed mid-hook must not be taken for "never ran". */
function hookStartEvent(hook) {
    return `${hook}-command started`;
}
/**
 * Runs `argv` as `hook` and answers its exit code. PD_LIVE_COLOR is what the router holds while
 * it runs: the previous color before the switch, the release's own after it.
 */
async function runReleaseHook(ctx, hook, argv, release, previous, recordOn, options = {}) {
    const live = hook === 'pre-switch' ? previous?.color : release.color;
    if (recordOn && options.intentFirst)
        await ctx.store.transition(recordOn, {
            phase: recordOn.phase,
            description: hookStartEvent(hook)
        });
    const started = ctx.clock.now();
    ctx.log.info(`▶ ${hook}-command: ${argv.join(' ')}`);
    const exitCode = await runReleaseCommand(ctx.runner, argv, {
        ...releaseEnvironment(ctx.settings, release.color, release.version, live),
        PD_HOOK: hook,
        PD_PREVIOUS_COLOR: previous?.color ?? '',
        PD_PREVIOUS_VERSION: previous?.version ?? ''
    });
    const ms = ctx.clock.now() - started;
    ctx.report.record(`${hook}-command`, exitCode === 0 ? 'ok' : 'failed', ms, `exit ${exitCode}`);
    if (recordOn)
        await ctx.store.transition(recordOn, {
            phase: recordOn.phase,
            description: hookExitEvent(hook, exitCode)
        });
    return exitCode;
}

;// CONCATENATED MODULE: ./src/commands/canary/canary-run.ts














/**
 * The compare gates' evidence as the record left it (ln E, the last time it was recorded). The
 * counts behind it start afresh: the e-process stays valid, only its estimate of the canary's
 * rate restarts.
 */
function restoredEvidence(record, gates) {
    const last = [...record.events].reverse().find(e => e.evidence?.length === gates.length);
    const evidence = new Map();
    gates.forEach((name, i) => {
        const logE = last?.evidence?.[i] ?? 0;
        evidence.set(name, { ...START, logE, pValue: Math.min(1, Math.exp(-logE)) });
    });
    return evidence;
}
/** The release a canary runs on, refusing anything that is not a canary in progress. */
function canaryInProgress(state, environment, allowed) {
    const record = state?.inProgress;
    if (!record)
        throw ConfigurationError.single('environment', `no rollout is in progress in "${environment}"; run deploy-green first.`);
    if (!allowed.includes(record.phase)) {
        const hint = record.phase === 'paused'
            ? 'it is paused: run promote to continue, or abort'
            : `it is ${record.phase}`;
        throw ConfigurationError.single('command', `${record.version} on ${record.color} cannot do this now: ${hint}.`);
    }
    return colorRecord(record);
}
/**
 * Runs canary steps from where the record stands until a pause, a failed gate (abort), gates
 * that cannot decide (pause), or the end (the canary becomes live). `promoting`: a person passes
 * the canary on from where it waits.
 */
async function runCanary(ctx, record, promoting) {
    const { settings, report } = ctx;
    report.canaryLimits = chartLimits(settings.canary.metrics);
    const steps = settings.canary.steps;
    const state = await ctx.store.load(settings.environment);
    const stable = state?.live?.color === otherColor(record.color) ? state.live : undefined;
    const window = {
        environment: settings.environment,
        canary: {
            color: record.color,
            version: record.version,
            address: settings.addresses[record.color],
            addresses: settings.pools[record.color].map(m => m.address)
        },
        stable: {
            color: otherColor(record.color),
            version: stable?.version ?? '',
            address: settings.addresses[otherColor(record.color)],
            addresses: settings.pools[otherColor(record.color)].map(m => m.address)
        }
    };
    const strategy = canaryStrategy(steps);
    // One e-process per compare gate for the whole rollout, also across jobs (promote).
    const compared = settings.canary.metrics.filter(m => m.compare === 'baseline');
    const evidence = restoredEvidence(record, compared.map(m => m.name));
    const recorded = () => compared.map(m => evidence.get(m.name)?.logE ?? 0);
    let at = positionOf(record);
    // Before the canary's first traffic, never again (a resumed or promoted canary is warm).
    if (at.index < 0 && record.phase === 'verified' && !promoting) {
        await warmUp(ctx, record.color, record.version, window.stable.color);
        const problem = await runHook(ctx, 'pre-switch', record, window.stable, record);
        if (problem)
            throw new BackendError(`${problem}; traffic was not moved.`);
    }
    // canary-step goes on from where the record stands; promote is a person's pass on it.
    let verdict = {
        outcome: 'pass',
        reason: promoting ? `promoted by ${ctx.actor}` : `${record.version} verified`
    };
    let baked = 0;
    for (;;) {
        const next = strategy.next(at, verdict);
        if (next.phase === 'live')
            return completeCanary(ctx, record, stable);
        if (next.phase === 'failed')
            return abortCanary(ctx, record, `gate failed at ${baked}%: ${verdict.reason}`);
        const step = next.step;
        const label = `step ${step.index + 1}/${step.total} · ${step.weight}%`;
        if (next.phase === 'paused') {
            const decided = verdict.outcome === 'inconclusive';
            const headline = decided
                ? `${record.version} paused at ${step.weight}%: the gates could not decide (${verdict.reason}). Promote to go on, abort to restore ${window.stable.color}.`
                : `${record.version} paused at ${step.weight}% (step ${step.index + 1}/${step.total}); promote to continue, abort to restore ${window.stable.color}.`;
            const description = decided
                ? deploy_to_color_short(`gates could not decide: ${verdict.reason}`)
                : next.description;
            return pauseCanary(ctx, record, step, description, headline, window.stable, recorded());
        }
        const { weight } = step;
        const weights = canaryWeights(record.color, weight);
        // Intent first: the step is recorded (and the lease confirmed) before traffic moves, so a run
        // that dies in between leaves a record a later run can reconcile with the router.
        await ctx.store.transition(record, {
            ...next,
            ...(compared.length > 0 ? { evidence: recorded() } : {})
        });
        await report.step(`${label}: shift traffic to ${record.color}`, async () => {
            await ctx.router.setWeights(weights, record.color);
            const { held, detail } = await ctx.router.verify(weights);
            if (held === false)
                throw new BackendError(`the router does not hold ${weight}% on ${record.color} after setting it: ${detail}`);
            return `${ctx.router.type}: ${weight}% ${record.color} / ${100 - weight}% ${window.stable.color}`;
        });
        const bakeMs = steps[step.index].bakeMs;
        const startedAt = ctx.clock.now();
        const result = await bakeStep(ctx, { ...window, weight }, weights, bakeMs, label, evidence);
        report.canarySteps.push({
            startedAt,
            ...step,
            outcome: result.outcome,
            reason: result.reason,
            durationMs: result.durationMs,
            requests: result.requests,
            errorRate: result.errorRate,
            p95Ms: result.p95Ms,
            windows: result.windows
        });
        report.record(`${label}: gates`, result.outcome === 'fail' ? 'failed' : 'ok', result.durationMs, `${result.outcome}: ${result.reason}`);
        at = { phase: 'canary', index: step.index };
        verdict = result;
        baked = weight;
    }
}
/** Stops the canary where it stands, waiting for promote or abort; the job itself succeeds. */
async function pauseCanary(ctx, record, step, description, headline, stable, evidence) {
    await ctx.store.transition(record, {
        phase: 'paused',
        description,
        step,
        ...(evidence.length > 0 ? { evidence } : {})
    });
    const serving = { color: stable.color, version: stable.version };
    return succeeded(headline, {
        serving: { before: serving, after: serving },
        deployedColor: record.color,
        release: record
    });
}
/** Every step passed (or promote --full): the canary takes all traffic and becomes live. */
async function completeCanary(ctx, record, stable) {
    const weights = canaryWeights(record.color, 100);
    await fence(ctx, record, `promoting ${record.version} to 100%`);
    await ctx.report.step(`promote ${record.version}: 100% to ${record.color}`, async () => {
        await ctx.router.setWeights(weights);
        return (await ctx.router.verify(weights)).detail;
    });
    await ctx.store.transition(record, {
        phase: 'live',
        description: deploy_to_color_short(`${record.version} on ${record.color} takes all traffic (canary promoted by ${ctx.actor})`)
    });
    if (stable)
        await ctx.store.transition(stable, {
            phase: 'superseded',
            description: deploy_to_color_short(`superseded by ${record.version} on ${record.color} (canary)`)
        });
    const from = otherColor(record.color);
    const hookProblem = await runHook(ctx, 'post-switch', record, {
        color: from,
        version: stable?.version ?? ''
    }, record);
    return (hookProblem ? failed : succeeded)(`${record.version} on ${record.color} passed every canary step and takes all traffic${hookProblem ? `; but ${hookProblem}` : ''}.`, {
        serving: {
            before: { color: from, version: stable?.version ?? '' },
            after: { color: record.color, version: record.version }
        },
        deployedColor: record.color,
        release: record
    });
}
/**
 * All traffic back on stable at once, confirmed through the router; the release is marked failed.
 * The canary keeps running for inspection unless an abort-command says otherwise.
 */
async function abortCanary(ctx, record, reason, 
/** A person's abort acts whoever holds the lease; the canary's own run must still hold it. */
byPerson = false) {
    const stable = otherColor(record.color);
    const weights = stableWeights(record.color);
    if (!byPerson)
        await fence(ctx, record, `aborting back to ${stable}`);
    await ctx.report.step(`abort: 100% back to ${stable}`, async () => {
        await ctx.router.setWeights(weights);
        // Whatever was seen, traffic stays on stable: the split is what is being escaped.
        return (await ctx.router.verify(weights)).detail;
    });
    await ctx.store.transition(record, { phase: 'failed', description: deploy_to_color_short(`aborted: ${reason}`) });
    const abortCommand = ctx.settings.canary.abortCommand;
    if (abortCommand) {
        const exitCode = await runReleaseCommand(ctx.runner, abortCommand, releaseEnvironment(ctx.settings, record.color, record.version, stable));
        ctx.report.record('abort-command', exitCode === 0 ? 'ok' : 'failed', 0, `exit ${exitCode}`);
    }
    const state = await ctx.store.load(ctx.settings.environment);
    const serving = {
        color: stable,
        version: state?.live?.color === stable ? state.live.version : ''
    };
    // Traffic was taken from the canary: previous-* name it ("v3 aborted, back on v2").
    const canary = { color: record.color, version: record.version };
    const hookProblem = await runHook(ctx, 'post-rollback', serving, canary, record);
    return failed(`canary ${record.version} aborted; all traffic is back on ${stable}. ${reason}${hookProblem ? ` (${hookProblem}.)` : ''}`, {
        serving: { before: canary, after: serving },
        deployedColor: record.color,
        release: record
    });
}

;// CONCATENATED MODULE: ./src/commands/canary/abort.ts

/**
 * All traffic back to stable now; the rollout in progress is marked failed. Asked for by a person,
 * the abort itself succeeded, so the job does not fail (an automatic abort does).
 */
async function abort(ctx) {
    const state = await ctx.store.load(ctx.settings.environment);
    const record = canaryInProgress(state, ctx.settings.environment, [
        'deployed',
        'verified',
        'canary',
        'paused'
    ]);
    const outcome = await abortCanary(ctx, record, `aborted by ${ctx.actor}${ctx.settings.reason ? `: ${ctx.settings.reason}` : ''}`, true);
    return { ...outcome, result: 'success' };
}

;// CONCATENATED MODULE: ./src/commands/canary/canary-step.ts

/** Runs the canary from where it stands until a pause, an abort, or the end. */
async function canaryStep(ctx) {
    const state = await ctx.store.load(ctx.settings.environment);
    const record = canaryInProgress(state, ctx.settings.environment, [
        'deployed',
        'verified',
        'canary'
    ]);
    return runCanary(ctx, record, false);
}

;// CONCATENATED MODULE: ./src/config/lists.ts
// The shapes of list values: argument lists, word lists, host:port. Pure.
/** One argument per line, or a JSON array of strings. No shell word splitting: what you write is what runs. */
function parseArgv(text) {
    const trimmed = text.trim();
    if (trimmed.startsWith('[')) {
        try {
            const parsed = JSON.parse(trimmed);
            if (Array.isArray(parsed) && parsed.length > 0 && parsed.every(a => typeof a === 'string'))
                return parsed;
        }
        catch {
            // reported by the caller
        }
        return undefined;
    }
    return trimmed
        .split('\n')
        .map(line => line.trim())
        .filter(line => line !== '');
}
/**
 * A list of words: a JSON list (what a YAML list in the config file becomes) or words separated by
 * white space. undefined when a JSON list holds anything but strings (and numbers, when allowed).
 */
function wordList(text, separators = /\s+/, options = {}) {
    const trimmed = text.trim();
    if (trimmed.startsWith('[')) {
        try {
            const parsed = JSON.parse(trimmed);
            const word = (w) => typeof w === 'string' || (options.numbers === true && typeof w === 'number');
            if (Array.isArray(parsed) && parsed.every(word))
                return parsed.map(String);
        }
        catch {
            // reported by the caller
        }
        return undefined;
    }
    return trimmed.split(separators).filter(w => w !== '');
}
function isHostPort(value) {
    const match = /^(\[[0-9a-fA-F:]+\]|[\w.-]+):(\d{1,5})$/.exec(value);
    return match !== null && Number(match[2]) > 0 && Number(match[2]) < 65536;
}

;// CONCATENATED MODULE: ./src/config/canary-steps.ts



const DEFAULT_STEPS = '1,5,20,50,100';
/** More steps than this is a typo or a generated list gone wrong. */
const MAX_STEPS = 100;
/**
 * Parses a step list: "1, 5, 20, pause, 50, 100" (whole percentages, increasing, ending at 100;
 * "pause" waits for `promote`), or the same as a YAML list, an optional bake per step ("5@2m"),
 * or a preset: linear-10-every-1m (10, 20, ... 100, baking 1 min each), canary-10-then-100 (10,
 * then 100). Returns the steps or the reason they are wrong.
 */
function parseCanarySteps(text, defaultBakeMs, 
/** canary-match is set: a first step of 0 ("internal") sends only matched requests. */
internalFirst = false) {
    const preset = presetSteps(text.trim(), defaultBakeMs);
    if (preset !== undefined)
        return preset;
    const words = wordList(text, /[\s,]+/, { numbers: true });
    if (words === undefined)
        return 'a list must hold percentages and "pause", e.g. [1, 5, 20, pause, 100]';
    if (words.length === 0)
        return 'the list is empty; give percentages like 1, 5, 20, 50, 100';
    if (words.length > MAX_STEPS)
        return `${words.length} steps are too many; give at most ${MAX_STEPS}`;
    const steps = [];
    let last = 0;
    for (const [index, word] of words.entries()) {
        if (word === 'pause') {
            steps.push({ kind: 'pause' });
            continue;
        }
        const internal = /^(internal|0)%?(?:@(.+))?$/.exec(word);
        if (internal && index === 0) {
            if (!internalFirst)
                return `a first step of ${internal[1]} sends no traffic; set canary-match (e.g. header:X-Canary) to send your own users first`;
            const bakeMs = internal[2] === undefined ? defaultBakeMs : parseDuration(internal[2]);
            if (bakeMs === undefined || bakeMs <= 0 || bakeMs > 24 * 3_600_000)
                return `${quote(internal[2])} in ${quote(word)} is not a bake duration up to 24h`;
            steps.push({ kind: 'weight', weight: 0, bakeMs });
            continue;
        }
        const match = /^(-?[\d.]+)%?(?:@(.+))?$/.exec(word);
        const weight = match ? Number(match[1]) : NaN;
        if (!match || !Number.isFinite(weight))
            return `${quote(word)} is neither a percentage nor "pause"`;
        if (weight <= 0 || weight > 100)
            return `${weight} is outside 0 < weight ≤ 100`;
        // The routers split traffic in whole percent: 0.4 would send nothing while the log said 0.4%.
        if (!Number.isInteger(weight))
            return `${weight} is not a whole percentage; the routers split traffic in steps of 1%, so use ${Math.max(1, Math.round(weight))}`;
        if (weight <= last)
            return `steps must increase: ${weight} comes after ${last}`;
        const bakeMs = match[2] === undefined ? defaultBakeMs : parseDuration(match[2]);
        if (bakeMs === undefined || bakeMs <= 0 || bakeMs > 24 * 3_600_000)
            return `${quote(match[2])} in ${quote(word)} is not a bake duration up to 24h (e.g. 5@2m)`;
        steps.push({ kind: 'weight', weight, bakeMs });
        last = weight;
    }
    if (last !== 100)
        return `the last weight must be 100 (the new version takes all traffic), not ${last}`;
    if (steps[0].kind === 'pause')
        return 'a canary cannot start with a pause: the first step sends traffic';
    return steps;
}
function presetSteps(text, defaultBakeMs) {
    const linear = /^linear-(\d+)-every-(\w+)$/.exec(text);
    if (linear) {
        const increment = Number(linear[1]);
        const bakeMs = parseDuration(linear[2]);
        if (increment <= 0 || increment > 100 || bakeMs === undefined || bakeMs > 24 * 3_600_000)
            return undefined;
        const steps = [];
        for (let w = increment; w < 100; w += increment)
            steps.push({ kind: 'weight', weight: w, bakeMs });
        steps.push({ kind: 'weight', weight: 100, bakeMs });
        return steps;
    }
    const twoStep = /^canary-(\d+)-then-100$/.exec(text);
    if (twoStep) {
        const weight = Number(twoStep[1]);
        if (weight <= 0 || weight >= 100)
            return undefined;
        return [
            { kind: 'weight', weight, bakeMs: defaultBakeMs },
            { kind: 'weight', weight: 100, bakeMs: defaultBakeMs }
        ];
    }
    return undefined;
}
/** "1 → 5 → pause → 100" for plans and summaries. */
function describeSteps(steps) {
    return steps.map(s => (s.kind === 'pause' ? 'pause' : `${s.weight}%`)).join(' → ');
}

;// CONCATENATED MODULE: ./src/config/rolling-batches.ts

const ROLLING_PRESETS = ['one-at-a-time', 'half-at-a-time'];
function parseCountSpec(text) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
    if (!match)
        return `${quote(text)} is neither a count (2) nor a percentage (25%)`;
    const value = Number(match[1]);
    if (match[2] === '%') {
        if (value <= 0 || value > 100)
            return `${value}% is outside 0% < share ≤ 100%`;
        return { kind: 'percent', value };
    }
    if (!Number.isInteger(value))
        return `${value} is not a whole number of instances`;
    if (value === 0)
        return '0 instances per batch would never update anything; give 1 or more';
    return { kind: 'count', value };
}
/**
 * Resolves a spec against a fleet of `total`. Percentages of max-unavailable round down (as in
 * Kubernetes, so the limit is never exceeded) and batch sizes round up; both are at least 1.
 */
function resolveCount(spec, total, round) {
    if (spec.kind === 'count')
        return spec.value;
    const exact = (spec.value * total) / 100;
    const rounded = round === 'down' ? Math.floor(exact + 1e-9) : Math.ceil(exact - 1e-9);
    return Math.max(1, rounded);
}
/** What a preset sets: batch size and max unavailable alike. */
function presetCount(preset, total) {
    return preset === 'one-at-a-time' ? 1 : Math.max(1, Math.floor(total / 2));
}
/** The instances in order, cut into batches of `size`. */
function planBatches(names, size) {
    const batches = [];
    for (let i = 0; i < names.length; i += size)
        batches.push(names.slice(i, i + size));
    return batches;
}

;// CONCATENATED MODULE: ./src/strategies/rolling.ts

// Rolling updates, decided without I/O: what the fleet runs, what to do next, what may be drained.
/** An instance is done when it runs the target version and takes traffic again. */
function isDone(state, version) {
    return state !== undefined && state.version === version && state.inRotation;
}
/**
 * Decides how a rolling run begins from the recorded state. `fallback` is the version instances
 * ran before when nothing is recorded for them (rollback-version; '' = unknown).
 */
function planRollingStart(state, settings, version, fallback) {
    const last = state?.fleet;
    const unfinished = last !== undefined && ['deploying', 'rolling', 'paused'].includes(last.record.phase);
    const recorded = last?.snapshot.instances ?? {};
    const before = (name) => {
        const recordedFrom = last?.record.fleet?.instances.find(i => i.name === name)?.from ?? '';
        // An unfinished update keeps its own "before", so undoing it goes back past every attempt.
        if (unfinished && recordedFrom !== '')
            return recordedFrom;
        const now = recorded[name]?.version ?? '';
        if (now !== '' && now !== version)
            return now;
        // Already on (or half-way to) this version after a failed update: what it ran before that.
        return recordedFrom || fallback;
    };
    const plan = {
        instances: settings.instances.map(i => ({ ...i, from: before(i.name) })),
        batches: planBatches(settings.instances.map(i => i.name), settings.batchSize)
    };
    const instances = {};
    for (const { name } of settings.instances)
        instances[name] = recorded[name] ?? { version: fallback, inRotation: true };
    const snapshot = {
        batchesDone: 0,
        batches: plan.batches.length,
        instances
    };
    snapshot.batchesDone = batchesDone(plan, snapshot, version);
    if (unfinished && settings.onInterrupted === 'rollback')
        return { kind: 'revert', plan, snapshot };
    if (unfinished && last?.record.version === version)
        return { kind: 'resume', plan, snapshot };
    return { kind: 'start', plan, snapshot };
}
/** How many batches, from the first, are wholly done. */
function batchesDone(plan, snapshot, version) {
    let done = 0;
    while (done < plan.batches.length &&
        plan.batches[done].every(name => isDone(snapshot.instances[name], version)))
        done += 1;
    return done;
}
/**
 * The batches in the order to run them: a batch holding an instance that is already out of
 * rotation (left drained by a failed update) goes first, since taking it out again costs no
 * capacity; otherwise it would use up max-unavailable and block every other batch.
 */
function batchOrder(plan, snapshot) {
    const entries = plan.batches.map((batch, index) => [index, batch]);
    const drained = ([, batch]) => batch.some(name => snapshot.instances[name]?.inRotation === false) ? 0 : 1;
    return entries.sort((a, b) => drained(a) - drained(b) || a[0] - b[0]);
}
/** The instances of a batch that still need the version. */
function pendingIn(batch, snapshot, version) {
    return batch.filter(name => !isDone(snapshot.instances[name], version));
}
/**
 * May these instances leave rotation now? The router's own weights say what is in rotation, and
 * an instance in rotation that fails its health check (`unhealthy`) does not count as serving.
 * At least the fleet size minus max-unavailable must keep serving, and never fewer than 1.
 */
function drainAllowed(weights, instances, toDrain, maxUnavailable, unhealthy = []) {
    const inRotation = instances.filter(i => (weights[i.name] ?? 0) > 0).map(i => i.name);
    // Taking out what is already out costs no capacity: putting drained instances back (an undo
    // after a run died mid-batch) must not be refused for a shortfall it does not add to.
    if (!toDrain.some(name => inRotation.includes(name)))
        return { allowed: true };
    const serving = inRotation.filter(name => !unhealthy.includes(name) && !toDrain.includes(name));
    const minInRotation = Math.max(1, instances.length - maxUnavailable);
    if (serving.length >= minInRotation)
        return { allowed: true };
    const out = instances.filter(i => !inRotation.includes(i.name)).map(i => i.name);
    const sick = inRotation.filter(name => unhealthy.includes(name) && !toDrain.includes(name));
    const why = [
        out.length ? `out of rotation: ${out.join(', ')}` : '',
        sick.length ? `in rotation but failing their health check: ${sick.join(', ')}` : ''
    ].filter(Boolean);
    return {
        allowed: false,
        reason: `draining ${toDrain.join(', ')} would leave ${serving.length} of ${instances.length} instances serving; max-unavailable allows no fewer than ${minInRotation}${why.length ? ` (${why.join('; ')})` : ''}`
    };
}
/**
 * What undoing an update touches: instances not on their version from before, newest batch
 * first, in batches of the same size; instances whose earlier version is unknown are left alone.
 */
function revertBatches(plan, snapshot) {
    const byName = new Map(plan.instances.map(i => [i.name, i]));
    const needs = (name) => {
        const from = byName.get(name)?.from ?? '';
        const now = snapshot.instances[name];
        return from !== '' && (now?.version !== from || !now.inRotation);
    };
    return [...plan.batches]
        .reverse()
        .map(batch => batch.filter(needs))
        .filter(batch => batch.length > 0);
}
/**
 * Instances the update touched (on the new version, or out of rotation) whose earlier version
 * nobody recorded: undoing cannot put them back.
 */
function stuckWithoutHistory(plan, snapshot, version) {
    return plan.instances
        .filter(({ name, from }) => {
        const now = snapshot.instances[name];
        return from === '' && (now?.version === version || !now?.inRotation);
    })
        .map(i => i.name);
}
/** "4 × v2, 2 × v1, 1 drained": the fleet in a few words. */
function describeFleet(snapshot) {
    const counts = new Map();
    let drained = 0;
    for (const state of Object.values(snapshot.instances)) {
        const label = state.version === '' ? 'unknown' : state.version;
        counts.set(label, (counts.get(label) ?? 0) + 1);
        if (!state.inRotation)
            drained += 1;
    }
    const parts = [...counts].map(([version, n]) => `${n} × ${version}`);
    if (drained > 0)
        parts.push(`${drained} out of rotation`);
    return parts.join(', ');
}
/**
 * The one version a fleet runs (the instances in rotation, or all of them), for the `version`
 * outputs; '' when it runs several, or one nobody recorded: `fleet` then says what runs where.
 */
function soleVersion(snapshot, onlyInRotation = false) {
    const states = Object.values(snapshot.instances).filter(s => !onlyInRotation || s.inRotation);
    const versions = new Set(states.map(s => s.version));
    return versions.size === 1 ? [...versions][0] : '';
}
/** "4 batches of one instance", "3 batches of up to 2 instances". */
function describeBatches(batches, batchSize) {
    return `${batches} ${batches === 1 ? 'batch' : 'batches'} of ${batchSize === 1 ? 'one instance' : `up to ${batchSize} instances`}`;
}
/** The plan's steps as people read them (and as the deployment payload keeps them). */
function rollingSteps(plan) {
    return plan.batches.map((batch, i) => `batch ${i + 1}: ${batch.join(', ')}`);
}
/**
 * The rolling update's phase machine: a batch that passed leads to the next (rolling) or, the
 * last one, to live; a failed batch fails the update; a stop that waits for a person
 * (max-batches) pauses it. `at.index` is the number of batches done.
 */
function rollingStrategy(plan) {
    return {
        name: 'rolling',
        steps: rollingSteps(plan),
        next(at, verdict) {
            if (verdict.outcome === 'fail')
                return { phase: 'failed', description: verdict.reason };
            if (verdict.outcome === 'inconclusive')
                return { phase: 'paused', description: verdict.reason };
            return at.index >= plan.batches.length
                ? { phase: 'live', description: verdict.reason }
                : { phase: 'rolling', description: verdict.reason };
        }
    };
}

;// CONCATENATED MODULE: ./src/metrics/metric-spec.ts
/** A Prometheus query over {{window}} (increase/rate), not a cumulative counter. Pure. */
function usesWindow(query) {
    return /\{\{\s*window\s*\}\}/.test(query);
}

;// CONCATENATED MODULE: ./src/commands/shared/describe-gate.ts

/**
 * One gate in full, for `plan`: what it reads (source, paths, rate), how it judges (threshold,
 * or the comparison with its alpha and tolerance) and what it does when unsure. Pure.
 */
function describeGate(m, sources) {
    return [source(m, sources), judgement(m), unsure(m)].join('; ');
}
function source(m, s) {
    switch (m.provider) {
        case 'http': {
            const where = m.paths.length > 0 ? m.paths.map(p => `${p.path} ×${p.weight}`).join(', ') : m.url || '/';
            const whom = m.compare === 'baseline'
                ? 'the canary and the stable version, each'
                : m.target === 'load-balancer'
                    ? 'through the load balancer'
                    : 'the canary';
            return `http probe: GET ${where} on ${whom} at ${m.rate} req/s; ${m.query}`;
        }
        case 'nginx-log':
            return `nginx access log ${s.nginxAccessLog || '(nginx-access-log)'}: ${m.query} of real requests${m.path ? ` under ${m.path}` : ''}, per color`;
        case 'haproxy':
            return `HAProxy counters (show stat): ${m.query} of real requests, per server`;
        case 'prometheus':
            return m.compare === 'baseline'
                ? `prometheus ${s.prometheusUrl}: requests ${m.requestsQuery}, events ${m.eventsQuery} by ${m.versionLabel} (${usesWindow(m.requestsQuery) ? 'increase over each window, extrapolated by Prometheus' : 'counters, differenced between the window ends'})`
                : `prometheus ${s.prometheusUrl}: ${m.query}`;
        case 'command':
            return `command ${m.command?.join(' ')}${m.compare === 'baseline' ? " (prints both sides' trials and events per window)" : ''}`;
        case 'webhook':
            return `webhook ${m.url}${m.compare === 'baseline' ? " (answers both sides' trials and events per window)" : ''}`;
    }
}
function judgement(m) {
    if (m.compare === 'baseline') {
        const slow = m.query === 'latency'
            ? `, slow = slower than ${m.latencyThresholdMs !== undefined ? `${m.latencyThresholdMs} ms` : m.provider === 'nginx-log' ? "the baseline's p99.9 over its answers so far (p99 below 1000 answers)" : "the baseline's p99 before each step"}`
            : '';
        const tolerance = m.toleranceRelative > 0 ? `, tolerance ${m.toleranceRelative * 100}% worse` : '';
        const direction = m.direction === 'higher-is-better'
            ? ', higher is better (events per request: the canary fails when its rate is lower)'
            : '';
        return `canary against the baseline: sequential test, α ${Number(m.alpha.toPrecision(2))} for the whole rollout (evidence carries across steps)${tolerance}${direction}${slow}`;
    }
    const bounds = [m.max !== undefined ? `≤ ${m.max}` : '', m.min !== undefined ? `≥ ${m.min}` : '']
        .filter(Boolean)
        .join(' and ');
    return bounds ? `threshold ${bounds}` : 'passes on exit 0 / a pass answer';
}
function unsure(m) {
    return `failures allowed ${m.failureLimit}; no data → ${m.onNoData}; errors → ${m.onError}`;
}

;// CONCATENATED MODULE: ./src/routers/kubernetes-access.ts
/**
 * What the command needs from the Role on the Kubernetes objects of these settings: the traffic
 * object always, the Deployments only where the command deploys (a rollback, an abort or a
 * switch must not be refused for a right it would not use). Pure.
 */
function requiredAccess(settings) {
    const k8s = settings.kubernetes;
    if (!k8s)
        return [];
    const at = (group, resource, name) => ({
        group,
        version: 'v1',
        resource,
        namespace: k8s.namespace,
        name
    });
    const both = (ref) => [
        { verb: 'get', ref },
        { verb: 'patch', ref }
    ];
    const traffic = settings.router.type === 'kubernetes-service'
        ? both(at('', 'services', k8s.service))
        : settings.router.type === 'gateway-api'
            ? both(at('gateway.networking.k8s.io', 'httproutes', k8s.route))
            : settings.router.type === 'ingress-nginx'
                ? [
                    { verb: 'get', ref: at('networking.k8s.io', 'ingresses', k8s.ingress) },
                    ...both(at('networking.k8s.io', 'ingresses', k8s.canaryIngress))
                ]
                : [];
    // plan checks what a release would need.
    const deploys = ['release', 'deploy-green', 'plan'].includes(settings.command);
    const image = k8s.image && deploys
        ? [k8s.names.blue, k8s.names.green].flatMap(name => both(at('apps', 'deployments', name)))
        : [];
    return [...traffic, ...image];
}
/** "patch services "recs"": one missing permission as the message says it. */
function describeAccess(access) {
    const group = access.ref.group === '' ? 'core API group' : `API group ${access.ref.group}`;
    return `${access.verb} ${access.ref.resource} "${access.ref.name}" (${group})`;
}

;// CONCATENATED MODULE: ./src/commands/shared/kubernetes-access.ts



/**
 * Asks the API server whether this user has every permission the command's objects need
 * (SelfSubjectAccessReviews, in parallel), so a Role without `patch` stops a release before it
 * deploys instead of at the switch. A server that does not answer the question is not held
 * against the run: the calls themselves still fail with the missing verb named.
 */
async function checkKubernetesAccess(ctx) {
    const kube = ctx.kube;
    const k8s = ctx.settings.kubernetes;
    if (!kube || !k8s)
        return;
    const needed = requiredAccess(ctx.settings);
    const answers = await Promise.all(needed.map(a => kube.allowed(a.verb, a.ref)));
    const missing = needed.filter((_, i) => answers[i] === false);
    if (missing.length === 0)
        return;
    throw ConfigurationError.single('kubeconfig', `the user of context ${quote(k8s.connection.context)} may not ${missing.map(describeAccess).join(', ')} in namespace ${k8s.namespace}: bind the README's Role for router ${ctx.settings.router.type} (Kubernetes → RBAC).`);
}

;// CONCATENATED MODULE: ./src/commands/shared/plan.ts










/** Validates the settings (already done by the time this runs) and shows what a release would do. */
async function plan(ctx) {
    const { settings, report } = ctx;
    report.facts = describePlan(settings);
    // The Lua balancer is set up once, outside any release: plan finds it missing, with the fix.
    const onKubernetes = isKubernetesRouter(settings.router.type);
    if (onKubernetes || settings.routers.some(r => r.type === 'nginx' && r.nginxMode === 'lua')) {
        const problem = await ctx.router.getWeights().then(() => undefined, (error) => error.message);
        const access = problem
            ? undefined
            : await checkKubernetesAccess(ctx).then(() => undefined, (error) => error.message.replace(/^kubeconfig: /, ''));
        if (access)
            return failed(`the plan is valid, but ${access}`, {
                check: { kind: 'plan', passed: false, description: 'Kubernetes Role lacks a permission' }
            });
        if (problem)
            return failed(`the plan is valid, but the load balancer is not ready: ${problem}`, {
                check: {
                    kind: 'plan',
                    passed: false,
                    description: onKubernetes
                        ? 'Kubernetes objects not readable'
                        : 'nginx Lua balancer not set up'
                }
            });
    }
    const flow = settings.strategy === 'canary'
        ? `deploy-green → verify → canary ${describeSteps(settings.canary.steps)}`
        : settings.strategy === 'rolling'
            ? describeBatches(planBatches(settings.rolling.instances.map(i => i.name), settings.rolling.batchSize).length, settings.rolling.batchSize)
            : 'deploy-green → verify → switch';
    return nothingToDo(`valid ${settings.strategy} plan for "${settings.environment}": ${flow}, router ${settings.router.type}.`, {
        check: {
            kind: 'plan',
            passed: true,
            description: `plan ok: ${settings.strategy === 'blue-green' ? 'blue/green' : settings.strategy} into ${settings.environment}, gates: ${gates(settings).join(', ')}`
        }
    });
}
/** The plan as rows a person can check before anything runs. Pure. */
function describePlan(s) {
    if (s.strategy === 'rolling')
        return [...describeRolling(s), ...common(s)];
    const rows = s.strategy === 'canary'
        ? [
            [
                'strategy',
                'canary: deploy to the idle color, verify it, then shift traffic step by step while gates judge it'
            ],
            [
                'steps',
                `1. deploy-green → 2. verify → 3. canary ${describeSteps(s.canary.steps)} (a failed gate aborts: all traffic back to stable)`
            ],
            ...s.canary.metrics.map((m) => [
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
        ];
    return [...rows, ['colors', describeColors(s)], ...common(s)];
}
function describeRolling(s) {
    const r = s.rolling;
    const batches = planBatches(r.instances.map(i => i.name), r.batchSize);
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
        ...r.gates.map((m) => [`gate: ${m.name}`, describeGate(m, s.canary)]),
        ...r.instances.map((i) => [`instance ${i.name}`, i.address])
    ];
}
function common(s) {
    const h = s.health;
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
            : [['gate: smoke test', s.smoke ? s.smoke.join(' ') : 'none']]),
        ...s.routers.flatMap((router, i) => {
            // Several load balancers: a row pair each, named.
            const label = s.routers.length > 1 ? ` ${router.name ?? `lb-${i + 1}`}` : '';
            return [
                [`router${label}`, describeRouter(s, router)],
                [
                    `traffic confirmation${label}`,
                    router.probeUrl
                        ? `${router.probeUrl} (header ${router.probeHeader}), within ${formatDuration(s.confirmTimeoutMs)}`
                        : 'none (set probe-url)'
                ]
            ];
        }),
        [
            'state',
            s.state.type === 'github' && s.github
                ? `GitHub deployments of ${s.github.owner}/${s.github.repo}`
                : `file ${s.state.file}`
        ]
    ];
}
function gates(s) {
    return [
        'health',
        ...(s.smoke ? ['smoke'] : []),
        ...(s.strategy === 'canary' ? s.canary.metrics.map(m => m.name) : []),
        ...(s.strategy === 'rolling' ? s.rolling.gates.map(m => m.name) : []),
        ...(s.router.probeUrl ? ['traffic confirmation'] : [])
    ];
}
/** Each color's address, or its pool: every instance, and how many must be healthy. */
function describeColors(s) {
    const pooled = COLORS.some(c => s.pools[c].length > 1);
    if (!pooled)
        return `blue ${s.addresses.blue} · green ${s.addresses.green}`;
    const pools = COLORS.map(c => `${c}: ${s.pools[c].map(m => `${m.name} ${m.address}`).join(', ')}`).join(' · ');
    const healthy = s.minHealthy === undefined ? 'all' : `${s.minHealthy}`;
    return `${pools} (healthy needed per color: ${healthy}; deploys at once: ${s.maxParallelDeploys})`;
}
function describeRouter(s, router) {
    const k8s = s.kubernetes;
    if (k8s && router.type === 'kubernetes-service')
        return `kubernetes-service: Service ${k8s.service} selects ${k8s.colorLabel}=blue or green (Deployments ${k8s.names.blue}, ${k8s.names.green}) in ${k8s.namespace}, context ${quote(k8s.connection.context)}`;
    if (k8s && router.type === 'gateway-api')
        return `gateway-api: HTTPRoute ${k8s.route}${k8s.routeRule !== undefined ? ` rule ${k8s.routeRule}` : ''}, backendRefs ${k8s.names.blue} and ${k8s.names.green} in ${k8s.namespace}, context ${quote(k8s.connection.context)}`;
    if (k8s && router.type === 'ingress-nginx')
        return `ingress-nginx: canary-weight of Ingress ${k8s.canaryIngress} beside ${k8s.ingress} (Services ${k8s.names.blue}, ${k8s.names.green}) in ${k8s.namespace}, context ${quote(k8s.connection.context)}`;
    const via = router.commandPrefix.length ? `, via "${router.commandPrefix.join(' ')}"` : '';
    if (router.type === 'nginx' && router.nginxMode === 'lua')
        return `nginx (lua): the split at the admin socket ${router.luaSocket}, no reloads${via}`;
    return router.type === 'haproxy'
        ? `haproxy: backend ${router.haproxyBackend} (servers ${s.strategy === 'rolling' ? 'named after the instances' : COLORS.some(c => s.pools[c].length > 1) ? 'named after the pool instances' : `${router.haproxyServers.blue}, ${router.haproxyServers.green}`}) via ${router.haproxySocket}`
        : `nginx: upstream "${router.upstreamName}" in ${router.upstreamFile}${router.configFile ? `, config ${router.configFile}` : ''}${via}`;
}

;// CONCATENATED MODULE: ./src/strategies/contract.ts
/** The events a contract leaves on the live release (commands/shared/hooks.ts writes them). */
const STARTED = 'contract-command started';
const RAN = 'contract-command exit 0';
/**
 * Whether the release's contract ran: 'ran' when it exited 0; 'maybe' when it started and no exit
 * was recorded (the run was killed mid-contract: what it removed is unknown, so it counts). Pure.
 */
function contractState(record) {
    const events = (record?.events ?? []).filter(e => e.description.startsWith('contract-command '));
    const ran = events.find(e => e.description === RAN);
    if (ran)
        return { state: 'ran', at: ran.at };
    const last = events[events.length - 1];
    return last?.description === STARTED ? { state: 'maybe', at: last.at } : undefined;
}
/** When a release began taking all traffic (its first live event). Pure. */
function liveSince(record) {
    return record.events.find(e => e.phase === 'live')?.at;
}
/**
 * Whether going back from `from` to `to` is refused: after from's contract ran (expand/contract:
 * the old schema or API is gone), a version from before it may not work. Pure; undefined = allowed.
 */
function contractRefusal(from, to, force) {
    const contracted = contractState(from);
    if (!from || !contracted || force || to === from.version)
        return undefined;
    const what = contracted.state === 'ran'
        ? `${from.version}'s contract-command ran at ${contracted.at}`
        : `${from.version}'s contract-command started at ${contracted.at} and its end was never recorded, so it may have run`;
    return `${what}: ${to} is from before it and may not work with what the contract removed. Roll forward with a fix, or set force: true if ${to} works without it.`;
}

;// CONCATENATED MODULE: ./src/commands/shared/contract.ts








/**
 * The contract half of expand/contract (drop what only the old version needed): runs
 * contract-command once the live release takes all traffic and has done so for contract-after,
 * and records it on the release, so a rollback to a version from before it is refused.
 */
async function contract(ctx) {
    const { settings } = ctx;
    const argv = settings.contract.command;
    if (!argv)
        throw ConfigurationError.single('contract-command', 'missing: give the command that contracts (e.g. the migration that drops the old columns).');
    const state = await ctx.store.load(settings.environment);
    const live = state?.live;
    if (!live || !isColorRecord(live))
        throw ConfigurationError.single('environment', `no blue/green or canary release is live in "${settings.environment}"; contract runs after one has taken all traffic.`);
    const serving = { color: live.color, version: live.version };
    const parts = { serving: { before: serving, after: serving }, release: live };
    const contracted = contractState(live);
    if (contracted?.state === 'ran')
        return nothingToDo(`${live.version}'s contract already ran at ${contracted.at}; nothing to do.`, parts);
    if (contracted?.state === 'maybe' && !settings.force)
        return failed(`${live.version}'s contract-command started at ${contracted.at} and its end was never recorded (the run was stopped?). Check what it did; nothing ran now, and a rollback needs force. Run contract with force: true to run it again.`, parts);
    const sole = soleTarget(await ctx.router.getWeights());
    if (sole !== live.color)
        return failed(`the old version may still serve: the router does not send all traffic to ${live.color} (${live.version}); contract runs only once it does. Nothing ran.`, parts);
    const since = liveSince(live);
    const liveForMs = since ? Date.parse(ctx.clock.isoNow()) - Date.parse(since) : 0;
    if (liveForMs < settings.contract.afterMs) {
        const when = new Date(Date.parse(since ?? ctx.clock.isoNow()) + settings.contract.afterMs).toISOString();
        return failed(`${live.version} has taken all traffic for ${formatDuration(liveForMs)}; contract-after is ${formatDuration(settings.contract.afterMs)}: run contract after ${when}. Nothing ran.`, parts);
    }
    const previous = state.colors[otherColor(live.color)];
    // Intent first: a run killed mid-contract leaves "started", and rollbacks stay refused.
    const exitCode = await runReleaseHook(ctx, 'contract', argv, serving, { color: otherColor(live.color), version: previous?.version ?? '' }, live, { intentFirst: true });
    if (exitCode !== 0)
        return failed(`contract-command exited ${exitCode}; ${live.version} still takes all traffic, and a rollback is still allowed.`, parts);
    return succeeded(`contract-command ran for ${live.version}; from now on a rollback to an earlier version is refused unless forced.`, parts);
}

;// CONCATENATED MODULE: ./src/commands/canary/promote.ts


/** Continues a paused (or interrupted) canary past its pause; with full: true, straight to 100%. */
async function promote(ctx) {
    const state = await ctx.store.load(ctx.settings.environment);
    const record = canaryInProgress(state, ctx.settings.environment, ['paused', 'canary']);
    if (ctx.settings.canary.full) {
        const stable = state?.live?.color === otherColor(record.color) ? state.live : undefined;
        return completeCanary(ctx, record, stable);
    }
    return runCanary(ctx, record, true);
}

;// CONCATENATED MODULE: ./src/state/types.ts
/** A release still on its way to traffic: it holds the environment's lease. */
const IN_PROGRESS = [
    'deploying',
    'deployed',
    'verified',
    'canary',
    'paused',
    'rolling'
];

;// CONCATENATED MODULE: ./src/commands/shared/move-traffic.ts


/**
 * Sends all traffic to `to`, then confirms with real requests that it arrived. When the router
 * cannot confirm in time, the old split is put back: a switch that did not demonstrably happen
 * must not be recorded as done. Going back to the stable side of a canary is the exception
 * (`toSafety`): the split it came from is what is being escaped, so traffic stays and it fails.
 */
async function moveAllTraffic(ctx, from, to, 
/** The record this run holds the lease with; undefined: a person's emergency move (no lease). */
record, toSafety = false) {
    const target = { [to]: 100, [from]: 0 };
    if (record)
        await fence(ctx, record, `moving traffic to ${to}`);
    const previous = await ctx.router.getWeights();
    await ctx.report.step(`switch traffic ${from} → ${to}`, async () => {
        await ctx.router.setWeights(target);
        return `${ctx.router.type}: 100% ${to}`;
    });
    await ctx.report.step(`confirm new requests reach ${to}`, async () => {
        const { held, detail } = await confirmOrSay(ctx, target, previous, from, to);
        if (held === false && toSafety)
            throw new BackendError(`the router was set to 100% on ${to}, but it was not shown: ${detail}. Check the router and the probe (probe-url, probe-header).`);
        if (held === false)
            throw await putBack(ctx, previous, from, to, `new requests were not shown to reach ${to}: ${detail}`);
        return detail;
    });
}
/**
 * After a change that was made but not shown: the old split back, and an error that says where
 * traffic is, or, when the router cannot be reached to put it back, where it may be.
 */
async function putBack(ctx, previous, from, to, why) {
    try {
        await ctx.router.setWeights(previous);
    }
    catch (error) {
        return new BackendError(`${why}; putting ${from} back failed too (${error.message}). Traffic may be on ${to}; run status once the router is reachable.`);
    }
    return new BackendError(`${why}. Traffic was put back on ${from}.`);
}
/**
 * The router's confirmation; when the router cannot even be read (a load balancer that dropped
 * off the network right after the change), the change is put back if it can be, and the error
 * says where traffic may be: the change was made, and nothing showed it undone.
 */
async function confirmOrSay(ctx, target, previous, from, to) {
    try {
        return await ctx.router.verify(target);
    }
    catch (error) {
        throw await putBack(ctx, previous, from, to, `the router was set to 100% on ${to} but could not be read to confirm it (${error.message})`);
    }
}

;// CONCATENATED MODULE: ./src/commands/blue-green/switch.ts










/** Moves all traffic to the target color, confirms it, then records the new live release. */
async function switchTraffic(ctx) {
    const { settings, store } = ctx;
    const state = await store.load(settings.environment);
    const decision = planSwitch(settings.switchTo, await ctx.router.getWeights(), state, settings.force);
    if (decision.kind === 'no-op') {
        const version = state?.colors[decision.color]?.version ?? '';
        const serving = { color: decision.color, version };
        return nothingToDo(`${decision.reason}; nothing changed.`, {
            serving: { before: serving, after: serving }
        });
    }
    const { from, to } = decision;
    // What ran on the color that gives up traffic: the live release, or a canary cut short.
    const fromRecord = state?.colors[from];
    if (decision.back) {
        const refusal = contractRefusal(fromRecord?.phase === 'live' ? fromRecord : undefined, decision.record?.version ?? state?.colors[to]?.version ?? '', settings.force);
        if (refusal)
            throw ConfigurationError.single('force', refusal);
    }
    // A release waiting to take traffic holds the lease: fenced. Going back to a color that
    // served before is a person's emergency move, made whoever holds the lease.
    const holder = decision.record && IN_PROGRESS.includes(decision.record.phase) ? decision.record : undefined;
    // A new release is warmed before its first request; going back to a color that just served is not.
    const newRelease = !decision.back && decision.record && decision.record.phase !== 'live'
        ? decision.record
        : undefined;
    const previous = { color: from, version: fromRecord?.version ?? '' };
    if (newRelease) {
        await warmUp(ctx, to, newRelease.version, from);
        const problem = await runHook(ctx, 'pre-switch', { color: to, version: newRelease.version }, previous, newRelease);
        if (problem)
            throw new BackendError(`${problem}; traffic was not moved.`);
    }
    await moveAllTraffic(ctx, from, to, holder);
    // Traffic has moved: record it. A forced switch to a color with no record gets one.
    const target = decision.record ??
        (await openRecord(ctx, {
            kind: 'release',
            version: 'unknown',
            color: to,
            description: `forced switch to ${to}, whose version is not recorded`,
            force: true,
            strategy: 'blue-green',
            steps: ['switch']
        }));
    if (target.phase !== 'live')
        await store.transition(target, {
            phase: 'live',
            description: deploy_to_color_short(`${target.version} on ${to} takes all traffic (switched from ${from} by ${ctx.actor})`)
        });
    if (fromRecord?.phase === 'live') {
        await store.transition(fromRecord, decision.back
            ? {
                phase: 'rolled-back',
                description: deploy_to_color_short(`${ctx.actor} switched back to ${target.version} on ${to}`)
            }
            : { phase: 'superseded', description: deploy_to_color_short(`superseded by ${target.version} on ${to}`) });
    }
    else if (fromRecord && IN_PROGRESS.includes(fromRecord.phase) && fromRecord !== target) {
        await store.transition(fromRecord, {
            phase: 'failed',
            description: deploy_to_color_short(`cut short: ${ctx.actor} switched all traffic to ${to}`)
        });
    }
    const after = { color: to, version: target.version };
    const hookProblem = await runHook(ctx, decision.back ? 'post-rollback' : 'post-switch', after, previous, target);
    return (hookProblem ? failed : succeeded)(`${target.version} on ${to} takes all traffic${fromRecord && fromRecord.phase !== 'failed' ? `; ${fromRecord.version} stays on ${from} for a fast way back` : ''}${hookProblem ? `; but ${hookProblem}` : ''}.`, {
        serving: {
            before: { color: from, version: fromRecord?.version ?? '' },
            after: { color: to, version: target.version }
        },
        release: target
    });
}

;// CONCATENATED MODULE: ./src/commands/rolling/fleet-progress.ts


/**
 * The fleet as this run knows it. Every change of phase is recorded with the whole snapshot, so
 * `status` shows the mixed fleet and a later run resumes from it; the summary gets a column.
 */
class FleetProgress {
    ctx;
    record;
    plan;
    snapshot;
    started;
    strategy;
    constructor(ctx, record, plan, snapshot) {
        this.ctx = ctx;
        this.record = record;
        this.plan = plan;
        this.snapshot = snapshot;
        this.started = ctx.clock.now();
        this.strategy = rollingStrategy(plan);
        ctx.report.fleetAddresses = Object.fromEntries(ctx.settings.rolling.instances.map(i => [i.name, i.address]));
        this.column('start');
    }
    get version() {
        return this.record.version;
    }
    state(name) {
        return this.snapshot.instances[name] ?? { version: '', inRotation: false };
    }
    set(name, state) {
        this.snapshot.instances[name] = state;
    }
    /** An instance of the plan by name. */
    instance(name) {
        const found = this.plan.instances.find(i => i.name === name);
        if (!found)
            throw new Error(`bug: no instance ${name} in the plan`);
        return { name: found.name, address: found.address };
    }
    /** The version an instance ran before the update ('' = unknown). */
    from(name) {
        return this.plan.instances.find(i => i.name === name)?.from ?? '';
    }
    /** Batches wholly done: every instance on the version and back in rotation. */
    done() {
        return this.plan.batches.filter(batch => batch.every(name => isDone(this.snapshot.instances[name], this.version))).length;
    }
    /** Records where the rolling update's phase machine goes after this verdict. */
    async decide(verdict) {
        const next = this.strategy.next({ phase: this.record.phase, index: this.done() }, verdict);
        await this.save(next.phase, next.description);
    }
    async save(phase, description) {
        await this.ctx.store.transition(this.record, {
            phase,
            description: deploy_to_color_short(description),
            fleet: structuredClone(this.snapshot)
        });
    }
    /** Adds a column to the summary's instances × versions table. */
    column(label) {
        this.ctx.report.fleetColumns.push({
            label,
            atMs: this.ctx.clock.now() - this.started,
            instances: structuredClone(this.snapshot.instances)
        });
    }
}

;// CONCATENATED MODULE: ./src/commands/rolling/instance-health.ts

// Health of fleet instances checked directly (not through the load balancer), all at once.
/** One health check of each instance, at once; the ones that fail, with what was wrong. */
async function failingChecks(ctx, instances) {
    const { health } = ctx.settings;
    const results = await Promise.all(instances.map(async (instance) => ({
        instance,
        problem: await checkOnce(`http://${instance.address}${health.path}`, health, ctx.http)
    })));
    return results.filter(r => r.problem !== '');
}
/** Health of each instance once; '' when all pass, else every problem. */
async function healthOnce(ctx, instances) {
    return (await failingChecks(ctx, instances))
        .map(({ instance, problem }) => `${instance.name} (${instance.address}): ${problem}`)
        .join('; ');
}
/** The instances that fail one health check now. */
async function unhealthyOf(ctx, instances) {
    return (await failingChecks(ctx, instances)).map(({ instance }) => instance.name);
}

;// CONCATENATED MODULE: ./src/commands/rolling/rolling-judge.ts



/**
 * A batch back in rotation must stay healthy for min-ready (checked every health-interval, or
 * every analysis-interval when gates are set), and each gate must pass on each of its instances.
 * A failed check or gate ends the wait at once.
 */
async function judgeBatch(ctx, batch, deadline, withGates = true) {
    const { rolling, canary, health } = ctx.settings;
    const gates = withGates ? rolling.gates : [];
    const windowMs = gates.length > 0 ? canary.analysisIntervalMs : health.intervalMs;
    const rounds = Math.max(1, Math.ceil(rolling.minReadyMs / windowMs));
    const instances = batch.map(t => t.instance);
    const readings = new Map();
    const started = ctx.clock.now();
    if (rolling.minReadyMs > 0)
        ctx.log.info(`  min-ready ${formatDuration(rolling.minReadyMs)}: ${instances.map(i => i.name).join(', ')} checked every ${formatDuration(windowMs)}${gates.length ? `, gates ${gates.map(g => g.name).join(', ')}` : ''}`);
    for (let round = 1; round <= rounds; round++) {
        const problem = await healthOnce(ctx, instances);
        if (problem !== '')
            return { ok: false, reason: `unhealthy back in rotation: ${problem}` };
        if (rolling.minReadyMs === 0)
            break;
        if (ctx.clock.now() > deadline)
            return { ok: false, reason: 'progress-deadline passed during min-ready' };
        if (gates.length === 0) {
            await ctx.clock.sleep(windowMs);
            continue;
        }
        const controller = new AbortController();
        const measured = await Promise.all(batch.flatMap(({ instance, version }) => gates.map(async (spec) => {
            const window = {
                windowMs,
                environment: ctx.settings.environment,
                canary: { color: instance.name, version, address: instance.address },
                stable: { color: instance.name, version, address: instance.address },
                weight: 0
            };
            const m = await ctx.providers(spec.provider).measure(spec, window, controller.signal);
            return { key: `${instance.name}/${spec.name}`, m };
        })));
        for (const { key, m } of measured)
            readings.set(key, [...(readings.get(key) ?? []), m]);
        const verdicts = batch.flatMap(({ instance }) => gates.map(spec => {
            const v = judgeGate(spec, readings.get(`${instance.name}/${spec.name}`) ?? [], round === rounds);
            return { ...v, reason: `${instance.name}: ${v.reason}` };
        }));
        const outcome = judgeStep(verdicts);
        ctx.log.info(`  min-ready window ${round}/${rounds} (${formatDuration(ctx.clock.now() - started)}): ${verdicts.map(v => v.reason).join(' · ')}`);
        if (outcome === 'fail' || outcome === 'inconclusive') {
            const deciding = verdicts.filter(v => v.outcome === outcome);
            return {
                ok: false,
                reason: `${outcome === 'fail' ? 'gate failed' : 'gates could not decide'}: ${deciding.map(v => v.reason).join('; ')}`
            };
        }
    }
    return {
        ok: true,
        detail: `${instances.map(i => i.name).join(', ')} stayed healthy${gates.length ? ` and passed ${gates.map(g => g.name).join(', ')}` : ''}`
    };
}

;// CONCATENATED MODULE: ./src/commands/rolling/rolling-batch.ts








/**
 * Replaces a batch: drain (only as far as max-unavailable allows) → wait for in-flight requests →
 * deploy → health check on the instance itself → back into rotation → stay healthy for
 * min-ready while the gates judge. Used both to update and to put instances back. Records the
 * fleet after draining and after the batch, so a killed run knows what it left.
 */
async function replaceBatch(ctx, progress, batch, label, 
/** Putting instances back on their known-good version: health only, the gates judge new versions. */
withGates = true) {
    const { settings, report } = ctx;
    const rolling = settings.rolling;
    const names = batch.map(t => t.instance.name);
    const deadline = ctx.clock.now() + rolling.progressDeadlineMs;
    const late = () => ctx.clock.now() > deadline
        ? `not finished within progress-deadline ${formatDuration(rolling.progressDeadlineMs)}`
        : undefined;
    // Capacity counts instances that take traffic and answer their health check right now.
    const weights = await ctx.router.getWeights();
    const staying = rolling.instances.filter(i => (weights[i.name] ?? 0) > 0 && !names.includes(i.name));
    const sick = await unhealthyOf(ctx, staying);
    const check = drainAllowed(weights, rolling.instances, names, rolling.maxUnavailable, sick);
    if (!check.allowed)
        throw new BackendError(`refusing to start ${label}: ${check.reason}. Nothing more was drained.`);
    await report.step(`${label}: drain ${names.join(', ')}`, async () => {
        // Intent first: recorded (and the lease confirmed) before the router drains. From here the
        // instances may be half-updated: a later run must deploy them again.
        for (const { instance, version } of batch) {
            const now = progress.state(instance.name);
            progress.set(instance.name, {
                version: now.version === version ? version : '',
                inRotation: false
            });
        }
        await progress.save('rolling', `${label}: ${names.join(', ')} out of rotation for ${batch[0].version}`);
        await ctx.router.drain(names);
        return `${ctx.router.type}: ${names.join(', ')} ${names.length === 1 ? 'takes' : 'take'} no new requests; ${await waitInFlight(ctx, names)}`;
    });
    // An instance that already runs the version and answers (drained by an earlier attempt) is
    // not deployed again; one that does not answer is.
    const onVersion = batch.filter(t => progress.state(t.instance.name).version === t.version);
    const down = await unhealthyOf(ctx, onVersion.map(t => t.instance));
    const toDeploy = batch.filter(t => !onVersion.includes(t) || down.includes(t.instance.name));
    const deploys = await whileHeld(ctx, progress.record, `${label}: deploying`, signal => Promise.all(toDeploy.map(target => deployOne(ctx, progress, target, signal))));
    const failedDeploy = deploys.find(d => d !== '');
    if (failedDeploy)
        return { ok: false, reason: failedDeploy };
    if (late())
        return { ok: false, reason: late() };
    const healths = await Promise.all(batch.map(async ({ instance }) => {
        const url = `http://${instance.address}${settings.health.path}`;
        const deadlineMs = Math.max(0, Math.min(settings.health.deadlineMs, deadline - ctx.clock.now()));
        const verdict = await waitHealthy(url, { ...settings.health, deadlineMs }, ctx);
        report.record(`${label}: health check ${instance.name}`, verdict.outcome === 'pass' ? 'ok' : 'failed', verdict.elapsedMs, verdict.reason);
        return verdict.outcome === 'pass'
            ? ''
            : `${instance.name} failed its health check: ${verdict.reason}`;
    }));
    const unhealthy = healths.find(h => h !== '');
    if (unhealthy)
        return { ok: false, reason: unhealthy };
    await fence(ctx, progress.record, `${label}: putting ${names.join(', ')} back into rotation`);
    await report.step(`${label}: back into rotation ${names.join(', ')}`, async () => {
        await ctx.router.enable(names);
        for (const { instance, version } of batch)
            progress.set(instance.name, { version, inRotation: true });
        return `${ctx.router.type}: ${names.join(', ')} ${names.length === 1 ? 'takes' : 'take'} traffic again`;
    });
    const started = ctx.clock.now();
    const judged = await judgeBatch(ctx, batch, deadline, withGates);
    report.record(`${label}: min-ready ${formatDuration(rolling.minReadyMs)}`, judged.ok ? 'ok' : 'failed', ctx.clock.now() - started, judged.ok ? judged.detail : judged.reason);
    return judged.ok ? { ok: true } : { ok: false, reason: judged.reason };
}
/** Runs the deploy command for one instance; '' on success, else why not. */
async function deployOne(ctx, progress, { instance, version }, signal) {
    const argv = ctx.settings.deploy;
    if (!argv)
        throw new Error('bug: rolling without a deploy command (parse-settings requires one)');
    const previous = progress.state(instance.name).version || progress.from(instance.name);
    const started = ctx.clock.now();
    ctx.log.info(`▶ deploy ${version} to ${instance.name} (${instance.address}): ${argv.join(' ')}`);
    const exitCode = await runReleaseCommand(ctx.runner, argv, instanceEnvironment(ctx.settings, instance, version, previous), signal);
    const ok = exitCode === 0;
    if (ok)
        progress.set(instance.name, { version, inRotation: false });
    ctx.report.record(`deploy ${version} to ${instance.name}`, ok ? 'ok' : 'failed', ctx.clock.now() - started, `exit ${exitCode}`);
    return ok ? '' : `the deploy command exited ${exitCode} for ${instance.name} (${version})`;
}
/**
 * Waits until the drained instances serve nothing, as far as the router can tell, for at most
 * drain-timeout. nginx cannot tell: its old workers finish in-flight requests after the reload,
 * so the whole drain-timeout is the allowance.
 */
async function waitInFlight(ctx, names) {
    const timeoutMs = ctx.settings.rolling.drainTimeoutMs;
    const started = ctx.clock.now();
    for (;;) {
        const counts = await Promise.all(names.map(name => ctx.router.inFlight(name)));
        const elapsed = ctx.clock.now() - started;
        if (counts.some(c => c === undefined)) {
            if (timeoutMs > 0)
                await ctx.clock.sleep(timeoutMs);
            return `waited drain-timeout ${formatDuration(timeoutMs)} for in-flight requests (${ctx.router.type} does not report them)`;
        }
        const busy = counts.reduce((sum, c) => sum + (c ?? 0), 0);
        if (busy === 0)
            return `in-flight requests done after ${formatDuration(elapsed)}`;
        if (elapsed >= timeoutMs)
            return `${busy} request(s) still in flight after drain-timeout ${formatDuration(timeoutMs)}; going on`;
        ctx.log.info(`  ${busy} request(s) still in flight on ${names.join(', ')} (${formatDuration(elapsed)})`);
        await ctx.clock.sleep(Math.min(100, timeoutMs));
    }
}

;// CONCATENATED MODULE: ./src/commands/rolling/rolling-undo.ts


function describeUndo(result) {
    const parts = [];
    if (result.reverted.length > 0)
        parts.push(result.failure === undefined
            ? `${result.reverted.join(', ')} ${result.reverted.length === 1 ? 'was' : 'were'} put back on ${result.reverted.length === 1 ? 'its' : 'their'} previous version`
            : `putting ${result.reverted.join(', ')} back on their previous version failed too (${result.failure})`);
    if (result.unknown.length > 0)
        parts.push(`${result.unknown.join(', ')} stay as they are: no earlier version is recorded for them (set rollback-version)`);
    return parts.length > 0 ? parts.join('; ') : 'nothing had to be put back';
}
/**
 * Returns every updated (or unknown) instance to the version it ran before, newest batch first.
 * `updated`: the version the update being undone brought (default: the record's own).
 */
async function undo(ctx, progress, updated = progress.version) {
    const batches = revertBatches(progress.plan, progress.snapshot);
    const unknown = stuckWithoutHistory(progress.plan, progress.snapshot, updated);
    if (unknown.length > 0)
        ctx.log.warn(`no earlier version is recorded for ${unknown.join(', ')}; they stay as they are (set rollback-version to name it).`);
    const reverted = [];
    for (const [index, names] of batches.entries()) {
        const label = `undo ${index + 1}/${batches.length}`;
        const targets = names.map(name => ({
            instance: progress.instance(name),
            version: progress.from(name)
        }));
        const outcome = await replaceBatch(ctx, progress, targets, label, false).catch((error) => ({ ok: false, reason: error.message }));
        progress.column(label);
        reverted.push(...names);
        if (!outcome.ok) {
            ctx.log.error(`${label} failed: ${outcome.reason}`);
            return { reverted, unknown, failure: outcome.reason };
        }
        await progress.save('rolling', `${label} done: ${names.join(', ')} back on their earlier version`);
    }
    return { reverted, unknown };
}

;// CONCATENATED MODULE: ./src/commands/rolling/rolling.ts








/**
 * A rolling update: the fleet's instances are replaced batch by batch behind the load balancer.
 * Starts fresh, resumes an update an ended run left unfinished, or undoes it (on-interrupted).
 */
async function rolling(ctx) {
    const { settings, store, report } = ctx;
    const { instances } = settings.rolling;
    const state = await store.load(settings.environment);
    const start = planRollingStart(state, settings.rolling, settings.version, settings.rollbackVersion);
    await preflight(ctx, state, start.snapshot);
    const interrupted = state?.fleet?.record;
    const version = start.kind === 'revert' && interrupted ? interrupted.version : settings.version;
    const record = await openRecord(ctx, {
        kind: 'release',
        version,
        color: 'fleet',
        description: start.kind === 'revert'
            ? `rolling: undoing the unfinished update to ${version}`
            : `rolling: ${version} to ${instances.length} instances in ${start.plan.batches.length} batches${start.kind === 'resume' ? `, resuming after batch ${start.snapshot.batchesDone}` : ''}`,
        force: settings.force,
        strategy: 'rolling',
        steps: [...rollingStrategy(start.plan).steps],
        fleet: start.plan,
        startFleet: start.snapshot,
        ...(state?.live ? { replaces: { version: state.live.version, color: state.live.color } } : {})
    });
    const progress = new FleetProgress(ctx, record, start.plan, start.snapshot);
    const before = soleVersion(start.snapshot);
    if (start.kind === 'revert') {
        report.facts.push([
            'interrupted update',
            `${version}, recorded by ${interrupted?.runUrl || interrupted?.actor}`
        ]);
        const undone = await undo(ctx, progress);
        const fleet = describeFleet(progress.snapshot);
        await progress.decide({
            outcome: 'fail',
            reason: `interrupted update to ${version} undone: ${fleet}`
        });
        const finished = undone.failure === undefined;
        const headline = `${finished ? 'the interrupted update to' : 'undoing the interrupted update to'} ${version} ${finished ? 'was undone' : 'stopped'}: ${describeUndo(undone)}. The fleet runs ${fleet}.`;
        return (finished ? succeeded : failed)(headline, fleetEnding(progress, before));
    }
    if (start.kind === 'resume')
        report.facts.push([
            'resumed',
            `after batch ${start.snapshot.batchesDone}/${start.plan.batches.length} of an unfinished run (${interrupted?.runUrl || interrupted?.actor})`
        ]);
    const { maxBatches } = settings.rolling;
    let ran = 0;
    const total = start.plan.batches.length;
    for (const [index, batch] of batchOrder(start.plan, progress.snapshot)) {
        const pending = pendingIn(batch, progress.snapshot, version);
        if (pending.length === 0)
            continue;
        const label = `batch ${index + 1}/${total}`;
        if (maxBatches !== undefined && ran >= maxBatches) {
            await progress.decide({
                outcome: 'inconclusive',
                reason: `stopped before ${label} (max-batches ${maxBatches}): ${describeFleet(progress.snapshot)}`
            });
            return succeeded(`${ran} batch(es) updated; stopped before ${label} as max-batches asks. The fleet runs ${describeFleet(progress.snapshot)}; run rolling again to go on.`, fleetEnding(progress, before));
        }
        ran += 1;
        const targets = pending.map(name => ({ instance: progress.instance(name), version }));
        const outcome = await replaceBatch(ctx, progress, targets, label).catch((error) => ({
            ok: false,
            reason: error.message
        }));
        if (!outcome.ok)
            return batchFailed(ctx, progress, label, outcome.reason, before);
        progress.snapshot.batchesDone = batchesDone(start.plan, progress.snapshot, version);
        const all = progress.done() === total;
        await progress.decide({
            outcome: 'pass',
            reason: all
                ? `all ${instances.length} instances run ${version}`
                : `${label} done: ${pending.join(', ')} on ${version}; ${describeFleet(progress.snapshot)}`
        });
        progress.column(label);
    }
    // Nothing was left to do (a rerun of a finished update): it is live all the same.
    if (progress.record.phase !== 'live')
        await progress.decide({
            outcome: 'pass',
            reason: `all ${instances.length} instances run ${version}`
        });
    const previous = state?.live;
    if (previous && previous.id !== record.id && previous.color === 'fleet')
        await store.transition(previous, { phase: 'superseded', description: `replaced by ${version}` });
    return succeeded(`all ${instances.length} instances run ${version} (${describeBatches(total, settings.rolling.batchSize)}).`, fleetEnding(progress, before));
}
/** The outcome's facts for a rolling update, and the summary's last column. */
function fleetEnding(progress, before) {
    progress.column(progress.record.phase === 'live' ? 'end' : progress.record.phase);
    return {
        release: progress.record,
        fleet: {
            snapshot: progress.snapshot,
            version: progress.record.version,
            previousVersion: before
        }
    };
}
/** A batch failed: put updated instances back (or leave them drained), record, explain. */
async function batchFailed(ctx, progress, label, reason, before) {
    progress.column(`${label} failed`);
    const { onFailure } = ctx.settings.rolling;
    const what = onFailure === 'leave-drained'
        ? 'the failed batch was left out of rotation for inspection'
        : describeUndo(await undo(ctx, progress));
    const fleet = describeFleet(progress.snapshot);
    await progress.decide({ outcome: 'fail', reason: `${label} failed: ${reason}` });
    return failed(`${label} failed (${reason}); ${what}. The fleet runs ${fleet}.`, fleetEnding(progress, before));
}
/**
 * Reads rotation from the router (the truth for it; the state is the truth for versions) into
 * the starting snapshot, and refuses to begin unless every instance answers its health check,
 * except those an earlier update left out of rotation on purpose.
 */
async function preflight(ctx, state, snapshot) {
    const { instances } = ctx.settings.rolling;
    const weights = await ctx.router.getWeights();
    const inRotation = (name) => (weights[name] ?? 0) > 0;
    for (const { name } of instances)
        snapshot.instances[name] = { ...snapshot.instances[name], inRotation: inRotation(name) };
    const leftOut = (name) => state?.fleet?.snapshot.instances[name]?.inRotation === false && !inRotation(name);
    const checked = instances.filter(i => !leftOut(i.name));
    await ctx.report.step('pre-flight: every instance answers its health check', async () => {
        const problem = await healthOnce(ctx, checked);
        if (problem !== '')
            throw ConfigurationError.single('instances', `not every instance answers ${ctx.settings.health.path}: ${problem}. Check the address (or the instance) before updating; nothing was drained.`);
        const serving = instances.filter(i => inRotation(i.name)).length;
        return `${checked.length} healthy; ${serving} of ${instances.length} in rotation`;
    });
}

;// CONCATENATED MODULE: ./src/commands/blue-green/verify.ts







/** Checks the deployed idle color (health, then the smoke test). Never touches traffic. */
async function verify(ctx) {
    const { settings, store, report } = ctx;
    const live = liveColorOf(await ctx.router.getWeights());
    const state = await store.load(settings.environment);
    const inProgress = state?.inProgress;
    if (!state || !inProgress || inProgress.phase === 'deploying') {
        throw ConfigurationError.single('environment', `nothing deployed is waiting for verification in "${settings.environment}"${inProgress ? ` (${inProgress.version} is still deploying)` : ''}; run deploy-green first.`);
    }
    const record = colorRecord(inProgress);
    if (record.color === live) {
        throw ConfigurationError.single('environment', `${record.version} on ${record.color} already takes traffic; verify checks the idle color before a switch.`);
    }
    const serving = { color: live, version: state.live?.version ?? '' };
    const parts = {
        serving: { before: serving, after: serving },
        deployedColor: record.color,
        release: record
    };
    // Inside `release` the rollout's own status tells the outcome; a verify step on its own
    // (a preview environment, a PR check) reports its result on the commit under test.
    const alone = settings.command === 'verify';
    let problem = await checkHealth(ctx, record, 'verify');
    if (problem === undefined && settings.smoke) {
        const started = ctx.clock.now();
        ctx.log.info(`▶ smoke test on ${record.color}: ${settings.smoke.join(' ')}`);
        const exitCode = await runReleaseCommand(ctx.runner, settings.smoke, releaseEnvironment(settings, record.color, record.version, live));
        const ms = ctx.clock.now() - started;
        if (exitCode !== 0) {
            const reason = `smoke test exited ${exitCode} on ${record.color} (${record.version})`;
            report.record(`smoke test ${record.color}`, 'failed', ms, reason);
            await store.transition(record, colorStrategy(settings).next({ phase: record.phase, index: -1 }, { outcome: 'fail', reason: deploy_to_color_short(reason) }));
            problem = `${reason}; traffic stays on ${live}.`;
        }
        else {
            report.record(`smoke test ${record.color}`, 'ok', ms, 'exit 0');
        }
    }
    if (problem !== undefined)
        return failed(problem, {
            ...parts,
            ...(alone ? { check: { kind: 'verify', passed: false, description: problem } } : {})
        });
    // Verifying an already verified release again leaves it verified.
    if (record.phase === 'deployed') {
        await store.transition(record, colorStrategy(settings).next({ phase: record.phase, index: -1 }, {
            outcome: 'pass',
            reason: deploy_to_color_short(`${record.version} on ${record.color} verified`)
        }));
    }
    const passed = `${record.version} on ${record.color}: health${settings.smoke ? ' and smoke test' : ''} passed`;
    return succeeded(`${record.version} on ${record.color} passed verification; ready to switch.`, {
        ...parts,
        ...(alone ? { check: { kind: 'verify', passed: true, description: passed } } : {})
    });
}

;// CONCATENATED MODULE: ./src/commands/shared/release.ts





/** The whole rollout in one step: deploy-green, verify, then switch or the canary steps (or the rolling update); stops at the first failure. */
async function release(ctx) {
    if (ctx.settings.strategy === 'rolling')
        return rolling(ctx);
    const deployed = await deployGreen(ctx);
    if (deployed.result !== 'success')
        return deployed;
    const verified = await verify(ctx);
    if (verified.result !== 'success')
        return verified;
    const moved = ctx.settings.strategy === 'canary' ? await canaryStep(ctx) : await switchTraffic(ctx);
    // The switch deploys nothing: the outputs still name the color this release deployed to.
    return { ...moved, deployedColor: moved.deployedColor ?? deployed.deployedColor };
}

;// CONCATENATED MODULE: ./src/commands/blue-green/rollback.ts









/**
 * Restores the last known good release (or rollback-version): a plain switch when it still runs
 * on the idle color, else a redeploy there first. Recorded as a release of its own (who, why,
 * from, to); the release it replaces is marked rolled-back. With a canary holding part of the
 * traffic (running, paused, or left by a run that died), all of it goes back to the stable side.
 */
async function rollback(ctx) {
    const { settings, store, report } = ctx;
    const state = await store.load(settings.environment);
    const decision = planRollback(state, await ctx.router.getWeights(), settings.rollbackVersion);
    if (decision.kind === 'restore-stable')
        return restoreStable(ctx, decision, state);
    const { from, version, color } = decision;
    const refusal = contractRefusal(from, version, settings.force);
    if (refusal)
        throw ConfigurationError.single('force', refusal);
    if (decision.redeploy && !settings.deploy) {
        throw ConfigurationError.single('deploy-command', `${color} no longer runs ${version}, so the rollback must deploy it again: give deploy-command or deploy-script.`);
    }
    const reason = settings.reason || 'no reason given';
    // A rollback is an emergency: it takes over any release still in progress.
    const record = colorRecord(await openRecord(ctx, {
        kind: 'rollback',
        version,
        color,
        // The rollback's deployment and commit status point at the commit of what it restores.
        sha: decision.restores?.sha,
        description: deploy_to_color_short(`rollback ${from.version} → ${version} by ${ctx.actor}: ${reason}`),
        force: true,
        strategy: 'blue-green',
        steps: ['deploy if needed', 'switch'],
        rollback: { from: { version: from.version, color: from.color }, reason }
    }));
    const before = { color: from.color, version: from.version };
    if (decision.redeploy) {
        if ((await deployToColor(ctx, record, from.color)) !== undefined) {
            return failed(`rollback to ${version} failed while deploying it to ${color}; ${from.version} still serves on ${from.color}.`, { serving: { before, after: before }, deployedColor: color, release: record });
        }
    }
    else {
        report.record(`${version} still runs on ${color}`, 'ok', 0, 'no redeploy needed');
    }
    await moveAllTraffic(ctx, from.color, color, record);
    await store.transition(record, {
        phase: 'live',
        description: deploy_to_color_short(`rolled back to ${version} on ${color} by ${ctx.actor}: ${reason}`)
    });
    await store.transition(from, {
        phase: 'rolled-back',
        description: deploy_to_color_short(`rolled back by ${ctx.actor}: ${reason}`)
    });
    const hookProblem = await runHook(ctx, 'post-rollback', { color, version }, before, record);
    return (hookProblem ? failed : succeeded)(`rolled back from ${from.version} to ${version} on ${color}${decision.redeploy ? ' (redeployed)' : ''}${hookProblem ? `; but ${hookProblem}` : ''}.`, {
        serving: { before, after: { color, version } },
        ...(decision.redeploy ? { deployedColor: color } : {}),
        release: record
    });
}
/**
 * All traffic back on the stable side of a canary. The canary is marked failed first, so its run,
 * if it is still alive, stops at its next fence instead of moving traffic again; then the router
 * moves and new requests are confirmed on the stable color.
 */
async function restoreStable(ctx, { canary, stable }, state) {
    const reason = ctx.settings.reason || 'no reason given';
    const share = Math.round((await ctx.router.getWeights())[canary.color] ?? 0);
    await ctx.store.transition(canary, {
        phase: 'failed',
        description: deploy_to_color_short(`rolled back from ${share}% by ${ctx.actor}: ${reason}`)
    });
    await moveAllTraffic(ctx, canary.color, stable, undefined, true);
    const version = state?.colors[stable]?.version ?? '';
    const serving = { color: stable, version };
    const hookProblem = await runHook(ctx, 'post-rollback', serving, canary, canary);
    return (hookProblem ? failed : succeeded)(`rolled back the canary ${canary.version} (${share}% on ${canary.color}): all traffic is back on ${stable}${version ? ` (${version})` : ''}${hookProblem ? `; but ${hookProblem}` : ''}.`, {
        serving: { before: { color: canary.color, version: canary.version }, after: serving },
        release: canary
    });
}

;// CONCATENATED MODULE: ./src/commands/rolling/rolling-rollback.ts








/**
 * Rollback for a fleet: every instance the newest rolling update touched goes back to the version
 * it ran before, drained ones back into rotation — from whatever state a run left it in (finished,
 * half-done, killed mid-batch). Recorded as a rollback of its own; the update is rolled back.
 */
async function rollbackFleet(ctx) {
    const { settings } = ctx;
    const state = await ctx.store.load(settings.environment);
    const last = state?.fleet;
    const plan = last?.record.fleet;
    if (!last || !plan)
        throw ConfigurationError.single('environment', `no rolling update is recorded for environment "${settings.environment}"; there is nothing to roll back.`);
    const weights = await ctx.router.getWeights();
    // The router is the truth for rotation; the records are the truth for versions.
    const snapshot = structuredClone(last.snapshot);
    for (const name of Object.keys(snapshot.instances))
        snapshot.instances[name].inRotation = (weights[name] ?? 0) > 0;
    const fallback = settings.rollbackVersion;
    // Put back in batches of this run's size, within this run's max-unavailable.
    const restored = {
        instances: plan.instances.map(i => ({ ...i, from: i.from || fallback })),
        batches: planBatches(plan.instances.map(i => i.name), settings.rolling.batchSize)
    };
    const froms = new Set(restored.instances.map(i => i.from).filter(v => v !== ''));
    const version = froms.size === 1 ? [...froms][0] : fallback || [...froms].join('+');
    const reason = settings.reason || 'no reason given';
    const update = last.record;
    const record = await openRecord(ctx, {
        kind: 'rollback',
        version,
        color: 'fleet',
        description: deploy_to_color_short(`rollback of the update to ${update.version} by ${ctx.actor}: ${reason}`),
        force: true,
        strategy: 'rolling',
        steps: ['put every touched instance back on its earlier version'],
        fleet: restored,
        startFleet: snapshot,
        rollback: { from: { version: update.version, color: 'fleet' }, reason }
    });
    const before = soleVersion(snapshot);
    const progress = new FleetProgress(ctx, record, restored, snapshot);
    const undone = await undo(ctx, progress, update.version);
    const fleet = describeFleet(progress.snapshot);
    // Instances whose earlier version nobody recorded cannot be put back: not a rollback.
    const done = undone.failure === undefined && undone.unknown.length === 0;
    await progress.save(done ? 'live' : 'failed', done
        ? `rolled back to ${version} by ${ctx.actor}: ${reason}`
        : `rollback stopped: ${undone.failure ?? `no earlier version recorded for ${undone.unknown.join(', ')}`}`);
    if (done && update.phase === 'live')
        await ctx.store.transition(update, {
            phase: 'rolled-back',
            description: deploy_to_color_short(`rolled back by ${ctx.actor}: ${reason}`)
        });
    progress.column(done ? 'end' : 'rollback failed');
    const parts = {
        release: progress.record,
        fleet: { snapshot: progress.snapshot, version, previousVersion: before }
    };
    const headline = `rollback of the update to ${update.version}: ${describeUndo(undone)}. The fleet runs ${fleet}.`;
    return done ? succeeded(headline, parts) : failed(headline, parts);
}

;// CONCATENATED MODULE: ./src/strategies/recovery.ts
/**
 * What a person should run about a rollout in progress, given whether its run is gone. Pure.
 * One command each time: a canary left holding traffic goes back with rollback, a half-done
 * rolling update too; a release waiting for its switch is switched or superseded.
 */
function recoveryFor(holder, weights, gone) {
    const who = holder.runUrl || holder.process || holder.actor;
    const share = holder.color === 'fleet' ? 0 : Math.round(weights[holder.color] ?? 0);
    if (holder.color === 'fleet') {
        if (holder.phase === 'paused')
            return {
                state: 'stopped between batches (max-batches)',
                command: 'rolling to go on, or rollback to undo it'
            };
        return gone
            ? {
                state: `its run (${who}) is gone, the fleet half-updated`,
                command: 'rollback (every touched instance back on its earlier version; rolling resumes instead)'
            }
            : { state: `its run (${who}) is still running` };
    }
    if ((holder.phase === 'canary' || holder.phase === 'paused') && share > 0) {
        if (gone)
            return {
                state: `its run (${who}) is gone and ${share}% of traffic stays on ${holder.color}`,
                command: 'rollback (all traffic back on the stable side, confirmed)'
            };
        return holder.phase === 'paused'
            ? {
                state: `paused at ${share}%`,
                command: 'promote to go on, or abort to restore the stable side'
            }
            : { state: `${share}% of traffic on ${holder.color}, its run (${who}) is running` };
    }
    if (holder.phase === 'verified')
        return {
            state: 'verified, waiting for a switch',
            command: 'switch (a new release supersedes it instead)'
        };
    return gone
        ? {
            state: `its run (${who}) is gone; it took no traffic`,
            command: 'release again (the new run takes the lease over)'
        }
        : { state: `its run (${who}) is still running` };
}

;// CONCATENATED MODULE: ./src/commands/rolling/fleet-status.ts



/** status for a fleet: which instance runs which version (state) and takes traffic (router). */
async function fleetStatus(ctx) {
    const { settings, report } = ctx;
    const weights = await ctx.router.getWeights();
    const state = await ctx.store.load(settings.environment);
    const recorded = state?.fleet;
    const now = {
        batchesDone: recorded?.snapshot.batchesDone ?? 0,
        batches: recorded?.snapshot.batches ?? 0,
        instances: {}
    };
    const disagree = [];
    for (const { name } of settings.rolling.instances) {
        const known = recorded?.snapshot.instances[name];
        const inRotation = (weights[name] ?? 0) > 0;
        if (known && known.inRotation !== inRotation)
            disagree.push(`${name} is ${inRotation ? 'in' : 'out of'} rotation, recorded ${known.inRotation ? 'in' : 'out'}`);
        now.instances[name] = { version: known?.version ?? '', inRotation };
    }
    const record = recorded?.record;
    let headline = `fleet of ${settings.rolling.instances.length}: ${describeFleet(now)}.${record
        ? ` Last update: ${record.version} (${record.phase}${['rolling', 'paused', 'deploying'].includes(record.phase) ? `, ${now.batchesDone}/${now.batches} batches done` : ''}).`
        : ' No rolling update is recorded.'}`;
    if (record && ['rolling', 'paused', 'deploying'].includes(record.phase)) {
        const { state: where, command } = recoveryFor(record, weights, await ctx.store.holderGone(record));
        headline += ` In progress: ${where}.${command ? ` Run ${command}.` : ''}`;
    }
    if (disagree.length > 0) {
        ctx.log.warn(`the router and the state disagree: ${disagree.join('; ')}.`);
        headline += ` Warning: ${disagree.join('; ')}.`;
    }
    // One table: each instance's version (the records) and rotation (the router), with its address.
    report.fleetColumns.push({ label: 'now', atMs: 0, instances: now.instances });
    report.fleetAddresses = Object.fromEntries(settings.rolling.instances.map(i => [i.name, i.address]));
    report.history = await ctx.store.history(settings.environment, 10);
    return nothingToDo(headline, {
        ...(record ? { release: record } : {}),
        fleet: { snapshot: now, version: record?.phase === 'live' ? record.version : '' }
    });
}

;// CONCATENATED MODULE: ./src/commands/shared/status.ts







/** Which color serves (or how traffic is split), which versions run where, recent history; for a fleet, which instance runs what. Changes nothing. */
async function status_status(ctx) {
    const { settings } = ctx;
    if (settings.strategy === 'rolling')
        return fleetStatus(ctx);
    const weights = await ctx.router.getWeights();
    const state = await ctx.store.load(settings.environment);
    const sole = soleTarget(weights);
    const where = COLORS.map(color => {
        const r = state?.colors[color];
        return `${color}: ${r ? `${r.version} (${r.phase})` : 'nothing recorded'}`;
    });
    const split = COLORS.map(c => `${Math.round(weights[c] ?? 0)}% ${c}`).join(' / ');
    let headline = `${sole ? `${sole} takes all traffic` : `traffic is split: ${split}`}. ${where.join('; ')}.`;
    if (sole && state?.live && state.live.color !== sole) {
        ctx.log.warn(`the state says ${state.live.version} is live on ${state.live.color}, but the router sends traffic to ${sole}.`);
        headline += ` Warning: the state records ${state.live.color} as live.`;
    }
    const progress = state?.inProgress;
    if (progress) {
        const step = [...progress.events].reverse().find(e => e.step)?.step;
        const { state: where, command } = recoveryFor(progress, weights, await ctx.store.holderGone(progress));
        headline += ` In progress: ${progress.version} on ${progress.color} (${progress.phase}${step ? `, step ${step.index + 1}/${step.total}` : ''}): ${where}.${command ? ` Run ${command}.` : ''}`;
    }
    ctx.report.history = await ctx.store.history(settings.environment, 10);
    // During a canary the stable color still "serves" for the outputs.
    const serving = sole ??
        (isColorRecord(progress) ? otherColor(progress.color) : 'blue');
    const info = { color: serving, version: state?.colors[serving]?.version ?? '' };
    // The newest release: after an aborted canary that is the failed canary (its weight 0), not
    // the stable release it fell back to.
    const release = progress ?? ctx.report.history[0] ?? state?.live;
    return nothingToDo(headline, {
        serving: { before: info, after: info },
        ...(release ? { release } : {})
    });
}

;// CONCATENATED MODULE: ./src/commands/index.ts













const COMMAND_HANDLERS = {
    release: release,
    'deploy-green': deployGreen,
    verify: verify,
    switch: switchTraffic,
    'canary-step': canaryStep,
    promote: promote,
    abort: abort,
    rolling: rolling,
    // A fleet is rolled back instance by instance; a pair by switching back.
    rollback: ctx => (ctx.settings.strategy === 'rolling' ? rollbackFleet(ctx) : rollback(ctx)),
    status: status_status,
    plan: plan,
    contract: contract
};

;// CONCATENATED MODULE: ./src/report/outcome-outputs.ts


/** The outputs every action sets, from what the command did. Pure. */
function outputsOf(outcome, settings) {
    const o = {
        result: outcome.result,
        'target-url': settings.serviceUrl || settings.router.probeUrl
    };
    if (outcome.serving) {
        const { before, after } = outcome.serving;
        o['active-color'] = after.color;
        o['idle-color'] = otherColor(after.color);
        o.version = after.version;
        o['previous-color'] = before.color;
        o['previous-version'] = before.version;
        o['deployed-color'] = outcome.deployedColor ?? '';
    }
    const release = outcome.release;
    if (release) {
        o.phase = release.phase;
        const step = [...release.events].reverse().find(e => e.step)?.step;
        if (step || settings.strategy === 'canary') {
            // The router's own split when it was read back; else what the record says.
            const held = release.color === 'fleet' ? undefined : outcome.traffic?.weights[release.color];
            o['canary-weight'] = String(held !== undefined
                ? Math.round(held)
                : release.phase === 'live'
                    ? 100
                    : release.phase === 'failed'
                        ? 0
                        : (step?.weight ?? 0));
        }
    }
    if (outcome.fleet) {
        o.version = outcome.fleet.version;
        if (outcome.fleet.previousVersion !== undefined)
            o['previous-version'] = outcome.fleet.previousVersion;
        o.fleet = describeFleet(outcome.fleet.snapshot);
    }
    return o;
}

// EXTERNAL MODULE: ./src/platform/timeline.ts
var timeline = __nccwpck_require__(4256);
;// CONCATENATED MODULE: ./src/platform/notifier.ts
/** A notification never holds a release up longer than this, start or end. */
const NOTIFY_TIMEOUT_MS = 3000;
/**
 * Posts notifications to notify-webhook without waiting for them: a slow or failing webhook is
 * a warning in the log, never a failed or slowed release. settle() waits for those in flight,
 * each at most NOTIFY_TIMEOUT_MS, before the process ends.
 */
class WebhookNotifier {
    url;
    http;
    log;
    pending = new Set();
    constructor(url, http, log) {
        this.url = url;
        this.http = http;
        this.log = log;
    }
    send(payload) {
        const sent = this.http.post(this.url, payload, NOTIFY_TIMEOUT_MS).then(answer => {
            if (answer.status >= 300)
                this.log.warn(`notify-webhook answered ${answer.status} to the ${payload.event} notification; the release goes on.`);
        }, (error) => this.log.warn(`notify-webhook: the ${payload.event} notification failed (${error.message}); the release goes on.`));
        const tracked = sent.finally(() => this.pending.delete(tracked));
        this.pending.add(tracked);
    }
    async settle() {
        // The request's own timeout covers a silent server; this covers one that trickles.
        let timer;
        await Promise.race([
            Promise.all(this.pending),
            new Promise(resolve => (timer = setTimeout(resolve, NOTIFY_TIMEOUT_MS)))
        ]);
        clearTimeout(timer);
    }
}

;// CONCATENATED MODULE: ./src/report/notification.ts
/** Commands that move traffic or deploy: the ones a team wants to hear about. */
const NOTIFIED = [
    'release',
    'switch',
    'canary-step',
    'promote',
    'abort',
    'rolling',
    'rollback'
];
/**
 * Text as Slack shows it, never as its markup: `<!channel>` in a version or a gate's message must
 * not ping anyone, `<url|label>` must not make a link. Slack's own escaping: & < > only.
 */
function slack(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** The notification a command's start or ending makes, if any. Pure. */
function notificationOf(command, environment, ending, runUrl) {
    if (!NOTIFIED.includes(command))
        return undefined;
    const link = runUrl ? ` <${runUrl}|run>` : '';
    if (ending === 'start') {
        if (command === 'abort' || command === 'rollback' || command === 'promote')
            return undefined;
        return {
            text: `progressive-deploy: ${command} started in ${slack(environment)}.${link}`,
            event: 'start',
            environment,
            command,
            ...(runUrl ? { run_url: runUrl } : {})
        };
    }
    const release = ending.release;
    const event = command === 'rollback'
        ? 'rollback'
        : release?.phase === 'paused'
            ? 'pause'
            : command === 'abort' || (release?.phase === 'failed' && release.events.some(e => e.step))
                ? 'abort'
                : command === 'promote' && ending.result === 'success'
                    ? 'promote'
                    : 'finish';
    const icon = ending.result === 'failure' ? '❌' : event === 'pause' ? '⏸' : '✅';
    return {
        text: `${icon} progressive-deploy ${event} in ${slack(environment)}: ${slack(ending.headline)}${link}`,
        event,
        environment,
        command,
        result: ending.result,
        headline: ending.headline,
        ...(release ? { version: release.version, color: release.color, phase: release.phase } : {}),
        ...(runUrl ? { run_url: runUrl } : {})
    };
}

;// CONCATENATED MODULE: ./src/report/router-truth.ts

/**
 * Makes the outcome say what the router holds when the command ends, whatever happened: the
 * router is the truth for traffic, the records for versions. Pure. A command that moved traffic
 * and could not record it says so in one sentence; a success whose claim the router contradicts
 * is a failure.
 */
function withRouterTruth(outcome, reading, strategy, 
/** The command's own failure, when it threw. */
thrown) {
    if (!reading.weights)
        return {
            ...outcome,
            // A command that failed on the same read has said it already.
            headline: reading.error && outcome.headline.includes(reading.error)
                ? outcome.headline
                : `${outcome.headline} (The router could not be read afterwards: ${reading.error ?? 'no answer'}.)`
        };
    if (strategy === 'rolling')
        return fleetTruth(outcome, reading.weights, reading.state);
    return colorTruth(outcome, reading, thrown);
}
function colorTruth(outcome, reading, thrown) {
    const weights = reading.weights;
    const { state } = reading;
    // Traffic moved during the command when the router held something else when it began.
    const moved = reading.before === undefined ||
        ['blue', 'green'].some(c => Math.round(reading.before?.[c] ?? 0) !== Math.round(weights[c] ?? 0));
    const versionOn = (color) => state?.colors[color]?.version ?? '';
    const shares = ['blue', 'green'].map(color => ({ color, share: weights[color] ?? 0 }));
    const sole = shares.find(s => s.share > 0 && shares.every(o => o === s || o.share === 0));
    const traffic = { weights };
    if (!sole) {
        // A split: the canary's share is what the router holds; the stable side still serves.
        const stable = [...shares].sort((a, b) => b.share - a.share)[0].color;
        const serving = outcome.serving?.after ?? { color: stable, version: versionOn(stable) };
        const split = shares.map(s => `${Math.round(s.share)}% ${s.color}`).join(' / ');
        return {
            ...outcome,
            traffic,
            serving: { before: outcome.serving?.before ?? serving, after: serving },
            ...(thrown ? { headline: then(outcome.headline, `The router holds ${split}.`) } : {})
        };
    }
    const now = { color: sole.color, version: versionOn(sole.color) };
    const claimed = outcome.serving?.after;
    const before = outcome.serving?.before ?? {
        color: state?.live?.color === 'fleet' || !state?.live ? now.color : state.live.color,
        version: state?.live?.version ?? ''
    };
    const recorded = state?.live?.color === now.color && state.live.version === now.version;
    const sentence = `${now.version || '(no recorded version)'} on ${now.color} takes all traffic`;
    let headline = outcome.headline;
    let result = outcome.result;
    if (thrown !== undefined && !recorded && moved)
        headline = then(`${sentence}; recording it failed: ${thrown}`, 'The next run records it.');
    else if (thrown !== undefined)
        headline = then(outcome.headline, `${sentence}.`);
    else if (claimed && claimed.color !== now.color) {
        headline = then(outcome.headline, `But the router sends all traffic to ${now.color} (${now.version || 'no recorded version'}), not ${claimed.color}.`);
        result = 'failure';
    }
    return { ...outcome, result, headline, traffic, serving: { before, after: now } };
}
function fleetTruth(outcome, weights, state) {
    const recorded = outcome.fleet?.snapshot ?? state?.fleet?.snapshot;
    if (!recorded)
        return outcome;
    const snapshot = {
        ...recorded,
        instances: Object.fromEntries(Object.entries(recorded.instances).map(([name, s]) => [
            name,
            { ...s, inRotation: (weights[name] ?? 0) > 0 }
        ]))
    };
    const version = soleVersion(snapshot, true);
    return {
        ...outcome,
        traffic: { weights },
        fleet: { ...outcome.fleet, snapshot, version },
        headline: describeFleet(snapshot) === describeFleet(recorded)
            ? outcome.headline
            : then(outcome.headline, `The router has ${describeFleet(snapshot)}.`)
    };
}
/** One sentence after another. */
function then(first, next) {
    return `${first}${/[.!?)]$/.test(first.trim()) ? '' : '.'} ${next}`;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
;// CONCATENATED MODULE: ./src/config/config-file.ts





/**
 * Layers a YAML config file under the direct source: inputs and flags win, the file fills gaps.
 * Keys are the input names; an unknown key is an error (a typo would otherwise be ignored).
 */
function withConfigFile(direct) {
    const path = direct('config-file')?.trim();
    if (!path)
        return direct;
    const problem = textProblem(path, { maxLength: 1024 });
    if (problem)
        throw ConfigurationError.single('config-file', problem);
    const fromFile = readConfigFile(path);
    return name => {
        const value = direct(name);
        return value !== undefined && value.trim() !== '' ? value : fromFile[name];
    };
}
function readConfigFile(path) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (error) {
        throw ConfigurationError.single('config-file', `cannot read ${path}: ${error.message}.`);
    }
    const parsed = parseYamlOrJson(text);
    if ('problem' in parsed)
        throw ConfigurationError.single('config-file', `${path} is not valid YAML: ${parsed.problem}`);
    const doc = parsed.value;
    if (doc === null || doc === undefined)
        return {};
    if (typeof doc !== 'object' || Array.isArray(doc)) {
        throw ConfigurationError.single('config-file', `${path} must be a mapping of input names to values.`);
    }
    const known = new Set(INPUTS.map(i => i.name));
    const values = {};
    for (const [key, value] of Object.entries(doc)) {
        if (!known.has(key) || key === 'config-file') {
            throw ConfigurationError.single(`config-file`, `${path}: unknown key ${quote(key)}. Keys are the action's input names (e.g. blue-address).`);
        }
        values[key] =
            value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value ?? '');
    }
    return values;
}

;// CONCATENATED MODULE: ./src/config/parse-warmup.ts

/** Lines of a request file read at most: a warm-up replays a sample, not a day of traffic. */
const MAX_FILE_LINES = 100_000;
function parseWarmup(r) {
    const listed = lines(r.get('warmup-paths'));
    const file = r.get('warmup-file');
    if (file !== '' && listed.length > 0)
        r.fail('warmup-file', 'set either warmup-paths or warmup-file, not both.');
    const text = file === '' ? undefined : r.machine.readFile(file);
    if (file !== '' && text === undefined)
        r.fail('warmup-file', `${quote(file)} cannot be read (paths are relative to the working directory).`);
    const fromFile = lines(text ?? '')
        .slice(0, MAX_FILE_LINES)
        .map(line => line.replace(/^GET\s+/, ''));
    const paths = file !== '' ? fromFile : listed;
    const field = file !== '' ? 'warmup-file' : 'warmup-paths';
    const bad = paths.find(p => !/^\/[^\s#]*$/.test(p) || p.length > 2000);
    if (bad !== undefined)
        r.fail(field, `${quote(bad)} is not a path: each line starts with "/" (or "GET /") and holds no spaces or "#" (e.g. /recommend?city=paris).`);
    if (file !== '' && text !== undefined && paths.length === 0)
        r.fail('warmup-file', `${quote(file)} holds no request (one path per line).`);
    const command = r.argv('warmup-command');
    if (paths.length > 0 && command)
        r.fail('warmup-command', `set either ${field} or warmup-command, not both.`);
    const rate = whole(r, 'warmup-rate', 1, 10_000);
    const duration = r.get('warmup-duration');
    const requests = duration === ''
        ? whole(r, 'warmup-requests', 1, 1_000_000)
        : Math.max(1, Math.round((r.durationMs('warmup-duration') / 1000) * rate));
    if (duration !== '' && r.given('warmup-requests'))
        r.fail('warmup-duration', 'set either warmup-duration or warmup-requests, not both.');
    const percent = Number(r.get('warmup-max-error-rate').replace(/%$/, ''));
    if (!/^\d+(\.\d+)?%$/.test(r.get('warmup-max-error-rate')) || percent > 100)
        r.fail('warmup-max-error-rate', `${quote(r.get('warmup-max-error-rate'))} is not a share like 1% or 0.5%.`);
    if (paths.length === 0 && !command)
        return undefined;
    return { paths, requests, rate, maxErrorRate: percent / 100, ...(command ? { command } : {}) };
}
function whole(r, field, min, max) {
    const value = Number(r.get(field));
    if (!/^\d+$/.test(r.get(field)) || value < min || value > max) {
        r.fail(field, `${quote(r.get(field))} is not a whole number from ${min} to ${max}.`);
        return min;
    }
    return value;
}
function lines(text) {
    return text
        .split('\n')
        .map(line => line.trim())
        .filter(line => line !== '');
}

;// CONCATENATED MODULE: ./src/config/field-reader.ts






const thisMachine = {
    fileExists: external_node_fs_.existsSync,
    cwd: () => process.cwd(),
    realPath: path => {
        try {
            return (0,external_node_fs_.realpathSync)(path);
        }
        catch {
            return undefined;
        }
    },
    env: process.env,
    readFile: path => {
        try {
            return (0,external_node_fs_.readFileSync)(path, 'utf8');
        }
        catch {
            return undefined;
        }
    }
};
/** Longest value of a one-line input, and of a list or YAML document. */
const ONE_LINE_MAX = 1024;
const MULTILINE_MAX = 65536;
/** Longest duration accepted: Node's timers cannot wait longer than about 24.8 days, and no step of a release should wait a day. */
const DURATION_MAX_MS = 24 * 3_600_000;
/**
 * Refuses a value that cannot be used at all (a control character, a newline in a one-line input,
 * an absurd length) before any field is read, naming every such field. Nothing reads a value that
 * did not pass, so no later message, log line or command can carry one.
 */
function assertPrintable(raw) {
    const problems = [];
    for (const input of INPUTS) {
        const value = raw(input.name);
        if (value === undefined || value === '')
            continue;
        const problem = textProblem(input.multiline ? value : value.trim(), {
            multiline: input.multiline,
            maxLength: input.multiline ? MULTILINE_MAX : ONE_LINE_MAX
        });
        if (problem)
            problems.push({ field: input.name, message: problem });
    }
    if (problems.length > 0)
        throw new ConfigurationError(problems);
}
/** Reads a setting with its engine default applied. */
function withDefaults(raw) {
    return name => {
        const value = raw(name)?.trim();
        return value === undefined || value === '' ? inputDefinition(name).default : value;
    };
}
/**
 * Reads typed fields and collects every problem (field + message) instead of stopping at the
 * first, so the user can fix them all in one go.
 */
class FieldReader {
    raw;
    machine;
    problems = [];
    get;
    constructor(raw, machine) {
        this.raw = raw;
        this.machine = machine;
        this.get = withDefaults(raw);
    }
    /** True when the user set the field (its default does not count). */
    given(field) {
        return (this.raw(field)?.trim() ?? '') !== '';
    }
    fail(field, message) {
        this.problems.push({ field, message });
    }
    /**
     * A reader over `values` first and this reader's settings after, whose problems land here,
     * named `<prefix>.<field>` (an entry of a list, like one load balancer of `routers`).
     */
    child(values, prefix) {
        const child = new FieldReader(name => values[name] ?? this.raw(name), this.machine);
        child.fail = (field, message) => this.fail(`${prefix}.${field}`, message);
        return child;
    }
    durationMs(field, options = {}) {
        const ms = parseDuration(this.get(field));
        if (ms === undefined || ms < 0 || (ms === 0 && !options.allowZero)) {
            this.fail(field, `${quote(this.get(field))} is not a duration; write it like 500ms, 5s or 2m.`);
            return 1;
        }
        if (ms > DURATION_MAX_MS) {
            this.fail(field, `${quote(this.get(field))} is longer than 24h, the longest wait accepted.`);
            return 1;
        }
        return ms;
    }
    bool(field) {
        const value = this.get(field).toLowerCase();
        if (value !== 'true' && value !== 'false')
            this.fail(field, `${quote(value)} must be true or false.`);
        return value === 'true';
    }
    httpUrl(field) {
        const value = this.get(field);
        if (value !== '' && !isHttpUrl(value))
            this.fail(field, `${quote(value)} is not an http(s) URL.`);
        return value;
    }
    /** A command given either as argv (lines or JSON array) or as a script path; never both. */
    argv(commandField, scriptField) {
        const command = this.get(commandField);
        const script = scriptField ? this.get(scriptField) : '';
        if (command !== '' && script !== '') {
            this.fail(commandField, `set either ${commandField} or ${scriptField}, not both.`);
            return undefined;
        }
        if (scriptField && script !== '') {
            if (!this.machine.fileExists(script))
                this.fail(scriptField, `${quote(script)} does not exist (paths are relative to the working directory).`);
            return [script];
        }
        if (command === '')
            return undefined;
        const argv = parseArgv(command);
        if (argv === undefined) {
            this.fail(commandField, 'a JSON array must hold only strings, e.g. ["./deploy.sh", "--fast"].');
            return undefined;
        }
        const bad = argv.map(w => wordProblem(w)).find(p => p !== undefined);
        if (bad)
            this.fail(commandField, bad);
        return argv;
    }
}
function isHttpUrl(value) {
    // The URL parser drops tabs and newlines and encodes spaces: refuse them instead of guessing.
    if (/\s/u.test(value))
        return false;
    try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:';
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/config/parse-metrics.ts



const PROVIDERS = [
    'http',
    'nginx-log',
    'haproxy',
    'prometheus',
    'command',
    'webhook'
];
/** What each real-traffic provider can measure against a threshold, and compare. */
const LOG_STATISTICS = ['error-rate', 'p50', 'p95', 'p99'];
const HAPROXY_STATISTICS = ['error-rate', 'mean'];
const HTTP_STATISTICS = ['error-rate', 'p50', 'p95', 'p99'];
const KEYS = [
    'name',
    'provider',
    'query',
    'target',
    'rate',
    'url',
    'paths',
    'path',
    'command',
    'max',
    'min',
    'failure-limit',
    'consecutive-error-limit',
    'on-no-data',
    'on-error',
    'compare',
    'alpha',
    'tolerance',
    'latency-threshold',
    'requests-query',
    'events-query',
    'version-label',
    'direction'
];
/**
 * With no metrics given, a canary is still gated. Where the router can report real traffic
 * (HAProxy's counters, or nginx with its access log), on real users' requests: the canary's 5xx
 * against the baseline's. Otherwise the probe: the canary's own error rate stays ≤ 1%.
 */
function defaultMetrics(router, accessLog) {
    if (router === 'haproxy')
        return '[{"name": "errors", "provider": "haproxy", "query": "error-rate", "compare": "baseline"}]';
    if (accessLog)
        return '[{"name": "errors", "provider": "nginx-log", "query": "error-rate", "compare": "baseline"}]';
    return DEFAULT_METRICS;
}
/** The probe's default gate: the canary's own error rate stays ≤ 1%. */
const DEFAULT_METRICS = '[{"name": "error-rate", "provider": "http", "query": "error-rate", "max": 0.01}]';
/**
 * Parses the `metrics` input: a YAML or JSON list of gates. Every problem is reported with the
 * gate's position and key, e.g. `metrics[2].max`.
 */
function parseMetrics(text, fail) {
    const parsed = parseYamlOrJson(text);
    if ('problem' in parsed) {
        fail('metrics', `not valid YAML or JSON: ${parsed.problem.split('\n')[0]}`);
        return [];
    }
    const doc = parsed.value;
    if (!Array.isArray(doc)) {
        fail('metrics', 'must be a list of gates, e.g. [{name: errors, provider: http, query: error-rate, max: 0.01}]');
        return [];
    }
    if (doc.length === 0)
        fail('metrics', 'the list is empty; give at least one gate, or leave metrics unset for the default error-rate gate');
    const specs = [];
    doc.forEach((item, i) => {
        const at = `metrics[${i}]`;
        if (item === null || typeof item !== 'object' || Array.isArray(item))
            return fail(at, 'must be a mapping with at least name and provider');
        const spec = parseGate(item, at, fail);
        if (specs.some(s => s.name === spec.name))
            fail(`${at}.name`, `${quote(spec.name)} is used twice; gate names must be unique`);
        specs.push(spec);
    });
    return specs;
}
/** A YAML value as a message shows it (cut, escaped). */
function shown(value) {
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    return quote(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
}
function parseGate(m, at, fail) {
    for (const key of Object.keys(m)) {
        if (key === 'tolerance-absolute')
            fail(`${at}.${key}`, 'was removed: its null used an estimate of the baseline rate, which could abort healthy canaries; use tolerance (relative, e.g. 0.2 = abort only when more than 20% worse)');
        else if (!KEYS.includes(key))
            fail(`${at}.${key}`, `unknown key; use ${KEYS.join(', ')}`);
    }
    const name = typeof m.name === 'string' ? m.name : '';
    if (!/^[\w.-]{1,64}$/.test(name))
        fail(`${at}.name`, 'missing or not a simple name (letters, digits, . _ -)');
    const provider = m.provider;
    if (!PROVIDERS.includes(provider))
        fail(`${at}.provider`, `${shown(m.provider)} is not a provider; use ${PROVIDERS.join(', ')}`);
    const number = (key, fallback, check, what) => {
        if (m[key] === undefined)
            return fallback;
        // Only a number, or a string that spells one: Number('') and Number([]) are 0, and a
        // threshold left empty must not become "max: 0", a gate no canary can pass.
        const value = m[key];
        const n = typeof value === 'number'
            ? value
            : typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(value)
                ? Number(value)
                : NaN;
        if (!Number.isFinite(n) || !check(n)) {
            fail(`${at}.${key}`, value === null || value === ''
                ? `is empty; give ${what}, or remove the key`
                : `${shown(value)} is not ${what}`);
            return fallback;
        }
        return n;
    };
    const choice = (key, options, fallback) => {
        if (m[key] === undefined)
            return fallback;
        if (!options.includes(m[key]))
            fail(`${at}.${key}`, `${shown(m[key])} is not one of ${options.join(', ')}`);
        return m[key];
    };
    // Queries may span lines (YAML block scalars); everything else is one line of printable text.
    const MULTILINE_KEYS = ['query', 'requests-query', 'events-query'];
    const text = (key) => {
        const value = m[key];
        if (value === undefined || value === null)
            return '';
        if (typeof value === 'object') {
            fail(`${at}.${key}`, `${shown(value)} is not text`);
            return '';
        }
        const problem = textProblem(String(value), {
            multiline: MULTILINE_KEYS.includes(key),
            maxLength: 4096
        });
        if (problem)
            fail(`${at}.${key}`, problem);
        return problem ? '' : String(value);
    };
    const compare = choice('compare', ['none', 'baseline'], 'none');
    // Business rates (clicks per recommendation shown): fewer events is worse.
    const direction = choice('direction', ['lower-is-better', 'higher-is-better'], 'lower-is-better');
    if (direction === 'higher-is-better' &&
        (compare !== 'baseline' || !['prometheus', 'command', 'webhook'].includes(provider)))
        fail(`${at}.direction`, "higher-is-better judges counts against the baseline: use it with compare: baseline and provider prometheus (requests-query: the trials, e.g. recommendations shown; events-query: the successes, e.g. clicks), command or webhook (they report each side's trials and events as JSON)");
    const max = number('max', undefined, () => true, 'a number');
    const min = number('min', undefined, () => true, 'a number');
    const query = text('query');
    const url = text('url');
    const path = text('path');
    if (path !== '' && provider !== 'nginx-log')
        fail(`${at}.path`, 'path filters the access log: it works with provider: nginx-log (the http probe takes url)');
    if (path !== '' && !/^\/[^\s?#]*$/.test(path))
        fail(`${at}.path`, `${quote(path)} is not a path (it starts with / and holds no spaces, ? or #)`);
    const target = choice('target', ['canary', 'load-balancer'], 'canary');
    let command;
    if (compare === 'baseline') {
        if (!['http', 'prometheus', 'nginx-log', 'haproxy', 'command', 'webhook'].includes(provider))
            fail(`${at}.compare`, 'compare: baseline works with the http, nginx-log, haproxy, prometheus, command and webhook providers');
        if (provider === 'nginx-log' && !['error-rate', 'latency', ''].includes(query))
            fail(`${at}.query`, `${quote(query)} cannot be compared; use error-rate or latency`);
        if (provider === 'haproxy' && !['error-rate', ''].includes(query))
            fail(`${at}.query`, `${quote(query)} cannot be compared from HAProxy's counters (they keep an average, no answer times); use error-rate, or provider: nginx-log for latency`);
        if (provider === 'http' && !['error-rate', 'latency', ''].includes(query))
            fail(`${at}.query`, `${quote(query)} cannot be compared; use error-rate or latency`);
        if (provider === 'http' && target !== 'canary')
            fail(`${at}.target`, 'compare: baseline probes the canary and the stable version directly; remove target');
        if (provider === 'prometheus' &&
            (text('requests-query') === '' || text('events-query') === '')) {
            fail(`${at}.requests-query`, "compare: baseline with prometheus needs requests-query and events-query, each summed by version: counters, e.g. sum by (version) (http_requests_total), differenced between the window's ends (exact), or increase(...[{{window}}])");
        }
        if (provider === 'prometheus' &&
            usesWindow(text('requests-query')) !== usesWindow(text('events-query')))
            fail(`${at}.events-query`, "requests-query and events-query must both be counters (no {{window}}: differenced between the window's ends) or both use {{window}}; mixed, the two counts cover different spans");
    }
    else {
        if (provider === 'http') {
            if (!HTTP_STATISTICS.includes((query || 'error-rate')))
                fail(`${at}.query`, `${quote(query)} is not an http statistic; use ${HTTP_STATISTICS.join(', ')}`);
            if (max === undefined && min === undefined)
                fail(`${at}.max`, 'an http gate needs a threshold: max (or min)');
        }
        for (const [real, statistics] of [
            ['nginx-log', LOG_STATISTICS],
            ['haproxy', HAPROXY_STATISTICS]
        ]) {
            if (provider !== real)
                continue;
            if (!statistics.includes(query || 'error-rate'))
                fail(`${at}.query`, `${quote(query)} is not a ${real} statistic; use ${statistics.join(', ')}${real === 'haproxy' ? ' (HAProxy keeps no percentiles: use nginx-log or prometheus for them)' : ''}`);
            if (max === undefined && min === undefined)
                fail(`${at}.max`, `a ${real} gate needs a threshold: max (or min)`);
        }
        if (provider === 'prometheus') {
            if (query === '')
                fail(`${at}.query`, 'a prometheus gate needs a PromQL query');
            if (max === undefined && min === undefined)
                fail(`${at}.max`, 'a prometheus gate needs a threshold: max (or min)');
        }
    }
    if (provider === 'command') {
        const list = m.command;
        if (!Array.isArray(list) || list.length === 0 || !list.every(a => typeof a === 'string'))
            fail(`${at}.command`, 'a command gate needs command: a list of strings, e.g. [./check.sh, --fast]');
        else {
            command = list;
            const problem = command.map(w => wordProblem(w)).find(p => p !== undefined);
            if (problem)
                fail(`${at}.command`, problem);
        }
    }
    if (provider === 'webhook' && !/^https?:\/\/[^\s]+$/.test(url))
        fail(`${at}.url`, `a webhook gate needs an http(s) url, not ${quote(url)}`);
    if (provider === 'http' && url !== '' && !/^(https?:\/\/|\/)[^\s]*$/.test(url))
        fail(`${at}.url`, `${quote(url)} is neither a path on the canary (/recommend) nor an http(s) URL`);
    const paths = probePaths(m.paths, `${at}.paths`, fail);
    if (paths.length > 0 && provider !== 'http')
        fail(`${at}.paths`, 'paths spreads the http probe over several paths; it works with provider: http');
    if (paths.length > 0 && url !== '')
        fail(`${at}.paths`, 'give url or paths, not both');
    const versionLabel = text('version-label');
    if (versionLabel !== '' && !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(versionLabel))
        fail(`${at}.version-label`, `${quote(versionLabel)} is not a Prometheus label name`);
    if (max !== undefined && min !== undefined && min > max)
        fail(`${at}.min`, `min ${min} is above max ${max}; no value could pass`);
    const whole = (n) => Number.isInteger(n) && n >= 0;
    return {
        name,
        provider,
        query: ['http', 'nginx-log', 'haproxy'].includes(provider) ? query || 'error-rate' : query,
        target,
        rate: number('rate', 20, n => n > 0 && n <= 1000, 'a request rate between 0 and 1000 per second'),
        url,
        paths,
        path,
        command,
        max,
        min,
        failureLimit: number('failure-limit', 0, whole, 'a whole number ≥ 0'),
        consecutiveErrorLimit: number('consecutive-error-limit', 2, whole, 'a whole number ≥ 0'),
        onNoData: choice('on-no-data', ['pause', 'abort', 'pass'], 'pause'),
        onError: choice('on-error', ['pause', 'abort'], 'pause'),
        compare,
        // Unset: a share of the rollout's error budget (parse-canary.ts resolves it).
        alpha: number('alpha', 0, n => n > 0 && n <= 0.5, 'a level between 0 and 0.5 (e.g. 0.01)'),
        toleranceRelative: number('tolerance', 0, n => n >= 0, 'a relative tolerance ≥ 0 (0.2 = 20% worse)'),
        toleranceAbsolute: 0,
        latencyThresholdMs: number('latency-threshold', undefined, n => n > 0, 'a latency in ms'),
        requestsQuery: text('requests-query'),
        eventsQuery: text('events-query'),
        versionLabel: versionLabel || 'version',
        direction
    };
}
/**
 * The probe's paths: a list (equal weights) or a map of path → weight, e.g.
 * {"/": 3, "/recommend?city=rome": 1}. Pure apart from reporting problems.
 */
function probePaths(value, at, fail) {
    if (value === undefined || value === null)
        return [];
    const entries = Array.isArray(value)
        ? value.map(p => [p, 1])
        : typeof value === 'object'
            ? Object.entries(value)
            : [];
    if (entries.length === 0 || entries.length > 20) {
        fail(at, 'give 1 to 20 paths: a list (["/", "/recommend"]) or path: weight ({"/": 3, "/recommend": 1})');
        return [];
    }
    const paths = [];
    for (const [path, weight] of entries) {
        if (typeof path !== 'string' ||
            !/^\/[^\s#]{0,512}$/.test(path) ||
            textProblem(path, { maxLength: 512 }) !== undefined) {
            fail(at, `${shown(path)} is not a path (it starts with / and holds no spaces or #)`);
            continue;
        }
        if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1 || weight > 1000) {
            fail(`${at}.${quote(path)}`, `${shown(weight)} is not a weight (a whole number 1 to 1000)`);
            continue;
        }
        paths.push({ path, weight });
    }
    return paths;
}

;// CONCATENATED MODULE: ./src/config/parse-canary.ts



/** The canary part of the settings: steps, gates, where the gates measure, the error budget. */
function parseCanary(r) {
    const bakeMs = r.durationMs('bake-time');
    const sticky = requestKey(r, 'sticky');
    const match = requestKey(r, 'canary-match');
    const steps = parseCanarySteps(r.get('canary-steps'), bakeMs, match !== undefined);
    if (typeof steps === 'string')
        r.fail('canary-steps', `${steps}.`);
    const router = r.get('router');
    const nginxAccessLog = r.get('nginx-access-log');
    const metrics = parseMetrics(r.get('metrics') || defaultMetrics(router, nginxAccessLog !== ''), (field, message) => r.fail(field, message));
    const prometheusUrl = r.httpUrl('prometheus-url');
    if (prometheusUrl === '' && metrics.some(m => m.provider === 'prometheus')) {
        r.fail('prometheus-url', 'missing: a prometheus gate needs the Prometheus base URL (e.g. http://prometheus:9090).');
    }
    if (nginxAccessLog === '' && metrics.some(m => m.provider === 'nginx-log'))
        r.fail('nginx-access-log', "missing: an nginx-log gate reads nginx's access log; give its path (with the README's JSON log_format).");
    if (router !== 'haproxy' && metrics.some(m => m.provider === 'haproxy'))
        r.fail('router', "a haproxy gate reads HAProxy's counters: it needs router: haproxy.");
    const alpha = Number(r.get('alpha'));
    if (!/^\d*\.?\d+$/.test(r.get('alpha')) || !(alpha > 0 && alpha <= 0.5))
        r.fail('alpha', `${quote(r.get('alpha'))} is not an error budget between 0 and 0.5 (e.g. 0.01).`);
    return {
        steps: typeof steps === 'string' ? [] : steps,
        metrics: shareBudget(metrics, alpha, (field, message) => r.fail(field, message)),
        analysisIntervalMs: r.durationMs('analysis-interval'),
        prometheusUrl,
        nginxAccessLog,
        alpha,
        abortCommand: r.argv('abort-command'),
        full: r.bool('full'),
        ...(sticky ? { sticky } : {}),
        ...(match ? { match } : {})
    };
}
/** `cookie:<name>` or `header:<name>`; undefined when not set. */
function requestKey(r, field) {
    const value = r.get(field);
    if (value === '')
        return undefined;
    const parsed = /^(cookie|header):([A-Za-z0-9_-]{1,64})$/.exec(value);
    if (!parsed) {
        r.fail(field, `${quote(value)} is not cookie:<name> or header:<name> (a name of letters, digits, _ and -), e.g. ${field === 'sticky' ? 'cookie:uid' : 'header:X-Canary'}.`);
        return undefined;
    }
    return { kind: parsed[1], name: parsed[2] };
}
/**
 * One error budget per rollout: each compare gate's e-process runs over every step, so its
 * false-abort chance is at most its alpha for the whole rollout; the budget is split among them
 * (gates that set their own alpha keep it), so over all gates and steps it is at most `alpha`.
 */
function shareBudget(gates, budget, fail) {
    const compared = gates.filter(g => g.compare === 'baseline');
    const own = compared.filter(g => g.alpha > 0).reduce((sum, g) => sum + g.alpha, 0);
    const sharing = compared.filter(g => g.alpha === 0);
    if (own > budget + 1e-12 || (own >= budget && sharing.length > 0))
        fail('alpha', `the compare gates' own alphas add up to ${Number(own.toPrecision(4))}, leaving nothing of the error budget ${budget}; raise alpha or lower theirs.`);
    const share = sharing.length > 0 ? (budget - own) / sharing.length : 0;
    return gates.map(g => (g.compare === 'baseline' && g.alpha === 0 ? { ...g, alpha: share } : g));
}

;// CONCATENATED MODULE: ./src/config/parse-github.ts

/**
 * Where GitHub is and how state is kept. Kept apart from the rest of the settings so `plan` can
 * still post its commit status when the rest of the configuration is invalid.
 */
function parseGitHub(get, machine, fail) {
    const env = machine.env;
    const token = get('github-token') || env.GITHUB_TOKEN || '';
    const repository = get('repository') || env.GITHUB_REPOSITORY || '';
    const [owner, repo, ...rest] = repository.split('/');
    if (repository !== '' && (!owner || !repo || rest.length > 0)) {
        fail('repository', `${quote(repository)} is not owner/name.`);
    }
    const github = token !== '' && owner && repo && rest.length === 0
        ? {
            token,
            apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, ''),
            serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/$/, ''),
            owner,
            repo,
            sha: get('sha') || pullRequestHead(env, machine) || env.GITHUB_SHA || '',
            runId: env.GITHUB_RUN_ID || ''
        }
        : undefined;
    const stateOption = get('state');
    let type = 'file';
    if (stateOption === 'github' ||
        (stateOption === 'auto' && env.GITHUB_ACTIONS === 'true' && github)) {
        type = 'github';
        if (!github) {
            fail('github-token', `state: github needs a token and a repository: set github-token (in Actions: \${{ github.token }}) and run in a repository, or use state: file.`);
        }
        else if (github.sha === '') {
            fail('sha', 'state: github needs the commit being released: set sha (GITHUB_SHA is not set).');
        }
    }
    else if (stateOption !== 'auto' && stateOption !== 'file') {
        fail('state', `unknown state store ${quote(stateOption)}; use auto, github or file.`);
    }
    return {
        github,
        state: {
            type,
            productionEnvironment: optionalBoolean(get('production-environment'), 'production-environment', fail),
            transientEnvironment: optionalBoolean(get('transient-environment'), 'transient-environment', fail) ?? false
        },
        commitStatus: (optionalBoolean(get('commit-status'), 'commit-status', fail) ?? true) && github !== undefined
    };
}
/** For pull_request events GITHUB_SHA is a merge commit; the commit under test is the head. */
function pullRequestHead(env, machine) {
    if (!env.GITHUB_EVENT_PATH || !env.GITHUB_EVENT_NAME?.startsWith('pull_request'))
        return undefined;
    const text = machine.readFile(env.GITHUB_EVENT_PATH);
    try {
        return text
            ? JSON.parse(text).pull_request?.head?.sha
            : undefined;
    }
    catch {
        return undefined;
    }
}
function optionalBoolean(value, field, fail) {
    if (value === '')
        return undefined;
    if (value === 'true' || value === 'false')
        return value === 'true';
    fail(field, `${quote(value)} must be true or false.`);
    return undefined;
}

;// CONCATENATED MODULE: ./src/config/parse-router.ts



/** The router part of the settings: nginx (include file + reload) or HAProxy (runtime API). */
/** With `fleet` (rolling), HAProxy servers are named after the instances, not the colors. */
function parseRouter(r, fleet = false) {
    const type = r.get('router');
    if (type !== 'nginx' && type !== 'haproxy' && !isKubernetesRouter(type))
        r.fail('router', `unknown router ${quote(type)}; use nginx, haproxy, kubernetes-service, gateway-api or ingress-nginx.`);
    const commandPrefix = wordList(r.get('router-command-prefix'));
    if (commandPrefix === undefined)
        r.fail('router-command-prefix', 'a JSON list must hold only strings, e.g. ["ssh", "deploy@lb1"].');
    const prefixProblem = commandPrefix?.map(w => wordProblem(w, true)).find(p => p !== undefined);
    if (prefixProblem)
        r.fail('router-command-prefix', prefixProblem);
    const local = (commandPrefix ?? []).length === 0;
    const upstreamFile = r.get('nginx-upstream-file');
    const configFile = r.get('nginx-config');
    const nginxMode = r.get('nginx-mode');
    if (nginxMode !== 'reload' && nginxMode !== 'lua')
        r.fail('nginx-mode', `unknown mode ${quote(nginxMode)}; use reload or lua.`);
    const luaSocket = r.get('nginx-lua-socket');
    const lua = type === 'nginx' && nginxMode === 'lua';
    if (lua) {
        if (!luaSocket.startsWith('/') || /[\s\0]/.test(luaSocket))
            r.fail('nginx-lua-socket', `${quote(luaSocket)} is not an absolute path; give the unix socket of the admin endpoint (see examples/nginx/progressive-deploy-lua.conf).`);
    }
    if (type === 'nginx' && !lua) {
        if (upstreamFile === '') {
            r.fail('nginx-upstream-file', 'missing: the upstream include file that your nginx config includes (e.g. /etc/nginx/conf.d/app-upstream.conf).');
        }
        else if (local && !r.machine.fileExists(upstreamFile)) {
            r.fail('nginx-upstream-file', `${quote(upstreamFile)} does not exist. Create it with an upstream block for the live color and include it from your nginx config.`);
        }
        if (configFile !== '' && local && !r.machine.fileExists(configFile)) {
            r.fail('nginx-config', `${quote(configFile)} does not exist; give the main nginx config file or leave it empty for nginx's default.`);
        }
    }
    const upstreamName = r.get('nginx-upstream-name');
    if (!/^[\w.-]{1,64}$/.test(upstreamName))
        r.fail('nginx-upstream-name', `${quote(upstreamName)} is not an nginx upstream name (1 to 64 letters, digits, _ . -).`);
    const haproxySocket = r.get('haproxy-socket');
    if (type === 'haproxy') {
        if (haproxySocket === '')
            r.fail('haproxy-socket', 'missing: the HAProxy admin socket (a unix socket path, or host:port), from "stats socket ... level admin".');
        else if (!isHostPort(haproxySocket) && !r.machine.fileExists(haproxySocket)) {
            r.fail('haproxy-socket', `${quote(haproxySocket)} does not exist; give the path of HAProxy's admin socket or host:port.`);
        }
    }
    const haproxyBackend = r.get('haproxy-backend');
    const backendProblem = nameProblem(haproxyBackend, 'an HAProxy backend name');
    if (backendProblem)
        r.fail('haproxy-backend', backendProblem);
    const names = { blue: r.get('haproxy-blue-server'), green: r.get('haproxy-green-server') };
    for (const [color, name] of Object.entries(names)) {
        if (fleet)
            break;
        const problem = nameProblem(name, 'an HAProxy server name');
        if (problem)
            r.fail(`haproxy-${color}-server`, problem);
    }
    if (!fleet && names.blue === names.green)
        r.fail('haproxy-green-server', `blue and green are both ${quote(names.blue)}; give each color its own server.`);
    const probeHeader = r.get('probe-header');
    const headerProblem = headerNameProblem(probeHeader);
    if (headerProblem)
        r.fail('probe-header', headerProblem);
    const probeUrl = r.httpUrl('probe-url');
    return {
        type,
        nginxMode,
        luaSocket,
        upstreamFile,
        upstreamName,
        configFile,
        prefixDir: r.get('nginx-prefix'),
        binary: r.get('nginx-binary'),
        commandPrefix: commandPrefix ?? [],
        haproxySocket,
        haproxyBackend,
        haproxyServers: names,
        probeUrl,
        probeHeader: probeHeader.toLowerCase(),
        probeTls: probeTrust(r, probeUrl)
    };
}
/** probe-ca-file (read now, so a bad file stops the run before anything) or probe-insecure. */
function probeTrust(r, probeUrl) {
    const caFile = r.get('probe-ca-file');
    const insecure = r.bool('probe-insecure');
    if (caFile === '' && !insecure)
        return { insecure: false };
    const field = caFile !== '' ? 'probe-ca-file' : 'probe-insecure';
    if (caFile !== '' && insecure) {
        r.fail('probe-insecure', 'set probe-ca-file or probe-insecure, not both.');
        return { insecure: false };
    }
    if (!probeUrl.startsWith('https:')) {
        r.fail(field, `applies to an https probe-url; probe-url is ${probeUrl === '' ? 'empty' : quote(probeUrl)}.`);
        return { insecure: false };
    }
    if (insecure)
        return { insecure: true };
    const pem = r.machine.readFile(caFile);
    if (pem === undefined || !pem.includes('-----BEGIN CERTIFICATE-----')) {
        r.fail('probe-ca-file', `${quote(caFile)} ${pem === undefined ? 'cannot be read' : 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)'}; give the CA certificate that signed the load balancer's certificate.`);
        return { insecure: false };
    }
    return { ca: pem, insecure: false };
}

;// CONCATENATED MODULE: ./src/config/parse-routers.ts


/** The settings a load balancer of `routers` may give for itself; the rest are shared. */
const PER_ROUTER_KEYS = [
    'router',
    'nginx-upstream-file',
    'nginx-upstream-name',
    'nginx-config',
    'nginx-prefix',
    'nginx-binary',
    'nginx-mode',
    'nginx-lua-socket',
    'router-command-prefix',
    'haproxy-socket',
    'haproxy-backend',
    'haproxy-blue-server',
    'haproxy-green-server',
    'probe-url',
    'probe-header',
    'probe-ca-file',
    'probe-insecure'
];
/** Load balancers of one service, at most this many. */
const MAX_ROUTERS = 16;
/**
 * `routers`: several load balancers that serve the same colors, as one (a YAML list in the config
 * file, or its JSON). Each entry names itself (`name`, default lb-1, lb-2 …) and gives its own
 * router settings (the keys in PER_ROUTER_KEYS); what it leaves out comes from the shared
 * settings. Without `routers`: the one router of the shared settings. Problems are named
 * `routers[N].<field>`.
 */
function parseRouters(r, fleet) {
    const text = r.get('routers');
    if (text === '')
        return [parseRouter(r, fleet)];
    let list;
    try {
        list = JSON.parse(text);
    }
    catch {
        r.fail('routers', 'must be a list of load balancers (a YAML list in the config file, or JSON), each a mapping like {name: lb1, nginx-upstream-file: /etc/nginx/conf.d/app.conf, router-command-prefix: ssh deploy@lb1}.');
        return [parseRouter(r, fleet)];
    }
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_ROUTERS) {
        r.fail('routers', `must be a list of 1 to ${MAX_ROUTERS} load balancers.`);
        return [parseRouter(r, fleet)];
    }
    const names = new Set();
    return list.map((entry, i) => {
        const at = `routers[${i + 1}]`;
        const values = entryValues(r, entry, at);
        const name = values.name ?? `lb-${i + 1}`;
        if (!/^[A-Za-z0-9][\w.-]{0,31}$/.test(name))
            r.fail(`${at}.name`, `${quote(name)} is not a name (1 to 32 letters, digits, _ . -).`);
        else if (names.has(name))
            r.fail(`${at}.name`, `${quote(name)} is used twice; give every load balancer its own name.`);
        names.add(name);
        return { ...parseRouter(r.child(values, at), fleet), name };
    });
}
/** An entry's values as strings, refusing unknown keys and values that are not plain text. */
function entryValues(r, entry, at) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
        r.fail(at, 'must be a mapping of router settings, e.g. {name: lb1, haproxy-socket: 10.0.0.5:9999}.');
        return {};
    }
    const values = {};
    for (const [key, raw] of Object.entries(entry)) {
        if (key !== 'name' && !PER_ROUTER_KEYS.includes(key)) {
            r.fail(at, `unknown key ${quote(key)}; a load balancer takes name and ${PER_ROUTER_KEYS.join(', ')}.`);
            continue;
        }
        const value = Array.isArray(raw) ? JSON.stringify(raw) : String(raw ?? '');
        const problem = textProblem(value, { maxLength: 1024 });
        if (problem) {
            r.fail(`${at}.${key}`, problem);
            continue;
        }
        values[key] = value;
    }
    return values;
}

;// CONCATENATED MODULE: ./src/config/parse-instances.ts


/**
 * Parses the instance list: one per line as "name=host:port" (or "name host:port"), or a JSON
 * list of {name, address} (what a YAML list in the config file becomes). Returns the instances
 * and every problem found, each naming the line or entry.
 */
function parseInstances(text) {
    const problems = [];
    const entries = readEntries(text, problems);
    const instances = [];
    const seenNames = new Map();
    const seenAddresses = new Map();
    entries.forEach(({ name, address, where }) => {
        if (!/^[A-Za-z0-9][\w.-]{0,63}$/.test(name)) {
            problems.push(`${where}: ${quote(name)} is not an instance name (1 to 64 letters, digits, _ . -; with HAProxy it is the server name).`);
            return;
        }
        if (!isHostPort(address)) {
            problems.push(`${where}: ${quote(address)} is not host:port (e.g. 10.0.0.5:8080).`);
            return;
        }
        if (seenNames.has(name)) {
            problems.push(`${where}: the name ${quote(name)} is used twice; give every instance its own name.`);
            return;
        }
        const other = seenAddresses.get(address);
        if (other !== undefined) {
            problems.push(`${where}: ${name} and ${other} both point at ${address}.`);
            return;
        }
        seenNames.set(name, instances.length);
        seenAddresses.set(address, name);
        instances.push({ name, address });
    });
    return { instances, problems };
}
function readEntries(text, problems) {
    const trimmed = text.trim();
    if (trimmed.startsWith('[')) {
        let parsed;
        try {
            parsed = JSON.parse(trimmed);
        }
        catch (error) {
            problems.push(`not a valid JSON list: ${error.message}.`);
            return [];
        }
        if (!Array.isArray(parsed))
            return [];
        return parsed.map((entry, i) => {
            const e = (entry ?? {});
            if (typeof entry === 'string')
                return fromLine(entry, `entry ${i + 1}`);
            return {
                name: String(e.name ?? ''),
                address: String(e.address ?? ''),
                where: `entry ${i + 1}`
            };
        });
    }
    return trimmed
        .split('\n')
        .map((line, i) => ({ line: line.trim(), where: `line ${i + 1}` }))
        .filter(({ line }) => line !== '' && !line.startsWith('#'))
        .map(({ line, where }) => fromLine(line, where));
}
function fromLine(line, where) {
    const text = line.trim();
    const equals = text.indexOf('=');
    if (equals !== -1)
        return { name: text.slice(0, equals).trim(), address: text.slice(equals + 1).trim(), where };
    const words = text.split(/\s+/);
    return words.length === 2
        ? { name: words[0], address: words[1], where }
        : { name: text, address: '', where };
}

;// CONCATENATED MODULE: ./src/config/parse-rolling.ts



/**
 * The rolling part of the settings. Checked only for strategy rolling; the limits are resolved
 * against the fleet here, so nothing later can drain more than the user allowed.
 */
function parseRolling(r, active, canary) {
    const off = {
        instances: [],
        batchSize: 1,
        maxUnavailable: 1,
        minReadyMs: 0,
        progressDeadlineMs: 0,
        drainTimeoutMs: 0,
        onFailure: 'rollback',
        onInterrupted: 'resume',
        gates: []
    };
    if (!active)
        return off;
    const { instances, problems } = parseInstances(r.get('instances'));
    for (const problem of problems)
        r.fail('instances', problem);
    if (r.get('instances') === '') {
        r.fail('instances', 'missing: list the instances to update, one per line as name=host:port (e.g. web-1=10.0.0.11:8080).');
    }
    else if (problems.length === 0 && instances.length < 2) {
        r.fail('instances', `a rolling update needs at least 2 instances (got ${instances.length}): with one, every update takes the service down. Add instances or use strategy: blue-green.`);
    }
    const total = instances.length;
    const presetText = r.get('rolling-preset');
    const preset = presetText === '' ? undefined : presetText;
    if (preset !== undefined && !ROLLING_PRESETS.includes(preset))
        r.fail('rolling-preset', `unknown preset ${quote(presetText)}; use ${ROLLING_PRESETS.join(' or ')}, or leave it empty and set batch-size.`);
    const fromPreset = preset && ROLLING_PRESETS.includes(preset) ? presetCount(preset, total) : undefined;
    const maxUnavailable = count(r, 'max-unavailable', total, 'down', fromPreset);
    const batchSize = count(r, 'batch-size', total, 'up', fromPreset) ?? maxUnavailable;
    if (total >= 2 && maxUnavailable !== undefined) {
        if (maxUnavailable >= total) {
            r.fail('max-unavailable', `${r.get('max-unavailable')} of ${total} instances is ${maxUnavailable}: that would take every instance out of rotation. Allow at most ${total - 1} (the router never drains all).`);
        }
        else if (batchSize !== undefined && batchSize > maxUnavailable) {
            r.fail('batch-size', `a batch of ${batchSize} drains more instances at once than max-unavailable allows (${maxUnavailable} of ${total}); lower batch-size or raise max-unavailable.`);
        }
    }
    const onFailure = r.get('on-failure');
    if (onFailure !== 'rollback' && onFailure !== 'leave-drained')
        r.fail('on-failure', `${quote(onFailure)} is not a choice; use rollback or leave-drained.`);
    const onInterrupted = r.get('on-interrupted');
    if (onInterrupted !== 'resume' && onInterrupted !== 'rollback')
        r.fail('on-interrupted', `${quote(onInterrupted)} is not a choice; use resume or rollback.`);
    const maxBatchesText = r.get('max-batches');
    const maxBatches = maxBatchesText === '' ? undefined : Number(maxBatchesText);
    if (maxBatches !== undefined && !(Number.isInteger(maxBatches) && maxBatches >= 1))
        r.fail('max-batches', `${quote(maxBatchesText)} is not a number of batches (1 or more); leave it empty to run them all.`);
    const gates = r.get('metrics') === '' ? [] : canary.metrics;
    for (const gate of gates) {
        if (gate.compare === 'baseline')
            r.fail('metrics', `gate "${gate.name}": compare: baseline needs one stable version beside the canary; rolling updates judge each batch against max/min instead.`);
    }
    return {
        instances,
        batchSize: batchSize ?? 1,
        maxUnavailable: maxUnavailable ?? 1,
        minReadyMs: r.durationMs('min-ready', { allowZero: true }),
        progressDeadlineMs: r.durationMs('progress-deadline'),
        drainTimeoutMs: r.durationMs('drain-timeout', { allowZero: true }),
        onFailure,
        onInterrupted,
        ...(maxBatches !== undefined ? { maxBatches } : {}),
        gates
    };
}
/** An explicit value wins over the preset; the preset wins over the input's default. */
function count(r, field, total, round, fromPreset) {
    const text = r.given(field)
        ? r.get(field)
        : fromPreset !== undefined
            ? String(fromPreset)
            : r.get(field);
    if (text === '')
        return undefined;
    const spec = parseCountSpec(text);
    if (typeof spec === 'string') {
        r.fail(field, `${spec}.`);
        return undefined;
    }
    return resolveCount(spec, Math.max(total, 1), round);
}

;// CONCATENATED MODULE: ./src/config/state-file.ts


/**
 * Where the file store writes. A relative state-file stays inside the workspace (GITHUB_WORKSPACE,
 * else the working directory): "../" cannot climb out of it, and neither can a symlinked folder
 * on the way (a checked-out pull request may hold one). An absolute path is taken as given: the
 * user chose it on purpose. Returns the path to use (absolute).
 */
function parseStateFile(value, machine, fail) {
    if (external_node_path_default().isAbsolute(value))
        return value;
    const workspace = external_node_path_default().resolve(machine.env.GITHUB_WORKSPACE || machine.cwd());
    const resolved = external_node_path_default().resolve(workspace, value);
    if (!inside(workspace, resolved)) {
        fail('state-file', `${quote(value)} leads out of the workspace (${workspace}); give a path inside it, or an absolute path if the state belongs elsewhere on purpose.`);
        return resolved;
    }
    const existing = deepestExisting(external_node_path_default().dirname(resolved), machine);
    const realWorkspace = machine.realPath(workspace) ?? workspace;
    const realParent = inside(workspace, existing, true) ? machine.realPath(existing) : undefined;
    if (realParent !== undefined && !inside(realWorkspace, realParent, true)) {
        fail('state-file', `${quote(value)} goes through a symlink to ${realParent}, outside the workspace; give an absolute path if that is meant.`);
    }
    return resolved;
}
function inside(root, candidate, rootItself = false) {
    const relative = external_node_path_default().relative(root, candidate);
    if (relative === '')
        return rootItself;
    return !relative.startsWith('..') && !external_node_path_default().isAbsolute(relative);
}
/** The nearest folder on the way that exists (mkdir creates the rest, below it). */
function deepestExisting(folder, machine) {
    let current = folder;
    while (!machine.fileExists(current) && external_node_path_default().dirname(current) !== current)
        current = external_node_path_default().dirname(current);
    return current;
}

;// CONCATENATED MODULE: ./src/config/parse-pools.ts




/** Deploys to one color's instances run at most this many at once unless told otherwise. */
const DEFAULT_PARALLEL_DEPLOYS = 4;
/**
 * The colors' addresses: `blue-address` / `green-address` (one each), or `blue-addresses` /
 * `green-addresses`, a pool per color, one instance per line as host:port or name=host:port
 * (with HAProxy the name is the server name; unnamed ones are <color>-1, <color>-2 …).
 * A rolling update has instances, not colors.
 */
function parsePools(r, rolling) {
    const pools = {};
    const addresses = {};
    for (const color of COLORS) {
        const one = r.get(`${color}-address`);
        const many = r.get(`${color}-addresses`);
        if (rolling) {
            if (many !== '')
                r.fail(`${color}-addresses`, 'is for blue/green and canary; a rolling update lists its instances in `instances`.');
            addresses[color] = one;
            pools[color] = one === '' ? [] : [{ name: color, address: one }];
            continue;
        }
        if (one !== '' && many !== '') {
            r.fail(`${color}-addresses`, `set ${color}-address or ${color}-addresses, not both.`);
        }
        pools[color] = many !== '' ? poolOf(r, color, many) : singleOf(r, color, one);
        addresses[color] = pools[color][0]?.address ?? '';
    }
    crossCheck(r, pools);
    const minHealthy = minHealthyOf(r, pools);
    const parallel = r.get('max-parallel-deploys');
    const maxParallelDeploys = parallel === '' ? DEFAULT_PARALLEL_DEPLOYS : Number(parallel);
    if (!Number.isInteger(maxParallelDeploys) || maxParallelDeploys < 1 || maxParallelDeploys > 64)
        r.fail('max-parallel-deploys', `${quote(parallel)} is not a whole number from 1 to 64.`);
    return { pools, addresses, minHealthy, maxParallelDeploys };
}
function singleOf(r, color, value) {
    const field = `${color}-address`;
    if (value === '') {
        r.fail(field, `missing: the host:port where the ${color} color listens, e.g. 127.0.0.1:${color === 'blue' ? 9001 : 9002} (or ${color}-addresses for several instances).`);
        return [];
    }
    if (!isHostPort(value)) {
        r.fail(field, `${quote(value)} is not host:port (e.g. 10.0.0.5:8080).`);
        return [];
    }
    return [{ name: color, address: value }];
}
function poolOf(r, color, text) {
    // An unnamed line is named after its color and place: blue-1, blue-2 …
    let unnamed = 0;
    const named = text.trim().startsWith('[')
        ? text
        : text
            .split('\n')
            .map(line => {
            const t = line.trim();
            if (t === '' || t.startsWith('#') || t.includes('=') || /\s/.test(t))
                return line;
            return `${color}-${++unnamed}=${t}`;
        })
            .join('\n');
    const { instances, problems } = parseInstances(named);
    for (const problem of problems)
        r.fail(`${color}-addresses`, problem);
    if (problems.length === 0 && instances.length === 0)
        r.fail(`${color}-addresses`, 'lists no instance; give one host:port per line.');
    return instances;
}
/** No instance may be in both colors, by name or by address. */
function crossCheck(r, pools) {
    for (const green of pools.green) {
        const blue = pools.blue.find(b => b.address === green.address || b.name === green.name);
        if (!blue)
            continue;
        const field = pools.green.length > 1 ? 'green-addresses' : 'green-address';
        r.fail(field, blue.address === green.address
            ? `blue and green both point at ${green.address}; give each color its own address.`
            : `the name ${quote(green.name)} is in both colors; give every instance its own name.`);
    }
}
function minHealthyOf(r, pools) {
    const value = r.get('min-healthy');
    if (value === '' || value === 'all')
        return undefined;
    const n = Number(value);
    const smallest = Math.min(...COLORS.map(c => pools[c].length || Infinity));
    if (!/^\d+$/.test(value) || n < 1) {
        r.fail('min-healthy', `${quote(value)} is not a count of instances (1 or more, or all).`);
        return undefined;
    }
    if (Number.isFinite(smallest) && n > smallest) {
        r.fail('min-healthy', `${n} is more than the ${smallest} instance(s) of the smaller color; no deploy could pass.`);
        return undefined;
    }
    return n;
}

;// CONCATENATED MODULE: ./src/config/parse-settings.ts














/**
 * Turns raw strings (action inputs, CLI flags, config file) into one validated Settings object.
 * Collects every problem before failing, so the user fixes them all in one go.
 */
function parseSettings(raw, commandOverride, machine = thisMachine) {
    assertPrintable(raw);
    const r = new FieldReader(raw, machine);
    const { get } = r;
    const command = (commandOverride ?? get('command'));
    if (!COMMANDS.includes(command))
        r.fail('command', `unknown command ${quote(command)}. Use one of: ${COMMANDS.join(', ')}.`);
    // canary-step, promote and abort only exist for canaries, rolling for fleets: they imply the strategy.
    const strategy = (['canary-step', 'promote', 'abort'].includes(command)
        ? 'canary'
        : command === 'rolling'
            ? 'rolling'
            : get('strategy'));
    if (strategy !== 'blue-green' && strategy !== 'canary' && strategy !== 'rolling') {
        r.fail('strategy', `unknown strategy ${quote(strategy)}; use blue-green, canary or rolling.`);
    }
    const rolling = strategy === 'rolling';
    if (rolling && ['deploy-green', 'verify', 'switch'].includes(command)) {
        r.fail('command', `${command} acts on a blue/green pair; a rolling update runs with command rolling (or release) and is undone with rollback.`);
    }
    const environment = get('environment');
    if (!/^[\w.\- /]{1,255}$/.test(environment)) {
        r.fail('environment', `${quote(environment)} is not a usable environment name (letters, digits, . _ - / and spaces, at most 255).`);
    }
    const releases = command === 'release' || command === 'deploy-green' || command === 'rolling';
    // A fleet's rollback deploys the earlier versions again, instance by instance.
    const deploys = releases || (rolling && command === 'rollback');
    const version = get('version');
    if (releases && version === '')
        r.fail('version', 'missing: say which version is released, e.g. version: ${{ github.sha }}.');
    for (const field of ['version', 'rollback-version']) {
        const problem = get(field) === '' ? undefined : versionProblem(get(field));
        if (problem)
            r.fail(field, problem);
    }
    const reason = get('reason');
    const reasonProblem = textProblem(reason, { maxLength: 500 });
    if (reasonProblem)
        r.fail('reason', reasonProblem);
    const { pools, addresses, minHealthy, maxParallelDeploys } = parsePools(r, rolling);
    const deploy = r.argv('deploy-command', 'deploy-script');
    const byImage = get('kubernetes-image') !== '';
    if (byImage && deploy !== undefined)
        r.fail('kubernetes-image', 'set either kubernetes-image or deploy-command / deploy-script, not both.');
    if (deploys &&
        deploy === undefined &&
        !byImage &&
        !r.problems.some(p => p.field.startsWith('deploy-'))) {
        r.fail('deploy-command', `missing: give the command that deploys a version to ${rolling ? 'one instance' : 'a color'} (deploy-command or deploy-script${rolling ? '' : ', or kubernetes-image on Kubernetes'}).`);
    }
    const smoke = r.argv('smoke-command', 'smoke-script');
    const warmup = parseWarmup(r);
    const contractCommand = r.argv('contract-command');
    const hooks = Object.fromEntries(HOOKS.flatMap(hook => {
        const argv = r.argv(`${hook}-command`);
        return argv ? [[hook, argv]] : [];
    }));
    const healthPath = get('health-path');
    if (!/^\/[^\s#]*$/.test(healthPath))
        r.fail('health-path', `${quote(healthPath)} is not a path: it must start with "/" and hold no spaces or "#" (e.g. /healthz).`);
    const expectStatus = Number(get('health-status'));
    if (!/^\d{3}$/.test(get('health-status')) || expectStatus < 100 || expectStatus > 599) {
        r.fail('health-status', `${quote(get('health-status'))} is not an HTTP status code (100-599).`);
    }
    let bodyMatch;
    if (get('health-body') !== '') {
        try {
            bodyMatch = new RegExp(get('health-body'));
        }
        catch (error) {
            r.fail('health-body', `not a valid regular expression: ${error.message}.`);
        }
    }
    const switchTo = get('switch-to');
    if (!['idle', 'previous', 'blue', 'green'].includes(switchTo)) {
        r.fail('switch-to', `${quote(switchTo)} is not a switch target; use idle, previous, blue or green.`);
    }
    const canary = parseCanary(r);
    const routers = parseRouters(r, rolling);
    for (const field of ['sticky', 'canary-match']) {
        if (!r.given(field))
            continue;
        if (strategy !== 'canary')
            r.fail(field, `applies to the steps of a canary; strategy is ${strategy}.`);
        // ingress-nginx has canary-match of its own (canary-by-header / canary-by-cookie).
        else if (field === 'canary-match' && routers.every(x => x.type === 'ingress-nginx'))
            continue;
        else if (routers.some(x => x.type !== 'haproxy' && (x.type !== 'nginx' || x.nginxMode !== 'lua')))
            r.fail(field, 'needs router nginx with nginx-mode lua, or haproxy: their balancers hash each user into fixed buckets and read the header or cookie of every request (see examples/nginx/progressive-deploy-lua.conf, examples/haproxy/progressive-deploy-sticky.cfg).');
        else if (routers.some(x => x.type === 'haproxy') &&
            !/^\/[\w./-]{1,255}$/.test(get('haproxy-map')))
            r.fail('haproxy-map', `${quote(get('haproxy-map'))} is not an absolute path (letters, digits and _ . / -): the map file of examples/haproxy/progressive-deploy-sticky.cfg.`);
        else if (pools.blue.length > 1 || pools.green.length > 1)
            r.fail(field, 'needs one instance per color (blue-address, green-address), not pools.');
    }
    const kubernetes = parseKubernetes(r, strategy, routers, pools.blue.length > 1 || pools.green.length > 1);
    if (kubernetes?.image && version !== '') {
        const problem = imageProblem(imageFor(kubernetes.image, version));
        if (problem)
            r.fail('version', problem);
    }
    const settings = {
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
    };
    const github = parseGitHub(get, machine, (field, message) => r.fail(field, message));
    const stateFile = parseStateFile(get('state-file'), machine, (field, message) => r.fail(field, message));
    if (r.problems.length > 0)
        throw new ConfigurationError(r.problems);
    return {
        ...settings,
        state: { ...github.state, file: stateFile },
        github: github.github,
        commitStatus: github.commitStatus
    };
}

;// CONCATENATED MODULE: ./src/strategies/reconcile.ts



/**
 * What the records must say so that they agree with the router, which is the truth for traffic.
 * Pure. When one color takes all traffic, the release recorded on it is the live one and every
 * other record marked live is superseded. A release still in progress on that color is made
 * live only when it is at rest (verified: the run that switched died before recording it) or
 * its holder is known to be gone; a canary still baking its 100% step is its run's business.
 * A split (a canary) is left alone: its run, or a person, decides it.
 */
function reconcile(state, weights, holderGone) {
    if (!state)
        return [];
    const sole = soleTarget(weights);
    if (sole !== 'blue' && sole !== 'green')
        return [];
    const serving = state.colors[sole];
    const fixes = [];
    const releasable = serving !== undefined &&
        serving.phase !== 'live' &&
        serving.phase !== 'deploying' &&
        (!IN_PROGRESS.includes(serving.phase) || AT_REST.includes(serving.phase) || holderGone);
    if (serving && releasable) {
        fixes.push({
            record: serving,
            transition: {
                phase: 'live',
                description: `reconciled: the router sends all traffic to ${sole}, where ${serving.version} runs`
            }
        });
    }
    const live = releasable ? serving : state.colors[sole]?.phase === 'live' ? serving : undefined;
    if (live === undefined)
        return fixes;
    const stale = [state.live, ...state.alsoLive].filter((other) => other !== undefined && other.id !== live.id && other.phase === 'live');
    // Two lives: a run died after recording its release live and before finishing (superseding
    // the old one, posting its commit status). Saying it again completes what it left.
    if (stale.length > 0 && !releasable)
        fixes.push({
            record: live,
            transition: {
                phase: 'live',
                description: `reconciled: ${live.version} on ${sole} takes all traffic; the run that switched did not finish recording it`
            }
        });
    for (const other of stale) {
        fixes.push({
            record: other,
            transition: {
                phase: 'superseded',
                description: `reconciled: superseded by ${live.version} on ${sole}, which the router sends all traffic to`
            }
        });
    }
    return fixes;
}

;// CONCATENATED MODULE: ./src/commands/shared/settle.ts



/**
 * Brings the records in line with the router before a command acts: a run that moved traffic
 * and died (or lost the API) before recording it left them behind (strategies/reconcile.ts).
 */
async function settle(ctx) {
    if (ctx.settings.strategy === 'rolling')
        return;
    const weights = await ctx.router.getWeights();
    const state = await ctx.store.load(ctx.settings.environment);
    const holder = state?.inProgress;
    // Whether the holder is gone matters only for a release in progress on the color that takes
    // all traffic; asking costs an API call, so it is asked only then.
    const ask = holder !== undefined &&
        soleTarget(weights) === holder.color &&
        !AT_REST.includes(holder.phase) &&
        holder.phase !== 'deploying';
    const fixes = reconcile(state, weights, ask ? await ctx.store.holderGone(holder) : false);
    for (const { record, transition } of fixes) {
        const what = `${record.version} on ${record.color} (#${record.id}) → ${transition.phase}`;
        ctx.log.warn(`the records disagree with the router; ${what}: ${transition.description}`);
        await ctx.store.transition(record, transition);
        ctx.report.record(`reconcile ${what}`, 'ok', 0, transition.description);
    }
}

;// CONCATENATED MODULE: ./src/platform/clock.ts
const systemClock = {
    now: () => performance.now(),
    sleep: (ms, signal) => new Promise(resolve => {
        if (signal?.aborted)
            return resolve();
        const timer = setTimeout(done, ms);
        function done() {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
    }),
    isoNow: () => new Date().toISOString()
};

// EXTERNAL MODULE: external "string_decoder"
var external_string_decoder_ = __nccwpck_require__(3193);
// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
// EXTERNAL MODULE: external "events"
var external_events_ = __nccwpck_require__(4434);
;// CONCATENATED MODULE: external "child_process"
const external_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");
;// CONCATENATED MODULE: external "path"
const external_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");
// EXTERNAL MODULE: external "assert"
var external_assert_ = __nccwpck_require__(2613);
// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(9896);
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io-util.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { chmod, copyFile, lstat, mkdir, open: io_util_open, readdir, rename, rm, rmdir, stat, symlink, unlink } = external_fs_.promises;
// export const {open} = 'fs'
const IS_WINDOWS = process.platform === 'win32';
/**
 * Custom implementation of readlink to ensure Windows junctions
 * maintain trailing backslash for backward compatibility with Node.js < 24
 *
 * In Node.js 20, Windows junctions (directory symlinks) always returned paths
 * with trailing backslashes. Node.js 24 removed this behavior, which breaks
 * code that relied on this format for path operations.
 *
 * This implementation restores the Node 20 behavior by adding a trailing
 * backslash to all junction results on Windows.
 */
function readlink(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        const result = yield fs.promises.readlink(fsPath);
        // On Windows, restore Node 20 behavior: add trailing backslash to all results
        // since junctions on Windows are always directory links
        if (IS_WINDOWS && !result.endsWith('\\')) {
            return `${result}\\`;
        }
        return result;
    });
}
// See https://github.com/nodejs/node/blob/d0153aee367422d0858105abec186da4dff0a0c5/deps/uv/include/uv/win.h#L691
const UV_FS_O_EXLOCK = 0x10000000;
const READONLY = external_fs_.constants.O_RDONLY;
function exists(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
function isDirectory(fsPath_1) {
    return __awaiter(this, arguments, void 0, function* (fsPath, useStat = false) {
        const stats = useStat ? yield stat(fsPath) : yield lstat(fsPath);
        return stats.isDirectory();
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return __awaiter(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS) {
                // on Windows, test for valid extension
                const upperExt = external_path_namespaceObject.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = external_path_namespaceObject.dirname(filePath);
                        const upperName = external_path_namespaceObject.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = external_path_namespaceObject.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}
// Get the path of cmd.exe in windows
function getCmdPath() {
    var _a;
    return (_a = process.env['COMSPEC']) !== null && _a !== void 0 ? _a : `cmd.exe`;
}
//# sourceMappingURL=io-util.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io.js
var io_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



/**
 * Copies a file or folder.
 * Based off of shelljs - https://github.com/shelljs/shelljs/blob/9237f66c52e5daa40458f94f9565e18e8132f5a6/src/cp.js
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See CopyOptions.
 */
function cp(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        const { force, recursive, copySourceDirectory } = readCopyOptions(options);
        const destStat = (yield ioUtil.exists(dest)) ? yield ioUtil.stat(dest) : null;
        // Dest is an existing file, but not forcing
        if (destStat && destStat.isFile() && !force) {
            return;
        }
        // If dest is an existing directory, should copy inside.
        const newDest = destStat && destStat.isDirectory() && copySourceDirectory
            ? path.join(dest, path.basename(source))
            : dest;
        if (!(yield ioUtil.exists(source))) {
            throw new Error(`no such file or directory: ${source}`);
        }
        const sourceStat = yield ioUtil.stat(source);
        if (sourceStat.isDirectory()) {
            if (!recursive) {
                throw new Error(`Failed to copy. ${source} is a directory, but tried to copy without recursive flag.`);
            }
            else {
                yield cpDirRecursive(source, newDest, 0, force);
            }
        }
        else {
            if (path.relative(source, newDest) === '') {
                // a file cannot be copied to itself
                throw new Error(`'${newDest}' and '${source}' are the same file`);
            }
            yield io_copyFile(source, newDest, force);
        }
    });
}
/**
 * Moves a path.
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See MoveOptions.
 */
function mv(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        if (yield ioUtil.exists(dest)) {
            let destExists = true;
            if (yield ioUtil.isDirectory(dest)) {
                // If dest is directory copy src into dest
                dest = path.join(dest, path.basename(source));
                destExists = yield ioUtil.exists(dest);
            }
            if (destExists) {
                if (options.force == null || options.force) {
                    yield rmRF(dest);
                }
                else {
                    throw new Error('Destination already exists');
                }
            }
        }
        yield mkdirP(path.dirname(dest));
        yield ioUtil.rename(source, dest);
    });
}
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (ioUtil.IS_WINDOWS) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield ioUtil.rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        ok(fsPath, 'a path argument must be provided');
        yield ioUtil.mkdir(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (IS_WINDOWS) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (IS_WINDOWS && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(external_path_namespaceObject.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (isRooted(tool)) {
            const filePath = yield tryGetExecutablePath(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(external_path_namespaceObject.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(external_path_namespaceObject.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield tryGetExecutablePath(external_path_namespaceObject.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}
function readCopyOptions(options) {
    const force = options.force == null ? true : options.force;
    const recursive = Boolean(options.recursive);
    const copySourceDirectory = options.copySourceDirectory == null
        ? true
        : Boolean(options.copySourceDirectory);
    return { force, recursive, copySourceDirectory };
}
function cpDirRecursive(sourceDir, destDir, currentDepth, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        // Ensure there is not a run away recursive copy
        if (currentDepth >= 255)
            return;
        currentDepth++;
        yield mkdirP(destDir);
        const files = yield ioUtil.readdir(sourceDir);
        for (const fileName of files) {
            const srcFile = `${sourceDir}/${fileName}`;
            const destFile = `${destDir}/${fileName}`;
            const srcFileStat = yield ioUtil.lstat(srcFile);
            if (srcFileStat.isDirectory()) {
                // Recurse
                yield cpDirRecursive(srcFile, destFile, currentDepth, force);
            }
            else {
                yield io_copyFile(srcFile, destFile, force);
            }
        }
        // Change the mode for the newly created directory
        yield ioUtil.chmod(destDir, (yield ioUtil.stat(sourceDir)).mode);
    });
}
// Buffered file copy
function io_copyFile(srcFile, destFile, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        if ((yield ioUtil.lstat(srcFile)).isSymbolicLink()) {
            // unlink/re-link it
            try {
                yield ioUtil.lstat(destFile);
                yield ioUtil.unlink(destFile);
            }
            catch (e) {
                // Try to override file permission
                if (e.code === 'EPERM') {
                    yield ioUtil.chmod(destFile, '0666');
                    yield ioUtil.unlink(destFile);
                }
                // other errors = it doesn't exist, no work to do
            }
            // Copy over symlink
            const symlinkFull = yield ioUtil.readlink(srcFile);
            yield ioUtil.symlink(symlinkFull, destFile, ioUtil.IS_WINDOWS ? 'junction' : null);
        }
        else if (!(yield ioUtil.exists(destFile)) || force) {
            yield ioUtil.copyFile(srcFile, destFile);
        }
    });
}
//# sourceMappingURL=io.js.map
;// CONCATENATED MODULE: external "timers"
const external_timers_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/toolrunner.js
var toolrunner_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};







/* eslint-disable @typescript-eslint/unbound-method */
const toolrunner_IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends external_events_.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (toolrunner_IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(external_os_.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + external_os_.EOL.length);
                n = s.indexOf(external_os_.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return toolrunner_awaiter(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!isRooted(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (toolrunner_IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = external_path_namespaceObject.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield which(this.toolPath, true);
            return new Promise((resolve, reject) => toolrunner_awaiter(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + external_os_.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield exists(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = external_child_process_namespaceObject.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends external_events_.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = (0,external_timers_namespaceObject.setTimeout)(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}
//# sourceMappingURL=toolrunner.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/exec.js
var exec_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        const commandArgs = argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new external_string_decoder_.StringDecoder('utf8');
        const stderrDecoder = new external_string_decoder_.StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}
//# sourceMappingURL=exec.js.map
;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: ./src/platform/spawned-command.ts



/** How long a stopped command may take to exit after SIGTERM before it is killed. */
const GRACE_MS = 5000;
/**
 * Runs a user command that may have to be stopped: its output shown live and kept, SIGTERM when
 * `signal` aborts, SIGKILL after a grace period. It stays in our process group, so whatever
 * stops the job (a cancelled run kills the group) stops it too.
 */
function runStoppable(argv, env, signal) {
    const [program, ...args] = argv;
    // The same echo as @actions/exec, so a log reads the same either way.
    process.stdout.write(`${(0,log_safety/* safeForLog */.p)(`[command]${argv.join(' ')}`)}\n`);
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_namespaceObject.spawn)(program, args, {
            env: env ? { ...process.env, ...env } : process.env,
            stdio: ['ignore', 'pipe', 'pipe']
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', chunk => {
            stdout += chunk;
            process.stdout.write(chunk);
        });
        child.stderr.on('data', chunk => {
            stderr += chunk;
            process.stderr.write(chunk);
        });
        let killTimer;
        const stop = () => {
            child.kill('SIGTERM');
            killTimer = setTimeout(() => child.kill('SIGKILL'), GRACE_MS);
        };
        if (signal.aborted)
            stop();
        else
            signal.addEventListener('abort', stop, { once: true });
        child.on('error', error => reject(new BackendError(`cannot run ${program}: ${error.message}`)));
        child.on('close', (code, killedBy) => {
            clearTimeout(killTimer);
            signal.removeEventListener('abort', stop);
            resolve({ exitCode: code ?? (killedBy ? 128 + 15 : 1), stdout, stderr });
        });
    });
}

;// CONCATENATED MODULE: ./src/platform/command-runner.ts



class ExecCommandRunner {
    async run(argv, options = {}) {
        const [program, ...args] = argv;
        // A user's command, shown live: stoppable, its echo filtered.
        if (options.echo || options.signal)
            return runStoppable(argv, options.env, options.signal ?? new AbortController().signal);
        const env = options.env ? mergeEnv(options.env) : undefined;
        try {
            return await getExecOutput(program, args, {
                env,
                input: options.input === undefined ? undefined : Buffer.from(options.input),
                silent: true,
                ignoreReturnCode: true
            });
        }
        catch (error) {
            // @actions/exec throws when the program cannot be found or started.
            throw new BackendError(`cannot run ${program}: ${error.message}`);
        }
    }
}
function mergeEnv(extra) {
    const env = {};
    for (const [key, value] of Object.entries(process.env))
        if (value !== undefined)
            env[key] = value;
    return { ...env, ...extra };
}

;// CONCATENATED MODULE: ./src/metrics/metric-provider.ts
function errorMeasurement(error) {
    return { phase: 'error', message: error.message || String(error) };
}

;// CONCATENATED MODULE: ./src/metrics/haproxy-stats-provider.ts

/** Parses `show stat` CSV into counters per server of one backend. Pure. */
function readStats(csv, backend) {
    const lines = csv.split('\n').filter(l => l.trim() !== '');
    const header = (lines[0] ?? '').replace(/^# /, '').split(',');
    const at = (name) => header.indexOf(name);
    const number = (fields, name) => Number(fields[at(name)] || 0);
    const servers = new Map();
    for (const line of lines.slice(1)) {
        const f = line.split(',');
        if (f[at('pxname')] !== backend || ['FRONTEND', 'BACKEND'].includes(f[at('svname')]))
            continue;
        servers.set(f[at('svname')], {
            responses: ['hrsp_1xx', 'hrsp_2xx', 'hrsp_3xx', 'hrsp_4xx', 'hrsp_5xx', 'hrsp_other'].reduce((sum, name) => sum + number(f, name), 0),
            errors5xx: number(f, 'hrsp_5xx'),
            failed: number(f, 'econ') + number(f, 'eresp'),
            averageMs: number(f, 'rtime')
        });
    }
    return servers;
}
/**
 * Real traffic from HAProxy's own counters (runtime API `show stat`), per server, over the
 * window: requests, 5xx, failed connections and responses, and the average answer time. No
 * Prometheus, no log: what HAProxy counted. Threshold gates judge the canary's error rate or
 * average answer time; compare gates count errors per side.
 */
class HaproxyStatsProvider {
    runtime;
    backend;
    serversOf;
    clock;
    type = 'haproxy';
    windows = new WeakMap();
    constructor(runtime, backend, 
    /** The HAProxy servers of a target: a color's server(s), or an instance's own name. */
    serversOf, clock) {
        this.runtime = runtime;
        this.backend = backend;
        this.serversOf = serversOf;
        this.clock = clock;
    }
    async measure(spec, window, signal) {
        let read = this.windows.get(window);
        if (!read)
            this.windows.set(window, (read = this.read(window, signal)));
        const stats = await read;
        if ('phase' in stats)
            return stats;
        // A color that is a pool counts over all its servers; its average weighs each by requests.
        const delta = (target) => {
            const parts = this.serversOf(target).map(server => {
                const a = stats.start.get(server);
                const b = stats.end.get(server);
                if (!a || !b)
                    return undefined;
                // A reload resets the counters: then the window counts from the reload.
                const reset = b.responses < a.responses;
                const from = reset ? { responses: 0, errors5xx: 0, failed: 0, averageMs: 0 } : a;
                return {
                    requests: b.responses - from.responses + (b.failed - from.failed),
                    errors: b.errors5xx - from.errors5xx + (b.failed - from.failed),
                    averageMs: b.averageMs
                };
            });
            if (parts.length === 0 || parts.some(p => p === undefined))
                return undefined;
            const all = parts;
            const requests = all.reduce((sum, p) => sum + p.requests, 0);
            return {
                requests,
                errors: all.reduce((sum, p) => sum + p.errors, 0),
                averageMs: requests === 0
                    ? all[0].averageMs
                    : Math.round(all.reduce((sum, p) => sum + p.averageMs * p.requests, 0) / requests)
            };
        };
        const canary = delta(window.canary.color);
        const baseline = delta(window.stable.color);
        if (!canary)
            return {
                phase: 'error',
                message: `HAProxy backend ${this.backend} has no server ${this.serversOf(window.canary.color).join(', ')}`
            };
        const errorRate = canary.requests === 0 ? 0 : canary.errors / canary.requests;
        const describe = (s) => `${s.requests} requests, ${s.errors} errors, average ${s.averageMs} ms`;
        if (spec.compare === 'baseline') {
            if (!baseline)
                return {
                    phase: 'error',
                    message: `HAProxy backend ${this.backend} has no server ${this.serversOf(window.stable.color).join(', ')}`
                };
            return {
                phase: 'ok',
                message: `canary ${describe(canary)}; baseline ${describe(baseline)}`,
                counts: {
                    canary: { requests: canary.requests, events: canary.errors },
                    baseline: { requests: baseline.requests, events: baseline.errors }
                },
                requests: canary.requests,
                errorRate
            };
        }
        if (canary.requests === 0)
            return { phase: 'no-data', message: 'HAProxy sent the canary no request in the window' };
        return {
            phase: 'ok',
            value: spec.query === 'mean' ? canary.averageMs : errorRate,
            message: `canary ${describe(canary)}`,
            requests: canary.requests,
            errorRate
        };
    }
    async read(window, signal) {
        try {
            const start = readStats(await this.runtime.send(`show stat ${this.backend} 4 -1`), this.backend);
            await this.clock.sleep(window.windowMs, signal);
            const end = readStats(await this.runtime.send(`show stat ${this.backend} 4 -1`), this.backend);
            return { start, end };
        }
        catch (error) {
            return errorMeasurement(error);
        }
    }
}

;// CONCATENATED MODULE: ./src/metrics/served-requests.ts
/**
 * Real requests as a load balancer served them, and what gates read from them. Pure: both the
 * nginx access log and (in counts) HAProxy's statistics end up here.
 */
/**
 * Reads an access log written with the README's JSON log_format. Lines that are not ours (another
 * format, a half-written last line) are counted, not guessed at.
 */
function parseAccessLog(text) {
    const requests = [];
    let unreadable = 0;
    for (const line of text.split('\n')) {
        if (line.trim() === '')
            continue;
        let entry;
        try {
            entry = JSON.parse(line);
        }
        catch {
            unreadable++;
            continue;
        }
        const upstream = lastOf(String(entry.upstream_addr ?? ''));
        const status = Number(entry.status);
        const upstreamTime = Number(lastOf(String(entry.upstream_response_time ?? '')));
        const requestTime = Number(entry.request_time);
        const latency = Number.isFinite(upstreamTime) ? upstreamTime : requestTime;
        if (!upstream || upstream === '-' || !Number.isFinite(status) || !Number.isFinite(latency)) {
            unreadable++;
            continue;
        }
        const uri = String(entry.request_uri ?? '/');
        requests.push({
            upstream,
            status,
            latencyMs: latency * 1000,
            path: uri.split('?')[0]
        });
    }
    return { requests, unreadable };
}
/** nginx lists every backend it tried ("a, b") and internal redirects ("a : b"): the last answered. */
function lastOf(list) {
    const parts = list.split(/\s*[,:]\s+/);
    return (parts[parts.length - 1] ?? '').trim();
}
/**
 * The requests of each side: the canary's and the baseline's backends by address, optionally
 * only those under a path.
 */
function splitBySide(requests, sides, pathPrefix = '') {
    const empty = () => ({ requests: 0, errors: 0, latencies: [] });
    const result = { canary: empty(), baseline: empty() };
    for (const r of requests) {
        if (pathPrefix !== '' && !r.path.startsWith(pathPrefix))
            continue;
        const side = sides.canary.includes(r.upstream)
            ? result.canary
            : sides.baseline.includes(r.upstream)
                ? result.baseline
                : undefined;
        if (!side)
            continue;
        side.requests++;
        if (r.status >= 500)
            side.errors++;
        side.latencies.push(r.latencyMs);
    }
    return result;
}
/** The q-quantile (0..1) of some answer times; undefined when there are none. */
function quantile(latencies, q) {
    if (latencies.length === 0)
        return undefined;
    const sorted = [...latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
/** Answers slower than `thresholdMs`. */
function slowerThan(latencies, thresholdMs) {
    return latencies.filter(ms => ms > thresholdMs).length;
}

;// CONCATENATED MODULE: ./src/metrics/slow-threshold.ts

/** Baseline answer times kept per gate: enough for a steady p99.9, bounded in memory. */
const HISTORY_LIMIT = 20_000;
/** Below this many baseline answers a p99.9 is a guess; p99 is used until then. */
const FOR_P999 = 1000;
/**
 * L for a latency compare gate from the baseline's answer times seen before the window (all of
 * them so far in this rollout, up to HISTORY_LIMIT). The higher the percentile, the rarer "slow"
 * is for the baseline and the sooner a slow tail of the canary stands out: p99.9 once there are
 * enough answers for it, p99 before that. Either way L is fixed before the window's own answers
 * are seen, so both sides are judged against the same L. Pure.
 */
function slowThreshold(history) {
    if (history.length === 0)
        return undefined;
    const high = history.length >= FOR_P999;
    return {
        ms: quantile(history, high ? 0.999 : 0.99),
        source: `the baseline's ${high ? 'p99.9' : 'p99'} over ${history.length} answers before`
    };
}
/** The history with the window's answers added, the oldest dropped past HISTORY_LIMIT. Pure. */
function withAnswers(history, latencies) {
    const all = [...history, ...latencies];
    return all.length > HISTORY_LIMIT ? all.slice(all.length - HISTORY_LIMIT) : all;
}

;// CONCATENATED MODULE: ./src/metrics/nginx-log-provider.ts



/** How much of the log before the first window is read for the baseline's answer times. */
const HISTORY_BYTES = 256 * 1024;
/**
 * Real traffic from nginx's access log (the README's JSON log_format): every request the load
 * balancer forwarded during the window, attributed to the canary or the baseline by the backend
 * that answered it, optionally only under a path. Read from where the window starts, on this
 * machine or through router-command-prefix. Threshold gates judge the canary's own error rate
 * or p50/p95/p99; compare gates count errors, or answers slower than L, per side.
 */
class NginxLogProvider {
    files;
    logFile;
    clock;
    type = 'nginx-log';
    windows = new WeakMap();
    /** Per gate: the baseline's answer times so far, from which the next window's "slow" comes. */
    histories = new Map();
    first = true;
    constructor(files, logFile, clock) {
        this.files = files;
        this.logFile = logFile;
        this.clock = clock;
    }
    async measure(spec, window, signal) {
        let read = this.windows.get(window);
        if (!read)
            this.windows.set(window, (read = this.read(window, signal)));
        const log = await read;
        if ('phase' in log)
            return log;
        const sides = sidesOf(window);
        const { canary, baseline } = splitBySide(log.served, sides, spec.path);
        const where = `${spec.path ? `${spec.path} ` : ''}${log.unreadable ? ` (${log.unreadable} unreadable lines)` : ''}`;
        const summary = {
            requests: canary.requests,
            errorRate: nginx_log_provider_rate(canary),
            p95Ms: quantile(canary.latencies, 0.95)
        };
        if (spec.compare === 'baseline')
            return this.compare(spec, window, log, canary, baseline, where, summary);
        if (canary.requests === 0)
            return { phase: 'no-data', message: `no request ${where}reached the canary in the window` };
        const value = spec.query === 'error-rate'
            ? nginx_log_provider_rate(canary)
            : quantile(canary.latencies, Number(spec.query.slice(1)) / 100);
        return {
            phase: 'ok',
            value,
            message: `canary ${describe(canary)}${where ? ` on ${where.trim()}` : ''}`,
            ...summary
        };
    }
    compare(spec, window, log, canary, baseline, where, summary) {
        if (spec.query !== 'latency') {
            return {
                phase: 'ok',
                message: `canary ${describe(canary)}; baseline ${describe(baseline)}`,
                counts: {
                    canary: { requests: canary.requests, events: canary.errors },
                    baseline: { requests: baseline.requests, events: baseline.errors }
                },
                ...summary
            };
        }
        // "Slow" is fixed before the window's own answers are seen: a stated SLO, or from the
        // baseline's answer times before it (at the start, those logged before the first window).
        const history = this.histories.get(spec.name) ??
            splitBySide(log.before, sidesOf(window), spec.path).baseline.latencies;
        const derived = slowThreshold(history);
        this.histories.set(spec.name, withAnswers(history, baseline.latencies));
        const threshold = spec.latencyThresholdMs ?? derived?.ms;
        if (threshold === undefined)
            return {
                phase: 'no-data',
                message: `no baseline answer times yet to say what "slow" is${where ? ` on ${where.trim()}` : ''}`
            };
        const source = spec.latencyThresholdMs !== undefined ? 'latency-threshold' : derived.source;
        return {
            phase: 'ok',
            message: `slower than ${Math.round(threshold)} ms (${source}): canary ${slowerThan(canary.latencies, threshold)}/${canary.requests}, baseline ${slowerThan(baseline.latencies, threshold)}/${baseline.requests}`,
            counts: {
                canary: { requests: canary.requests, events: slowerThan(canary.latencies, threshold) },
                baseline: { requests: baseline.requests, events: slowerThan(baseline.latencies, threshold) }
            },
            latencyThresholdMs: threshold,
            ...(spec.latencyThresholdMs === undefined ? { latencyThresholdSource: source } : {}),
            ...summary
        };
    }
    /** The log from where the window starts to where it ends (and, the first time, just before). */
    async read(window, signal) {
        try {
            const start = await this.files.size(this.logFile);
            if (start === undefined)
                return { phase: 'error', message: `the access log ${this.logFile} does not exist` };
            const before = this.first
                ? parseAccessLog(await this.files.readFrom(this.logFile, Math.max(0, start - HISTORY_BYTES))).requests
                : [];
            this.first = false;
            await this.clock.sleep(window.windowMs, signal);
            const end = (await this.files.size(this.logFile)) ?? 0;
            // Rotated meanwhile: the new file holds what came after.
            const text = await this.files.readFrom(this.logFile, end < start ? 0 : start);
            const { requests, unreadable } = parseAccessLog(completeLines(text));
            return { served: requests, unreadable, before };
        }
        catch (error) {
            return errorMeasurement(error);
        }
    }
}
/** Up to the last line break: a line still being written belongs to the next window. */
function completeLines(text) {
    const end = text.lastIndexOf('\n');
    return end === -1 ? '' : text.slice(0, end + 1);
}
function nginx_log_provider_rate(side) {
    return side.requests === 0 ? 0 : side.errors / side.requests;
}
function describe(side) {
    const p95 = quantile(side.latencies, 0.95);
    return `${side.requests} requests, ${side.errors} 5xx (${(nginx_log_provider_rate(side) * 100).toFixed(2)}%)${p95 !== undefined ? `, p95 ${Math.round(p95)} ms` : ''}`;
}
/** The backends of each side: a color's one address, or every instance of its pool. */
function sidesOf(window) {
    return {
        canary: [...(window.canary.addresses ?? [window.canary.address])],
        baseline: [...(window.stable.addresses ?? [window.stable.address])]
    };
}

;// CONCATENATED MODULE: ./src/metrics/reported-counts.ts
/** What a command or webhook gate with compare: baseline reports for one window. */
const COUNTS_FORMAT = '{"canary": {"trials": 1200, "events": 96}, "baseline": {"trials": 4800, "events": 480}}';
/**
 * Counts a command or a webhook reported for one window: each side's trials (requests,
 * recommendations shown) and events (errors, clicks). Anything else is an error measurement that
 * says the format; a side with no trials is no data. Pure.
 */
function reportedCounts(text, source) {
    let parsed;
    try {
        parsed = JSON.parse(text.trim().split('\n').pop() ?? '');
    }
    catch {
        return { phase: 'error', message: `${source} printed no JSON counts; print ${COUNTS_FORMAT}` };
    }
    const side = (name) => {
        const value = parsed?.[name];
        const trials = value?.trials ?? value?.requests;
        const events = value?.events;
        const whole = (n) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
        return whole(trials) && whole(events) && events <= trials
            ? { requests: trials, events }
            : undefined;
    };
    const canary = side('canary');
    const baseline = side('baseline');
    if (!canary || !baseline)
        return {
            phase: 'error',
            message: `${source} reported counts that are not whole numbers with events ≤ trials for both sides; print ${COUNTS_FORMAT}`
        };
    if (canary.requests === 0 || baseline.requests === 0)
        return {
            phase: 'no-data',
            message: `${source}: no trials for the ${canary.requests === 0 ? 'canary' : 'baseline'} in the window`
        };
    return {
        phase: 'ok',
        message: `canary ${canary.events}/${canary.requests}, baseline ${baseline.events}/${baseline.requests}`,
        counts: { canary, baseline }
    };
}

;// CONCATENATED MODULE: ./src/metrics/command-provider.ts


/**
 * A check script run at the end of each window. Exit 0 passes, any other exit fails; when it
 * prints JSON {"value": n} the value is judged against max/min instead. With compare: baseline it
 * prints both sides' counts for the window (reported-counts.ts), judged like every compare gate.
 */
class CommandProvider {
    runner;
    clock;
    type = 'command';
    constructor(runner, clock) {
        this.runner = runner;
        this.clock = clock;
    }
    async measure(metric, window, signal) {
        await this.clock.sleep(window.windowMs, signal);
        const env = {
            PD_CANARY_VERSION: window.canary.version,
            PD_CANARY_ADDRESS: window.canary.address,
            /** The canary's color, or the instance of a rolling batch. */
            PD_CANARY_TARGET: window.canary.color,
            PD_STABLE_VERSION: window.stable.version,
            PD_STABLE_ADDRESS: window.stable.address,
            PD_CANARY_WEIGHT: String(window.weight),
            PD_WINDOW_SECONDS: String(Math.round(window.windowMs / 1000)),
            PD_ENVIRONMENT: window.environment
        };
        try {
            const result = await this.runner.run(metric.command ?? [], { env });
            if (metric.compare === 'baseline')
                return result.exitCode === 0
                    ? reportedCounts(result.stdout, metric.name)
                    : {
                        phase: 'error',
                        message: `${metric.name}: exited ${result.exitCode}${command_provider_firstLine(result.stderr)}; no counts`
                    };
            const value = jsonValue(result.stdout);
            if (result.exitCode !== 0)
                return {
                    phase: 'ok',
                    passed: false,
                    message: `${metric.name}: exited ${result.exitCode}${command_provider_firstLine(result.stderr)}`
                };
            if (value !== undefined && (metric.max !== undefined || metric.min !== undefined))
                return { phase: 'ok', value, message: `value ${value}` };
            return { phase: 'ok', passed: true, message: `${metric.name}: exit 0` };
        }
        catch (error) {
            return errorMeasurement(error);
        }
    }
}
function jsonValue(stdout) {
    try {
        const value = JSON.parse(stdout.trim().split('\n').pop() ?? '').value;
        return typeof value === 'number' ? value : undefined;
    }
    catch {
        return undefined;
    }
}
function command_provider_firstLine(text) {
    const line = text.trim().split('\n')[0];
    return line ? ` (${line.slice(0, 100)})` : '';
}

;// CONCATENATED MODULE: ./src/metrics/http-provider.ts


/** Requests in flight at most; a slow target makes the probe send less, not pile up. */
const http_provider_MAX_IN_FLIGHT = 64;
const http_provider_REQUEST_TIMEOUT_MS = 5000;
/**
 * The built-in probe: sends requests at a steady rate to the canary alone (or through the load
 * balancer) for the whole window and reports error rate and latency quantiles. Gates that probe
 * the same URL at the same rate in the same window share one probe. Compare gates probe the
 * stable version too, at the same rate, and count events per version.
 */
class HttpProvider {
    http;
    loadBalancerUrl;
    clock;
    type = 'http';
    shared = new WeakMap();
    constructor(http, 
    /** URL through the load balancer (probe-url), for target: load-balancer. */
    loadBalancerUrl, clock) {
        this.http = http;
        this.loadBalancerUrl = loadBalancerUrl;
        this.clock = clock;
    }
    async measure(metric, window, signal) {
        if (metric.compare === 'baseline')
            return this.compareWithBaseline(metric, window, signal);
        let targets;
        try {
            targets = this.targetsFor(metric, window);
        }
        catch (error) {
            return errorMeasurement(error);
        }
        const url = targets.map(t => t.url).join(', ');
        const result = await this.probeOnce(targets, metric.rate, window, signal);
        if (result.requests === 0)
            return { phase: 'no-data', message: `no request to ${url} completed` };
        const errorRate = result.errors / result.requests;
        const p95Ms = result.latency.quantile(0.95);
        const statistic = metric.query;
        const value = statistic === 'error-rate'
            ? errorRate
            : result.latency.quantile(Number(statistic.slice(1)) / 100);
        if (value === undefined)
            return { phase: 'no-data', message: `no answer from ${url} to time` };
        return {
            phase: 'ok',
            value,
            message: `${url}: ${result.requests} requests, ${result.errors} failed, p95 ${p95Ms} ms`,
            requests: result.requests,
            errorRate,
            p95Ms
        };
    }
    /** Canary and stable probed alike over the same window; events are errors, or answers slower than the threshold. */
    async compareWithBaseline(metric, window, signal) {
        const [canary, baseline] = await Promise.all([
            this.probeOnce(onSide(window.canary, metric), metric.rate, window, signal),
            this.probeOnce(onSide(window.stable, metric), metric.rate, window, signal)
        ]);
        if (canary.requests === 0 || baseline.requests === 0)
            return { phase: 'no-data', message: 'no request to the canary or the baseline completed' };
        let events = (r) => r.errors;
        if (metric.query === 'latency') {
            const threshold = window.latencyThresholdMs ?? metric.latencyThresholdMs;
            if (threshold === undefined)
                return {
                    phase: 'error',
                    message: 'no latency threshold: the baseline p95 could not be measured before the step'
                };
            events = r => r.latency.countAbove(threshold);
        }
        return {
            phase: 'ok',
            message: `canary ${canary.requests} requests, baseline ${baseline.requests}`,
            counts: {
                canary: { requests: canary.requests, events: events(canary) },
                baseline: { requests: baseline.requests, events: events(baseline) }
            },
            requests: canary.requests,
            errorRate: canary.errors / canary.requests,
            p95Ms: canary.latency.quantile(0.95)
        };
    }
    targetsFor(metric, window) {
        if (/^https?:\/\//.test(metric.url))
            return [{ url: metric.url, weight: 1 }];
        if (metric.target === 'load-balancer') {
            if (!this.loadBalancerUrl)
                throw new Error('target: load-balancer needs probe-url');
            return onHost(new URL(this.loadBalancerUrl).origin, metric);
        }
        return onSide(window.canary, metric);
    }
    probeOnce(targets, rate, window, signal) {
        let byKey = this.shared.get(window);
        if (!byKey)
            this.shared.set(window, (byKey = new Map()));
        const key = `${JSON.stringify(targets)}|${rate}`;
        let probe = byKey.get(key);
        if (!probe)
            byKey.set(key, (probe = this.probe(targets, rate, window.windowMs, signal)));
        return probe;
    }
    async probe(targets, rate, windowMs, signal) {
        const result = { requests: 0, errors: 0, latency: new LatencyHistogram() };
        const started = this.clock.now();
        const gapMs = 1000 / rate;
        const inFlight = new Set();
        const nextUrl = weightedTurns(targets);
        for (let sent = 0; !signal.aborted; sent++) {
            const due = started + sent * gapMs;
            if (due - started >= windowMs)
                break;
            const wait = due - this.clock.now();
            if (wait > 0)
                await this.clock.sleep(wait);
            if (inFlight.size >= http_provider_MAX_IN_FLIGHT)
                continue;
            const one = this.once(nextUrl(), result).finally(() => inFlight.delete(one));
            inFlight.add(one);
        }
        await Promise.all(inFlight);
        return result;
    }
    async once(url, result) {
        const started = this.clock.now();
        try {
            const response = await this.http.get(url, http_provider_REQUEST_TIMEOUT_MS);
            result.latency.add(this.clock.now() - started);
            if (response.status < 200 || response.status >= 300)
                result.errors++;
        }
        catch {
            result.errors++;
        }
        result.requests++;
    }
}
/** The gate's paths (or url, or /) on one origin. Pure. */
/** Every instance of a side (a pool's too), each path on each at its weight: instances share alike. */
function onSide(side, metric) {
    const addresses = side.addresses?.length ? side.addresses : [side.address];
    return addresses.flatMap(address => onHost(`http://${address}`, metric));
}
function onHost(origin, metric) {
    if (metric.paths.length > 0)
        return metric.paths.map(p => ({ url: `${origin}${p.path}`, weight: p.weight }));
    return [{ url: `${origin}${metric.url || '/'}`, weight: 1 }];
}
/**
 * Smooth weighted round robin: each URL gets its share of every run of requests, spread out
 * rather than in blocks, so a short window still sees each path in proportion. Pure state.
 */
function weightedTurns(targets) {
    const total = targets.reduce((sum, t) => sum + t.weight, 0);
    const current = targets.map(() => 0);
    return () => {
        let best = 0;
        for (let i = 0; i < targets.length; i++) {
            current[i] += targets[i].weight;
            if (current[i] > current[best])
                best = i;
        }
        current[best] -= total;
        return targets[best].url;
    };
}

;// CONCATENATED MODULE: ./src/metrics/prometheus-provider.ts


const QUERY_TIMEOUT_MS = 5000;
/**
 * A PromQL query at the end of each window, with the window and both versions filled in:
 * {{window}} (e.g. 30s), {{canary_version}}, {{stable_version}}, {{canary_color}} (in a rolling
 * update, the instance's name), {{canary_address}} (its host:port),
 * {{stable_color}}. An empty result is "no data" — not zero, and not a pass. Compare gates run
 * two queries (requests and events, by version) and count per version.
 */
class PrometheusProvider {
    http;
    baseUrl;
    clock;
    type = 'prometheus';
    constructor(http, baseUrl, clock) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }
    async measure(metric, window, signal) {
        if (metric.compare === 'baseline' && !usesWindow(metric.requestsQuery)) {
            // Counters: read at both ends of the window, differenced. Exact counts, nothing
            // extrapolated, and consecutive windows neither overlap nor leave a gap.
            const start = await this.countersPerVersion(metric, window);
            await this.clock.sleep(window.windowMs, signal);
            if ('phase' in start)
                return start;
            const end = await this.countersPerVersion(metric, window);
            if ('phase' in end)
                return end;
            return countsOf(metric, window, {
                requests: differences(start.requests, end.requests),
                events: differences(start.events, end.events)
            });
        }
        await this.clock.sleep(window.windowMs, signal);
        if (metric.compare === 'baseline')
            return this.countsPerVersion(metric, window);
        const answer = await this.query(fillQuery(metric.query, window));
        return 'phase' in answer ? answer : readResult(answer.status, answer.body);
    }
    /** Requests and events per version from two queries over the window (increase()). */
    async countsPerVersion(metric, window) {
        const tables = await this.countersPerVersion(metric, window);
        return 'phase' in tables ? tables : countsOf(metric, window, tables);
    }
    /** The two queries' values per version, as they stand now. */
    async countersPerVersion(metric, window) {
        const [requests, events] = await Promise.all([
            this.vectorByLabel(fillQuery(metric.requestsQuery, window), metric.versionLabel),
            this.vectorByLabel(fillQuery(metric.eventsQuery, window), metric.versionLabel)
        ]);
        if ('phase' in requests)
            return requests;
        if ('phase' in events)
            return events;
        return { requests, events };
    }
    /** An instant vector as label value → number (absent versions are absent), or an error measurement. */
    async vectorByLabel(query, label) {
        const answer = await this.query(query);
        if ('phase' in answer)
            return answer;
        let parsed;
        try {
            parsed = JSON.parse(answer.body);
        }
        catch {
            return {
                phase: 'error',
                message: `Prometheus answered ${answer.status} with a body that is not JSON`
            };
        }
        if (answer.status !== 200 || parsed.status !== 'success')
            return {
                phase: 'error',
                message: `Prometheus answered ${answer.status}: ${parsed.error ?? 'no error given'}`
            };
        if (parsed.data?.resultType !== 'vector')
            return {
                phase: 'error',
                message: `expected an instant vector by ${label}, got ${parsed.data?.resultType}`
            };
        const table = {};
        for (const series of parsed.data.result ?? []) {
            const key = series.metric[label];
            const value = Number(series.value[1]);
            if (key !== undefined && Number.isFinite(value))
                table[key] = (table[key] ?? 0) + value;
        }
        return table;
    }
    async query(query) {
        try {
            const response = await this.http.get(`${this.baseUrl.replace(/\/$/, '')}/api/v1/query?query=${encodeURIComponent(query)}`, QUERY_TIMEOUT_MS);
            return { status: response.status, body: response.body };
        }
        catch (error) {
            return errorMeasurement(new Error(`Prometheus at ${this.baseUrl}: ${error.message}`));
        }
    }
}
/** Canary and baseline counts from per-version tables. Pure. */
function countsOf(metric, window, tables) {
    const canaryVersion = window.canary.version;
    // With no stable release recorded in this environment, the baseline is every other version.
    const count = (table, stable) => Math.round(stable && window.stable.version === ''
        ? Object.entries(table).reduce((sum, [version, n]) => sum + (version === canaryVersion ? 0 : n), 0)
        : (table[stable ? window.stable.version : canaryVersion] ?? 0));
    const canary = { requests: count(tables.requests, false), events: count(tables.events, false) };
    const baseline = { requests: count(tables.requests, true), events: count(tables.events, true) };
    if (canary.requests === 0 || baseline.requests === 0) {
        return {
            phase: 'no-data',
            message: `no requests for ${canary.requests === 0 ? window.canary.version : window.stable.version} in the window (label ${metric.versionLabel})`
        };
    }
    return {
        phase: 'ok',
        message: `canary ${canary.events}/${canary.requests}, baseline ${baseline.events}/${baseline.requests}`,
        counts: { canary, baseline }
    };
}
/**
 * What each counter gained between two reads. A counter lower at the end was reset (its process
 * restarted): it counted from 0, so its end value is what it gained. A version absent at the
 * start started from 0. Pure.
 */
function differences(start, end) {
    const gained = {};
    for (const [version, value] of Object.entries(end)) {
        const before = start[version] ?? 0;
        gained[version] = value >= before ? value - before : value;
    }
    return gained;
}
function fillQuery(query, window) {
    const values = {
        window: `${Math.max(1, Math.round(window.windowMs / 1000))}s`,
        canary_version: window.canary.version,
        stable_version: window.stable.version,
        canary_color: window.canary.color,
        stable_color: window.stable.color,
        // Rolling updates: the instance being judged (its name is canary_color).
        canary_address: window.canary.address
    };
    return query.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name) => values[name] ?? whole);
}
/** Reads a /api/v1/query answer. Pure. */
function readResult(status, body) {
    let parsed;
    try {
        parsed = JSON.parse(body);
    }
    catch {
        return { phase: 'error', message: `Prometheus answered ${status} with a body that is not JSON` };
    }
    if (status !== 200 || parsed.status !== 'success')
        return {
            phase: 'error',
            message: `Prometheus answered ${status}: ${parsed.error ?? 'no error given'}`
        };
    const { resultType, result } = parsed.data ?? {};
    let raw;
    if (resultType === 'scalar')
        raw = result[1];
    else if (resultType === 'vector') {
        const series = result;
        if (series.length === 0)
            return { phase: 'no-data', message: 'the query returned no series' };
        if (series.length > 1)
            return {
                phase: 'error',
                message: `the query returned ${series.length} series; aggregate it to one (e.g. sum(...))`
            };
        raw = series[0].value[1];
    }
    else
        return {
            phase: 'error',
            message: `unsupported result type ${resultType}; use an instant vector or scalar`
        };
    const value = Number(raw);
    if (!Number.isFinite(value))
        return { phase: 'no-data', message: `the query returned ${raw} (no traffic in the window?)` };
    return { phase: 'ok', value, message: `value ${raw}` };
}

;// CONCATENATED MODULE: ./src/metrics/webhook-provider.ts


const webhook_provider_TIMEOUT_MS = 10_000;
/**
 * A gate owned by another system: at the end of each window it is asked, and must answer 2xx.
 * With compare: baseline it answers both sides' counts for the window (reported-counts.ts).
 */
class WebhookProvider {
    http;
    clock;
    type = 'webhook';
    constructor(http, clock) {
        this.http = http;
        this.clock = clock;
    }
    async measure(metric, window, signal) {
        await this.clock.sleep(window.windowMs, signal);
        const body = {
            gate: metric.name,
            environment: window.environment,
            canary: window.canary,
            stable: window.stable,
            weight: window.weight
        };
        try {
            const response = await this.http.post(metric.url, body, webhook_provider_TIMEOUT_MS);
            if (metric.compare === 'baseline')
                return response.status >= 200 && response.status < 300
                    ? reportedCounts(response.body, `${metric.name} (${metric.url})`)
                    : {
                        phase: 'error',
                        message: `${metric.name}: ${metric.url} answered ${response.status}; no counts`
                    };
            const passed = response.status >= 200 && response.status < 300;
            return {
                phase: 'ok',
                passed,
                message: `${metric.name}: ${metric.url} answered ${response.status}`
            };
        }
        catch (error) {
            return errorMeasurement(new Error(`${metric.url}: ${error.message}`));
        }
    }
}

;// CONCATENATED MODULE: ./src/metrics/factory.ts







/** One provider per type, created once per run (the http probe shares its requests between gates). */
function createProviders(deps) {
    const made = new Map();
    return type => {
        let provider = made.get(type);
        if (!provider) {
            provider = create(type, deps);
            made.set(type, provider);
        }
        return provider;
    };
}
function create(type, deps) {
    switch (type) {
        case 'http':
            return new HttpProvider(deps.http, deps.probeUrl, deps.clock);
        case 'prometheus':
            return new PrometheusProvider(deps.http, deps.prometheusUrl, deps.clock);
        case 'command':
            return new CommandProvider(deps.runner, deps.clock);
        case 'webhook':
            return new WebhookProvider(deps.http, deps.clock);
        case 'nginx-log':
            return new NginxLogProvider(deps.files, deps.nginxAccessLog, deps.clock);
        case 'haproxy':
            if (!deps.haproxy)
                throw new BackendError('bug: a haproxy gate without router: haproxy');
            return new HaproxyStatsProvider(deps.haproxy.runtime, deps.haproxy.backend, deps.haproxy.serversOf, deps.clock);
        default:
            throw new BackendError(`bug: no metric provider ${String(type)}`);
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./src/platform/github-retry.ts
const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 500, maxWaitMs: 60_000 };
const SERVER_ERRORS = [500, 502, 503, 504];
/**
 * Whether and when to try a GitHub request again. Pure: server errors and lost connections back
 * off exponentially; rate limits (primary: x-ratelimit-remaining 0; secondary: retry-after) wait as
 * GitHub says; anything else (401, 404, 422 ...) is an answer, not a fault.
 */
function decideRetry(outcome, attempt, nowMs, policy = DEFAULT_RETRY) {
    const last = attempt >= policy.attempts;
    const { status, headers } = outcome;
    if (status === 403 || status === 429) {
        const retryAfter = Number(headers['retry-after']);
        const rateLimited = headers['x-ratelimit-remaining'] === '0';
        if (!rateLimited && !Number.isFinite(retryAfter))
            return { retry: false, why: `${status}` };
        const waitMs = Number.isFinite(retryAfter)
            ? retryAfter * 1000
            : Math.max(0, Number(headers['x-ratelimit-reset']) * 1000 - nowMs) + 250;
        const why = `rate limited (${status}); resets in ${Math.ceil(waitMs / 1000)} s`;
        if (last || !Number.isFinite(waitMs) || waitMs > policy.maxWaitMs)
            return { retry: false, why };
        return { retry: true, delayMs: waitMs, why };
    }
    if (status === undefined || SERVER_ERRORS.includes(status)) {
        const why = status === undefined ? 'no answer' : `server error ${status}`;
        if (last)
            return { retry: false, why };
        return { retry: true, delayMs: policy.baseDelayMs * 2 ** (attempt - 1), why };
    }
    return { retry: false, why: `${status}` };
}

;// CONCATENATED MODULE: ./src/platform/github-permissions.ts
/**
 * The GITHUB_TOKEN permission each call we make needs, so a 403 "Resource not accessible by
 * integration" can say which line to add to the workflow's `permissions:` block. Pure.
 */
function permissionFor(method, urlTemplate) {
    const write = method.toUpperCase() !== 'GET';
    if (/\/deployments(\/|$)/.test(urlTemplate))
        return `deployments: ${write ? 'write' : 'read'}`;
    if (/\/statuses\/\{sha\}$/.test(urlTemplate))
        return 'statuses: write';
    if (/\/actions\/runs\//.test(urlTemplate))
        return 'actions: read';
    return undefined;
}
/** The sentence for a 403 that is not a rate limit. */
function forbiddenMessage(method, urlTemplate, message) {
    // Octokit appends " - <documentation URL>" to GitHub's message.
    const said = message.replace(/ - https?:\/\/\S+$/, '');
    const permission = permissionFor(method, urlTemplate);
    return permission
        ? `GitHub refused ${method} ${urlTemplate} (403: ${said}): the token needs "${permission}". Add it to the permissions: block of the workflow or job.`
        : `GitHub refused ${method} ${urlTemplate} (403: ${said}).`;
}

;// CONCATENATED MODULE: ./src/platform/github-api.ts




/**
 * GitHub through @actions/github's octokit, with our own retry and rate-limit handling wrapped
 * around every request (the plugins' write throttling would space writes a second apart).
 */
class OctokitGitHubApi {
    settings;
    clock;
    log;
    policy;
    requestCount = 0;
    /** Loaded on the first request: a command with a file store never pays for octokit. */
    octokit;
    repo;
    constructor(settings, clock, log, policy = DEFAULT_RETRY) {
        this.settings = settings;
        this.clock = clock;
        this.log = log;
        this.policy = policy;
        this.repo = { owner: settings.owner, repo: settings.repo };
    }
    client() {
        this.octokit ??= __nccwpck_require__.e(/* import() */ 413).then(__nccwpck_require__.bind(__nccwpck_require__, 2413)).then(({ getOctokit }) => {
            const octokit = getOctokit(this.settings.token, {
                baseUrl: this.settings.apiUrl,
                log: { debug: () => { }, info: () => { }, warn: () => { }, error: () => { } }
            });
            octokit.hook.wrap('request', (request, options) => this.withRetries(async () => request(options), options.method, options.url, isCreation(options.method, options.url)));
            return octokit;
        });
        return this.octokit;
    }
    async listDeployments(query) {
        const response = await (await this.client()).rest.repos.listDeployments({
            ...this.repo,
            environment: query.environment,
            task: query.task,
            per_page: query.perPage,
            page: query.page
        });
        return response.data;
    }
    /**
     * Creates a deployment once: when an attempt got no answer or a server error, GitHub may have
     * made it all the same, so the newest deployments are searched for its claim before trying
     * again (a retried POST must not leave two).
     */
    async createDeployment(body) {
        const claim = (0,external_node_crypto_.randomUUID)();
        const payload = { ...body.payload, claim };
        return this.writeOnce('POST /deployments', async () => {
            const response = await (await this.client()).rest.repos.createDeployment({
                ...this.repo,
                ...body,
                payload,
                auto_merge: false,
                required_contexts: []
            });
            if (response.status !== 201)
                throw new BackendError(`GitHub did not create the deployment (${response.status}): ${JSON.stringify(response.data)}`);
            return response.data;
        }, async () => (await this.listDeployments({
            environment: body.environment,
            task: body.task,
            perPage: 10,
            page: 1
        })).find(d => d.payload?.claim === claim));
    }
    async getDeployment(deploymentId) {
        try {
            const response = await (await this.client()).rest.repos.getDeployment({
                ...this.repo,
                deployment_id: deploymentId
            });
            return response.data;
        }
        catch (error) {
            if (/failed: 404/.test(error.message))
                return undefined;
            throw error;
        }
    }
    async listDeploymentStatuses(deploymentId, perPage) {
        const response = await (await this.client()).rest.repos.listDeploymentStatuses({
            ...this.repo,
            deployment_id: deploymentId,
            per_page: perPage
        });
        return response.data;
    }
    async createDeploymentStatus(deploymentId, body) {
        return this.writeOnce(`POST /deployments/${deploymentId}/statuses`, async () => {
            // auto_inactive: false — we mark superseded releases ourselves, with a reason.
            const response = await (await this.client()).rest.repos.createDeploymentStatus({
                ...this.repo,
                deployment_id: deploymentId,
                ...body,
                auto_inactive: false
            });
            return response.data;
        }, 
        // Applied when the newest status is this one (the same transition twice in a row would
        // say nothing new, so taking it for ours is harmless).
        async () => {
            const newest = (await this.listDeploymentStatuses(deploymentId, 100)).reduce((a, b) => (a === undefined || b.id > a.id ? b : a), undefined);
            return newest?.state === body.state && newest.description === body.description
                ? newest
                : undefined;
        });
    }
    async createCommitStatus(sha, body) {
        await (await this.client()).rest.repos.createCommitStatus({ ...this.repo, sha, ...body });
    }
    async getRunStatus(runId) {
        const response = await (await this.client()).rest.actions.getWorkflowRun({
            ...this.repo,
            run_id: Number(runId)
        });
        return response.data.status ?? 'unknown';
    }
    /**
     * A creation that must happen once: tried, and after a failure whose outcome is unknown
     * (no answer, a server error) looked for with `find` before it is tried again.
     */
    async writeOnce(what, create, find) {
        for (let attempt = 1;; attempt++) {
            try {
                return await create();
            }
            catch (error) {
                if (!(error instanceof UnknownOutcome))
                    throw error;
                const decision = decideRetry(error.outcome, attempt, Date.now(), this.policy);
                const found = await find();
                if (found !== undefined) {
                    this.log.info(`GitHub API ${what}: ${error.why}, but it was applied; not sent again`);
                    return found;
                }
                if (!decision.retry)
                    throw new BackendError(`GitHub API ${what} failed: ${decision.why} after ${attempt} attempt(s)`);
                this.log.info(`GitHub API ${what}: ${decision.why} and not applied; retrying in ${Math.round(decision.delayMs)} ms (attempt ${attempt + 1} of ${this.policy.attempts})`);
                await this.clock.sleep(decision.delayMs);
            }
        }
    }
    async withRetries(send, method, url, 
    /** A creation: a server error may hide a write that was applied, so the caller looks first. */
    creation) {
        const what = `${method} ${url}`;
        for (let attempt = 1;; attempt++) {
            this.requestCount += 1;
            try {
                return await send();
            }
            catch (error) {
                const failure = error;
                // Octokit reports a request that got no answer as status 500 without a response.
                const status = failure.response ? failure.status : undefined;
                const decision = decideRetry({ status, headers: failure.response?.headers ?? {} }, attempt, Date.now(), this.policy);
                const unknown = status === undefined || status >= 500;
                if (creation && unknown)
                    throw new UnknownOutcome({ status, headers: failure.response?.headers ?? {} }, decision.why);
                if (!decision.retry) {
                    if (status === 403 && decision.why === '403')
                        throw new BackendError(forbiddenMessage(method, url, github_api_firstLine(failure.message)));
                    throw new BackendError(`GitHub API ${what} failed: ${decision.why}${attempt > 1 ? ` after ${attempt} attempts` : ''} (${github_api_firstLine(failure.message)})`);
                }
                this.log.info(`GitHub API ${what}: ${decision.why}; retrying in ${Math.round(decision.delayMs)} ms (attempt ${attempt + 1} of ${this.policy.attempts})`);
                await this.clock.sleep(decision.delayMs);
            }
        }
    }
}
/** A write that got no answer or a server error: GitHub may or may not have applied it. */
class UnknownOutcome extends Error {
    outcome;
    why;
    constructor(outcome, why) {
        super(why);
        this.outcome = outcome;
        this.why = why;
    }
}
/** Deployments and deployment statuses are creations; commit statuses are idempotent (the latest wins). */
function isCreation(method, url) {
    return (method.toUpperCase() === 'POST' && /\/deployments(\/\{deployment_id\}\/statuses)?$/.test(url));
}
function github_api_firstLine(text) {
    return (text ?? '').split('\n')[0].slice(0, 200);
}

// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __nccwpck_require__(1692);
;// CONCATENATED MODULE: ./src/platform/http-client.ts



/** Bodies past this are cut: health and probe answers are small, and memory stays bounded. */
const http_client_MAX_BODY = 64 * 1024;
class NodeHttpClient {
    get(url, timeoutMs, tls) {
        return this.send('GET', url, undefined, timeoutMs, tls);
    }
    post(url, body, timeoutMs) {
        return this.send('POST', url, JSON.stringify(body), timeoutMs);
    }
    send(method, url, body, timeoutMs, tls = {}) {
        const client = url.startsWith('https:') ? (external_node_https_default()) : (external_node_http_default());
        const headers = { connection: 'close' };
        if (body !== undefined) {
            headers['content-type'] = 'application/json';
            headers['content-length'] = String(Buffer.byteLength(body));
        }
        return new Promise((resolve, reject) => {
            const request = client.request(url, {
                method,
                agent: false,
                headers,
                timeout: timeoutMs,
                // An extra CA adds to the system's, it does not replace them.
                ...(tls.ca !== undefined ? { ca: [...external_node_tls_.rootCertificates, tls.ca] } : {}),
                ...(tls.insecure ? { rejectUnauthorized: false } : {})
            }, response => {
                const chunks = [];
                let size = 0;
                response.on('data', (chunk) => {
                    if (size < http_client_MAX_BODY)
                        chunks.push(chunk);
                    size += chunk.length;
                });
                response.on('end', () => resolve({
                    status: response.statusCode ?? 0,
                    headers: response.headers,
                    body: Buffer.concat(chunks).toString('utf8')
                }));
                response.on('error', reject);
            });
            request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
            request.on('error', reject);
            request.end(body);
        });
    }
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __nccwpck_require__(7030);
var external_node_net_default = /*#__PURE__*/__nccwpck_require__.n(external_node_net_);
;// CONCATENATED MODULE: ./src/platform/haproxy-socket.ts


const haproxy_socket_TIMEOUT_MS = 3000;
/** Talks to the admin socket: a unix socket path, or host:port for a TCP socket. */
class SocketHaproxyRuntime {
    address;
    constructor(address) {
        this.address = address;
    }
    send(command) {
        const tcp = /^([\w.-]+|\[[0-9a-fA-F:]+\]):(\d+)$/.exec(this.address);
        return new Promise((resolve, reject) => {
            const socket = tcp
                ? external_node_net_default().connect(Number(tcp[2]), tcp[1].replace(/^\[|\]$/g, ''))
                : external_node_net_default().connect(this.address);
            let answer = '';
            socket.setTimeout(haproxy_socket_TIMEOUT_MS, () => socket.destroy(new Error(`no answer within ${haproxy_socket_TIMEOUT_MS} ms`)));
            socket.on('connect', () => socket.end(`${command}\n`));
            socket.on('data', chunk => (answer += chunk));
            socket.on('error', error => reject(new BackendError(`HAProxy runtime API at ${this.address}: ${error.message}`)));
            socket.on('close', hadError => {
                if (!hadError)
                    resolve(answer.trim());
            });
        });
    }
}

;// CONCATENATED MODULE: ./src/platform/host-files.ts



function hostFiles(prefix, runner) {
    return prefix.length === 0 ? new LocalFiles() : new PrefixedFiles(prefix, runner);
}
class LocalFiles {
    async modifiedMs(file) {
        try {
            return (await external_node_fs_.promises.stat(file)).mtimeMs;
        }
        catch (error) {
            if (error.code === 'ENOENT')
                return undefined;
            throw new BackendError(`cannot read ${file}: ${error.message}`);
        }
    }
    async size(file) {
        try {
            return (await external_node_fs_.promises.stat(file)).size;
        }
        catch (error) {
            if (error.code === 'ENOENT')
                return undefined;
            throw new BackendError(`cannot read ${file}: ${error.message}`);
        }
    }
    async readFrom(file, offset) {
        let handle;
        try {
            handle = await external_node_fs_.promises.open(file, 'r');
        }
        catch (error) {
            if (error.code === 'ENOENT')
                return '';
            throw new BackendError(`cannot read ${file}: ${error.message}`);
        }
        try {
            const { size } = await handle.stat();
            const length = Math.max(0, size - offset);
            const buffer = Buffer.alloc(length);
            await handle.read(buffer, 0, length, offset);
            return buffer.toString('utf8');
        }
        finally {
            await handle.close();
        }
    }
    async read(file) {
        try {
            return await external_node_fs_.promises.readFile(file, 'utf8');
        }
        catch (error) {
            if (error.code === 'ENOENT')
                return undefined;
            throw new BackendError(`cannot read ${file}: ${error.message}`);
        }
    }
    async writeAtomic(file, content) {
        const real = await external_node_fs_.promises.realpath(file).catch(() => file);
        const kept = await external_node_fs_.promises.stat(real).catch(() => undefined);
        const temp = tempPath(real);
        try {
            await external_node_fs_.promises.writeFile(temp, content, 'utf8');
            if (kept) {
                await external_node_fs_.promises.chmod(temp, kept.mode & 0o7777);
                const owned = await external_node_fs_.promises.chown(temp, kept.uid, kept.gid).then(() => true, () => false);
                if (!owned) {
                    // Renaming would hand the file to this user: write it in place, owner and mode unchanged.
                    await external_node_fs_.promises.rm(temp, { force: true });
                    await external_node_fs_.promises.writeFile(real, content, 'utf8');
                    return;
                }
            }
            await external_node_fs_.promises.rename(temp, real);
        }
        catch (error) {
            await external_node_fs_.promises.rm(temp, { force: true });
            throw new BackendError(`cannot write ${file}: ${error.message}`);
        }
    }
}
/**
 * File operations as commands behind a prefix ("sudo", "ssh deploy@lb1"). ssh hands its words to
 * a remote shell, so after an ssh prefix every word is single-quoted; other prefixes exec directly.
 */
class PrefixedFiles {
    prefix;
    runner;
    constructor(prefix, runner) {
        this.prefix = prefix;
        this.runner = runner;
    }
    async size(file) {
        const result = await this.runner.run(this.argv(['stat', '-c', '%s', file]));
        if (result.exitCode !== 0) {
            if (/No such file/i.test(result.stderr))
                return undefined;
            throw unreachable(file, result);
        }
        return Number(result.stdout.trim());
    }
    async modifiedMs(file) {
        const result = await this.runner.run(this.argv(['stat', '-c', '%.3Y', file]));
        if (result.exitCode !== 0) {
            if (/No such file/i.test(result.stderr))
                return undefined;
            throw unreachable(file, result);
        }
        return Number(result.stdout.trim()) * 1000;
    }
    async readFrom(file, offset) {
        const result = await this.runner.run(this.argv(['tail', '-c', `+${offset + 1}`, file]));
        if (result.exitCode !== 0) {
            if (/No such file/i.test(result.stderr))
                return '';
            throw unreachable(file, result);
        }
        return result.stdout;
    }
    async read(file) {
        const exists = await this.runner.run(this.argv(['test', '-e', file]));
        // `test` says "no" with exit 1 and nothing on stderr; anything else is the way there failing
        // (ssh exits 255, sudo says why), and must not pass for a missing file.
        if (exists.exitCode === 1 && exists.stderr.trim() === '')
            return undefined;
        if (exists.exitCode !== 0)
            throw unreachable(file, exists);
        const result = await this.runner.run(this.argv(['cat', file]));
        if (result.exitCode !== 0)
            throw new BackendError(`cannot read ${file}: ${result.stderr.trim()}`);
        return result.stdout;
    }
    async writeAtomic(file, content) {
        const link = await this.runner.run(this.argv(['readlink', '-f', file]));
        const real = link.exitCode === 0 && link.stdout.trim() !== '' ? link.stdout.trim() : file;
        const stat = await this.runner.run(this.argv(['stat', '-c', '%a %u %g', real]));
        const [mode, uid, gid] = stat.exitCode === 0 ? stat.stdout.trim().split(' ') : [];
        const temp = tempPath(real);
        const steps = [[['tee', temp], `cannot write ${temp}`]];
        if (mode !== undefined)
            steps.push([['chmod', mode, temp], `cannot set the mode of ${temp}`], [['chown', `${uid}:${gid}`, temp], 'chown']);
        for (const [command, what] of steps) {
            const done = await this.runner.run(this.argv(command), {
                input: command[0] === 'tee' ? content : undefined
            });
            if (done.exitCode === 0)
                continue;
            await this.runner.run(this.argv(['rm', '-f', temp]));
            if (what !== 'chown')
                throw new BackendError(`${what}: ${done.stderr.trim()}`);
            // Renaming would hand the file to this user: write it in place, owner and mode unchanged.
            const inPlace = await this.runner.run(this.argv(['tee', real]), { input: content });
            if (inPlace.exitCode !== 0)
                throw new BackendError(`cannot write ${real}: ${inPlace.stderr.trim()}`);
            return;
        }
        const moved = await this.runner.run(this.argv(['mv', '-f', temp, real]));
        if (moved.exitCode !== 0)
            throw new BackendError(`cannot rename ${temp} to ${real}: ${moved.stderr.trim()}`);
    }
    argv(command) {
        return prefixed(this.prefix, command);
    }
}
/** The prefix failed to run the command (no connection, no sudo rule): said as such. */
function unreachable(file, result) {
    const said = result.stderr.trim().split('\n').slice(-3).join(' ') || `exit ${result.exitCode}`;
    return new BackendError(`cannot read ${file} through router-command-prefix: ${said}`);
}
/** A command behind the prefix, quoted for a remote shell when the prefix is ssh. */
function prefixed(prefix, command) {
    if (prefix.length === 0)
        return [...command];
    const viaSsh = external_node_path_default().basename(prefix[0]) === 'ssh';
    return [...prefix, ...(viaSsh ? command.map(shellQuote) : command)];
}
function shellQuote(word) {
    return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
function tempPath(file) {
    return external_node_path_default().join(external_node_path_default().dirname(file), `.${external_node_path_default().basename(file)}.progressive-deploy-${process.pid}.tmp`);
}

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
var external_node_os_default = /*#__PURE__*/__nccwpck_require__.n(external_node_os_namespaceObject);
;// CONCATENATED MODULE: ./src/platform/run-info.ts

/** Who runs this and where to see the run: the GitHub run when there is one, else the local user. */
function runInfo(env = process.env) {
    if (env.GITHUB_ACTOR && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) {
        const server = env.GITHUB_SERVER_URL || 'https://github.com';
        return {
            actor: env.GITHUB_ACTOR,
            runId: env.GITHUB_RUN_ID,
            runUrl: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`,
            process: ''
        };
    }
    return {
        actor: `${env.USER || external_node_os_default().userInfo().username}@${external_node_os_default().hostname()}`,
        runId: '',
        runUrl: '',
        process: `${external_node_os_default().hostname()}:${process.pid}`
    };
}

;// CONCATENATED MODULE: ./src/state/commit-status.ts
/** Posts on the commit under release or test, linking the run. */
class GitHubCommitStatuses {
    api;
    sha;
    runUrl;
    log;
    constructor(api, sha, runUrl, log) {
        this.api = api;
        this.sha = sha;
        this.runUrl = runUrl;
        this.log = log;
    }
    async post(context, state, description, sha = this.sha) {
        const text = description.length <= 140 ? description : `${description.slice(0, 139)}…`;
        await this.api.createCommitStatus(sha, {
            state,
            context,
            description: text,
            ...(this.runUrl ? { target_url: this.runUrl } : {})
        });
        this.log.info(`commit status ${context} on ${sha.slice(0, 7)}: ${state} — ${text}`);
    }
}
/** Outside GitHub, or with commit-status: false. */
const noCommitStatuses = { post: async () => { } };
const rolloutContext = (environment) => `progressive-deploy/${environment}`;
const verifyContext = (environment) => `progressive-deploy/verify (${environment})`;
const PLAN_CONTEXT = 'progressive-deploy/plan';

;// CONCATENATED MODULE: ./src/report/canary-charts.ts
/** Series colours, readable on GitHub's light and dark backgrounds alike. */
const COLOUR = { canary: '#2563eb', limit: '#dc2626', baseline: '#6b7280', weight: '#0d9488' };
/** More windows than this are drawn one point per step: a chart, not a barcode. */
const MAX_POINTS = 60;
/**
 * Mermaid charts of a canary, one point per analysis window: the share of traffic on the canary;
 * its error rate against the gates' limit (and the baseline's, where a compare gate counted it)
 * on a scale that shows the limit; its p95 from 0 with its limit. Pure.
 */
function renderCanaryCharts(steps, limits) {
    const points = chartPoints(steps);
    if (points.length === 0)
        return [];
    const axis = `  x-axis "seconds since the first step began" [${points.map(p => `"${p.atS}"`).join(', ')}]`;
    const lines = [
        ...chart('Share of traffic on the canary (%)', axis, '  y-axis "% of requests" 0 --> 100', [COLOUR.weight], [`  bar [${points.map(p => p.weight).join(', ')}]`]),
        caption(steps, points.length),
        ''
    ];
    if (points.some(p => p.errorRate !== undefined)) {
        const limit = limits.errorRate === undefined ? undefined : limits.errorRate * 100;
        const baseline = points.some(p => p.baselineErrorRate !== undefined);
        const values = points.flatMap(p => [(p.errorRate ?? 0) * 100, (p.baselineErrorRate ?? 0) * 100]);
        const top = niceTop(Math.max(...values, limit ?? 0, 0.1));
        const series = [`  line [${points.map(p => percent(p.errorRate)).join(', ')}]`];
        const colours = [COLOUR.canary];
        const legend = ['**blue**: the canary'];
        if (limit !== undefined) {
            series.push(`  line [${points.map(() => round(limit)).join(', ')}]`);
            colours.push(COLOUR.limit);
            legend.push(`**red**: the limit, ${round(limit)}%`);
        }
        if (baseline) {
            series.push(`  line [${points.map(p => percent(p.baselineErrorRate)).join(', ')}]`);
            colours.push(COLOUR.baseline);
            legend.push('**grey**: the baseline (the stable version, same windows)');
        }
        lines.push(...chart('Error rate (%)', axis, `  y-axis "% of requests failed" 0 --> ${top}`, colours, series), `Lines: ${legend.join(' · ')}.`, '');
    }
    if (points.some(p => p.p95Ms !== undefined)) {
        const limit = limits.p95Ms;
        const top = niceTop(Math.max(...points.map(p => p.p95Ms ?? 0), limit ?? 0, 1));
        const series = [`  line [${points.map(p => Math.round(p.p95Ms ?? 0)).join(', ')}]`];
        const colours = [COLOUR.canary];
        const legend = ['**blue**: the canary'];
        if (limit !== undefined) {
            series.push(`  line [${points.map(() => Math.round(limit)).join(', ')}]`);
            colours.push(COLOUR.limit);
            legend.push(`**red**: the limit, ${Math.round(limit)} ms`);
        }
        lines.push(...chart('p95 latency (ms)', axis, `  y-axis "ms" 0 --> ${top}`, colours, series), `Lines: ${legend.join(' · ')}.`, '');
    }
    return lines;
}
/** What the points are: windows, steps, or one window drawn from its start to its end. */
function caption(steps, points) {
    const windows = steps.reduce((n, s) => n + (s.windows?.length ?? 0), 0);
    if (windows === 1)
        return "Bars: the canary's share of traffic. One analysis window: what it measured is drawn from its start to its end.";
    if (windows === 0 || windows > MAX_POINTS)
        return `Bars: the canary's share of traffic, one point per step (${steps.length} ${steps.length === 1 ? 'step' : 'steps'}${windows > MAX_POINTS ? `; ${windows} analysis windows are too many to draw` : ''}).`;
    return `Bars: the canary's share of traffic in each analysis window (${points} windows).`;
}
function chart(title, axis, yAxis, colours, series) {
    const init = { themeVariables: { xyChart: { plotColorPalette: colours.join(', ') } } };
    return [
        '```mermaid',
        `%%{init: ${JSON.stringify(init)}}%%`,
        'xychart-beta',
        `  title "${title}"`,
        axis,
        yAxis,
        ...series,
        '```',
        ''
    ];
}
/** One point per window, or per step when there are too many; a lone window gets its start too. */
function chartPoints(steps) {
    if (steps.length === 0)
        return [];
    const origin = steps[0].startedAt;
    const seconds = (ms) => Math.round(ms / 100) / 10;
    const perWindow = steps.flatMap(step => (step.windows ?? []).map(w => ({
        atS: seconds(step.startedAt - origin + w.atMs),
        weight: step.weight,
        ...defined({ errorRate: w.errorRate, baselineErrorRate: w.baselineErrorRate, p95Ms: w.p95Ms })
    })));
    const points = perWindow.length > 0 && perWindow.length <= MAX_POINTS
        ? perWindow
        : steps.map(step => ({
            atS: seconds(step.startedAt - origin + step.durationMs),
            weight: step.weight,
            ...defined({ errorRate: step.errorRate, p95Ms: step.p95Ms })
        }));
    // A line needs two points: what one window measured held from its start to its end.
    if (points.length === 1) {
        const step = steps[0];
        const windowMs = step.windows?.[0]?.atMs ?? step.durationMs;
        return [
            { ...points[0], atS: seconds(step.startedAt - origin + windowMs) - seconds(windowMs) },
            ...points
        ];
    }
    return points;
}
function defined(values) {
    return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}
/** A round number above `value` for the top of an axis: 1, 2, 2.5 or 5 times a power of ten. */
function niceTop(value) {
    const target = value * 1.25;
    const power = 10 ** Math.floor(Math.log10(target));
    const step = [1, 2, 2.5, 5, 10].find(f => f * power >= target) ?? 10;
    return Number((step * power).toPrecision(3));
}
function percent(rate) {
    return round((rate ?? 0) * 100);
}
function round(value) {
    return Math.round(value * 100) / 100;
}

;// CONCATENATED MODULE: ./src/report/canary-summary.ts


const VERDICT = { pass: '✅ pass', fail: '❌ fail (abort)', inconclusive: '⏸ inconclusive (pause)' };
/** The canary steps as a table, then charts of every analysis window (canary-charts.ts). */
function renderCanarySteps(steps, limits = {}) {
    if (steps.length === 0)
        return [];
    const lines = [
        '### Canary steps',
        '',
        '| step | weight | requests | error rate | p95 | verdict | duration | why |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        ...steps.map(s => `| ${s.index + 1}/${s.total} | ${s.weight}% | ${s.requests ?? '–'} | ${s.errorRate === undefined ? '–' : `${(s.errorRate * 100).toFixed(2)}%`} | ${s.p95Ms === undefined ? '–' : `${Math.round(s.p95Ms)} ms`} | ${VERDICT[s.outcome]} | ${formatDuration(s.durationMs)} | ${s.reason.replace(/\|/g, '\\|')} |`),
        '',
        ...renderCanaryCharts(steps, limits)
    ];
    return lines;
}
/** One line per step for the terminal. */
function canaryStepsText(steps) {
    return steps.map(s => `  step ${s.index + 1}/${s.total} ${String(s.weight).padStart(3)}%  ${s.outcome.padEnd(12)} ${s.requests ?? '-'} req  ${s.errorRate === undefined ? '' : `${(s.errorRate * 100).toFixed(2)}% errors  `}${s.p95Ms === undefined ? '' : `p95 ${Math.round(s.p95Ms)} ms  `}${formatDuration(s.durationMs)}`);
}

;// CONCATENATED MODULE: ./src/report/fleet-summary.ts

/**
 * Instances × versions over the batches, under its own heading: one row per instance, one column
 * per moment that changed something (a moment equal to the one before is folded into it, as
 * "batch 4/4 · end"). The legend explains only the marks the table uses.
 */
function renderFleet(columns, addresses = {}) {
    if (columns.length === 0)
        return [];
    const shown = foldRepeats(columns);
    const names = Object.keys(columns[0].instances);
    const withAddress = names.some(n => addresses[n]);
    const lines = [
        '### Fleet: version per instance',
        '',
        // A lone column (status) is a moment, not a timeline: no time.
        `| instance |${withAddress ? ' address |' : ''} ${shown.map(c => (shown.length === 1 ? c.label : `${c.label} (${formatDuration(c.atMs)})`)).join(' | ')} |`,
        `| --- |${withAddress ? ' --- |' : ''} ${shown.map(() => '---').join(' | ')} |`
    ];
    for (const name of names)
        lines.push(`| ${name} |${withAddress ? ` ${addresses[name] ?? ''} |` : ''} ${shown.map(c => cell(c.instances[name])).join(' | ')} |`);
    lines.push('');
    const legend = legendFor(shown);
    if (legend)
        lines.push(legend, '');
    return lines;
}
function fleetText(columns, addresses = {}) {
    if (columns.length === 0)
        return [];
    const shown = foldRepeats(columns);
    const names = Object.keys(columns[0].instances);
    // The address sits with the name: "web-1 127.0.0.1:8001".
    const label = (name) => (addresses[name] ? `${name} ${addresses[name]}` : name);
    const width = Math.max(8, ...names.map(n => label(n).length));
    const headers = shown.map(c => c.label);
    const cellWidth = Math.max(...headers.map(h => h.length), ...shown.flatMap(c => names.map(n => cell(c.instances[n]).length))) + 2;
    const lines = [`  ${'instance'.padEnd(width)} ${headers.map(h => h.padEnd(cellWidth)).join('')}`];
    for (const name of names)
        lines.push(`  ${label(name).padEnd(width)} ${shown.map(c => cell(c.instances[name]).padEnd(cellWidth)).join('')}`);
    return lines;
}
/** Consecutive columns that show the same fleet become one, labelled with both moments. */
function foldRepeats(columns) {
    const folded = [];
    for (const column of columns) {
        const last = folded[folded.length - 1];
        if (last && sameFleet(last.instances, column.instances))
            folded[folded.length - 1] = { ...last, label: `${last.label} · ${column.label}` };
        else
            folded.push(column);
    }
    return folded;
}
function sameFleet(a, b) {
    const names = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...names].every(n => a[n]?.version === b[n]?.version && a[n]?.inRotation === b[n]?.inRotation);
}
function legendFor(columns) {
    const states = columns.flatMap(c => Object.values(c.instances));
    const marks = [];
    if (states.some(s => !s.inRotation))
        marks.push('_(drained)_: out of rotation');
    if (states.some(s => s.version === ''))
        marks.push('_?_: no version recorded for the instance (progressive-deploy has not updated it yet, or its deploy did not finish)');
    return marks.length > 0 ? marks.join(' · ') : undefined;
}
function cell(state) {
    if (!state)
        return '';
    const version = state.version === '' ? '?' : state.version;
    return state.inRotation ? version : `${version} (drained)`;
}

;// CONCATENATED MODULE: ./src/report/render.ts



const ICON = { ok: '✅', failed: '❌' };
const RESULT = { success: '✅ success', failure: '❌ failure', 'no-op': '➖ nothing to do' };
/**
 * status and plan report; they have nothing "to do", so they are labelled as what they are. A
 * status that found a problem is still a failure.
 */
function resultLabel(report) {
    const command = report.title.split(' ')[0];
    if (report.result === 'no-op' && (command === 'status' || command === 'plan'))
        return `ℹ️ ${command}`;
    return RESULT[report.result];
}
/** The job summary: headline, steps with timings, where traffic is now, recent history. */
function renderMarkdown(report) {
    const lines = [
        `## progressive-deploy: ${report.title}`,
        '',
        `**${resultLabel(report)}** — ${render_escape(report.headline)}`,
        ''
    ];
    // A rolling update's answer is the fleet: it comes first, the steps that made it after.
    lines.push(...renderFleet(report.fleetColumns, report.fleetAddresses));
    if (report.steps.length > 0) {
        if (report.fleetColumns.length > 0)
            lines.push('### Steps', '');
        lines.push('| step | result | time | detail |', '| --- | --- | --- | --- |');
        for (const s of report.steps) {
            lines.push(`| ${render_escape(s.name)} | ${ICON[s.outcome]} | ${formatDuration(s.durationMs)} | ${render_escape(s.detail)} |`);
        }
        lines.push('');
    }
    lines.push(...renderCanarySteps(report.canarySteps, report.canaryLimits));
    if (report.facts.length > 0) {
        lines.push('| | |', '| --- | --- |', ...report.facts.map(([k, v]) => `| **${render_escape(k)}** | ${render_escape(v)} |`), '');
    }
    const o = report.outputs;
    if (o['active-color']) {
        lines.push(`**Serving now:** ${servingVersion(o.version)} on ${o['active-color']}` +
            (o['idle-color'] ? ` · idle: ${o['idle-color']}` : ''), '');
    }
    if (report.links.length > 0) {
        lines.push(report.links.map(l => `[${render_escape(l.label)}](${l.url})`).join(' · '), '');
    }
    if (report.history.length > 0) {
        lines.push('<details><summary>Recent releases</summary>', '', '| # | version | color | phase | by | updated |', '| --- | --- | --- | --- | --- | --- |');
        for (const r of report.history)
            lines.push(historyRow(r));
        lines.push('', '</details>', '');
    }
    return lines.join('\n');
}
/** The version serving, or why none can be named: no release there was ever recorded. */
function servingVersion(version) {
    return version || 'a version no release recorded (it was there before progressive-deploy)';
}
/** The same for a terminal. */
function renderText(report) {
    const lines = ['', `progressive-deploy ${report.title}: ${report.result} — ${report.headline}`];
    for (const s of report.steps) {
        lines.push(`  ${s.outcome === 'ok' ? 'ok    ' : 'FAILED'} ${s.name.padEnd(42)} ${formatDuration(s.durationMs).padStart(9)}  ${s.detail}`);
    }
    lines.push(...canaryStepsText(report.canarySteps));
    lines.push(...fleetText(report.fleetColumns, report.fleetAddresses));
    for (const [k, v] of report.facts)
        lines.push(`  ${k.padEnd(24)} ${v}`);
    const o = report.outputs;
    if (o['active-color'])
        lines.push(`  serving now: ${servingVersion(o.version)} on ${o['active-color']}`);
    if (report.history.length > 0) {
        lines.push('  recent releases:');
        for (const r of report.history) {
            lines.push(`    #${r.id} ${r.version.padEnd(16)} ${r.color.padEnd(6)} ${r.phase.padEnd(12)} ${r.updatedAt}  ${render_lastDescription(r)}`);
        }
    }
    return lines.join('\n');
}
function historyRow(r) {
    const by = r.runUrl ? `[${render_escape(r.actor)}](${r.runUrl})` : render_escape(r.actor);
    return `| ${r.id} | ${render_escape(r.version)} | ${r.color} | ${r.phase} | ${by} | ${r.updatedAt} |`;
}
function render_lastDescription(r) {
    return r.events[r.events.length - 1]?.description ?? '';
}
function render_escape(text) {
    return text.replace(/\|/g, '\\|').replace(/\n/g, ' ').replace(/</g, '&lt;');
}

;// CONCATENATED MODULE: ./src/report/report.ts
/**
 * What one command did, step by step, for the job summary and the console. Steps print a
 * progress line as they start and end, so a slow step is visible while it runs.
 */
class Report {
    title;
    clock;
    log;
    steps = [];
    /** Set once, by run.ts, from the command's outcome. */
    outputs = {};
    result = 'success';
    /** One sentence: what this command achieved or why it stopped. */
    headline = '';
    history = [];
    /** Canary steps as they were judged, for the step table and the chart. */
    canarySteps = [];
    /** The gates' absolute limits, for the charts' limit lines. */
    canaryLimits = {};
    /** Rolling updates: the fleet at the start and after every batch. */
    fleetColumns = [];
    /** Rolling updates: each instance's address, a column of the fleet table. */
    fleetAddresses = {};
    /** A two-column table (the plan, for instance). */
    facts = [];
    /** Where to look next: the run, the environment's deployments. */
    links = [];
    constructor(title, clock, log) {
        this.title = title;
        this.clock = clock;
        this.log = log;
    }
    /** Runs `work` as a named step; its return value is its detail line. Throws what `work` throws. */
    async step(name, work) {
        this.log.info(`▶ ${name}`);
        const started = this.clock.now();
        try {
            const detail = await work();
            this.record(name, 'ok', this.clock.now() - started, detail);
        }
        catch (error) {
            this.record(name, 'failed', this.clock.now() - started, report_firstLine(error.message));
            throw error;
        }
    }
    /** Records a step whose failure is an outcome (a failed check), not an exception. */
    record(name, outcome, durationMs, detail) {
        this.steps.push({
            name,
            outcome,
            startedAtMs: this.clock.now() - durationMs,
            durationMs,
            detail
        });
        this.log.info(`${outcome === 'ok' ? '✔' : '✖'} ${name} (${Math.round(durationMs)} ms)${detail ? `: ${detail}` : ''}`);
    }
    /** The command's ending: run.ts calls this once, from the outcome. */
    conclude(result, headline, outputs) {
        this.result = result;
        this.headline = headline;
        this.outputs = outputs;
    }
}
function report_firstLine(text) {
    return text.split('\n')[0];
}

;// CONCATENATED MODULE: ./src/routers/confirmation.ts
/**
 * The router's own state showed the change (`routerSays`); a probe sample, when there is one,
 * either agrees or contradicts it. Pure.
 */
function confirmWithSample(routerSays, sample) {
    if (!sample)
        return { held: true, detail: routerSays };
    const others = Object.entries(sample.fromOthers).filter(([, n]) => n > 0);
    const failed = sample.failed > 0 ? `; ${sample.failed} probe requests failed` : '';
    if (others.length > 0) {
        const named = others.map(([name, n]) => `${n} from ${name}`).join(', ');
        return {
            held: false,
            detail: `${routerSays}, yet ${sample.answers} probe answers after it had ${named}${failed}`
        };
    }
    if (sample.fromTarget === 0)
        return {
            held: true,
            detail: `${routerSays}; the probe got no answer in ${Math.round(sample.elapsedMs)} ms${failed}`
        };
    return {
        held: true,
        detail: `${routerSays}; ${sample.fromTarget} of ${sample.answers} probe answers from ${sample.target}${failed}`
    };
}

;// CONCATENATED MODULE: ./src/routers/haproxy-router.ts



/**
 * HAProxy through its runtime API: weights and server states change without a reload. Runtime
 * changes do not survive a reload, so verify() re-applies a split that HAProxy no longer holds.
 */
class HaproxyRouter {
    settings;
    runtime;
    probe;
    log;
    type = 'haproxy';
    /** The runtime API changes what the next connection gets, in every thread. */
    timing = 'at-once';
    constructor(settings, runtime, probe, log) {
        this.settings = settings;
        this.runtime = runtime;
        this.probe = probe;
        this.log = log;
    }
    /** Weights as HAProxy holds them; a server not in the ready state takes no new traffic (0). */
    async getWeights() {
        const states = await this.serverStates();
        const raw = {};
        for (const [target, server] of Object.entries(this.settings.servers)) {
            const state = states.get(server);
            if (!state)
                throw new BackendError(`HAProxy backend ${this.settings.backend} has no server "${server}" (for ${target}); check haproxy-backend and the server names.`);
            raw[target] = state.adminState === 0 ? state.weight : 0;
        }
        return toPercentages(raw);
    }
    /** The canary of the last change, so a split applied again after a reload keeps it. */
    canary;
    async setWeights(weights, canary) {
        if (!Object.values(weights).some(w => w > 0)) {
            throw new BackendError('refusing a split that leaves no server taking traffic; nothing was changed.');
        }
        await this.probe?.ready();
        const before = await this.getWeights();
        // Raise first, lower after: at no moment does every server stand at 0. All of it is one
        // runtime-API request, run by HAProxy in one go: no other command (and no other run of this
        // tool) comes between, and the split is mixed only for the microseconds between two lines.
        const order = Object.entries(weights).sort(([a, wa], [b, wb]) => wb - (before[b] ?? 0) - (wa - (before[a] ?? 0)));
        try {
            await this.commands([
                ...order.flatMap(([target, weight]) => this.applying(target, weight)),
                ...this.mapping(weights, canary)
            ]);
            this.canary = canary;
        }
        catch (error) {
            await this.commands(Object.entries(before).flatMap(([target, weight]) => this.applying(target, weight))).catch(() => { });
            throw new BackendError(`${error.message}\nThe previous split was put back.`);
        }
    }
    async drain(targets) {
        const weights = await this.getWeights();
        if (!Object.entries(weights).some(([name, w]) => !targets.includes(name) && w > 0)) {
            throw new BackendError(`refusing to drain ${targets.join(', ')}: no other server would take traffic.`);
        }
        await this.probe?.ready();
        await this.commands(targets.map(t => `set server ${this.server(t)} state drain`));
    }
    async enable(targets) {
        await this.probe?.ready();
        await this.commands(targets.map(t => `set server ${this.server(t)} state ready`));
    }
    /** Current sessions on the server (scur in `show stat`). */
    async inFlight(target) {
        const server = this.settings.servers[target];
        const csv = await this.runtime.send(`show stat ${this.settings.backend} 4 -1`);
        const lines = csv.split('\n');
        const header = (lines[0] ?? '').replace(/^# /, '').split(',');
        const [px, sv, scur] = ['pxname', 'svname', 'scur'].map(name => header.indexOf(name));
        for (const line of lines.slice(1)) {
            const fields = line.split(',');
            if (fields[px] === this.settings.backend && fields[sv] === server)
                return Number(fields[scur]);
        }
        return undefined;
    }
    /**
     * HAProxy's runtime state is the truth for new requests: read back (and applied again when a
     * reload dropped it); with all traffic on one target, a probe sample agrees or contradicts.
     */
    async verify(weights) {
        const held = await this.getWeights();
        if (differs(held, weights)) {
            this.log.warn(`HAProxy holds ${describeSplit(held)} instead of ${describeSplit(weights)} (reloaded since?); applying it again.`);
            await this.setWeights(weights, this.canary);
            const again = await this.getWeights();
            if (differs(again, weights))
                return {
                    held: false,
                    detail: `HAProxy holds ${describeSplit(again)} instead of ${describeSplit(weights)}, even after applying it again`
                };
        }
        const sole = soleTarget(weights);
        if (sole !== undefined && this.probe)
            return confirmWithSample(`HAProxy holds 100% ${sole}`, await this.probe.sample(sole, this.timing));
        return { held: true, detail: `HAProxy holds ${describeSplit(weights)}` };
    }
    /** The commands that give a target its weight (and take it out of drain when it has one). */
    applying(target, weight) {
        const server = this.server(target);
        const set = `set weight ${server} ${Math.round(weight)}`;
        return weight > 0 ? [set, `set server ${server} state ready`] : [set];
    }
    /** The map entries sticky users and canary-match are routed by; none without a map. */
    mapping(weights, canary) {
        const map = this.settings.canaryMap;
        if (map === undefined)
            return [];
        const server = canary === undefined ? 'none' : this.settings.servers[canary];
        const limit = canary === undefined ? 0 : Math.round((weights[canary] ?? 0) * 100);
        return [`set map ${map} canary ${server}`, `set map ${map} limit ${limit}`];
    }
    server(target) {
        const name = this.settings.servers[target];
        if (!name)
            throw new Error(`bug: no HAProxy server for ${target}`);
        return `${this.settings.backend}/${name}`;
    }
    /**
     * Runs commands as one request (HAProxy runs `a; b; c` in order, in one go); it answers nothing
     * for a command that succeeded and a message for one it refused.
     */
    async commands(commands) {
        if (commands.length === 0)
            return;
        const request = commands.join('; ');
        const answer = await this.runtime.send(request);
        if (answer === '')
            return;
        const fix = /map/i.test(answer)
            ? ' Create the map file (examples/haproxy/progressive-deploy.map) and use it in the backend as examples/haproxy/progressive-deploy-sticky.cfg does, reload HAProxy once, and give its path in haproxy-map.'
            : '';
        throw new BackendError(`HAProxy refused "${request}": ${answer.trim()}.${fix}`);
    }
    async serverStates() {
        const answer = await this.runtime.send(`show servers state ${this.settings.backend}`);
        if (/^(No such backend|Can't find backend)/i.test(answer)) {
            throw new BackendError(`HAProxy has no backend "${this.settings.backend}"; set haproxy-backend to the backend that serves the service.`);
        }
        // Format 1: be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight ...
        const states = new Map();
        for (const line of answer.split('\n')) {
            if (line.startsWith('#') || !/^\d/.test(line))
                continue;
            const f = line.trim().split(/\s+/);
            if (f[1] === this.settings.backend)
                states.set(f[3], { weight: Number(f[7]), adminState: Number(f[6]) });
        }
        return states;
    }
}
function differs(held, wanted) {
    return Object.entries(wanted).some(([target, w]) => Math.abs((held[target] ?? 0) - w) > 0.5);
}

;// CONCATENATED MODULE: ./src/routers/nginx-upstream.ts
/**
 * The server lines for a split. Weights are percentages; nginx's weighted round robin then gives
 * exactly that share. A target at 0 is kept, marked `down`, so the file always says where every
 * color lives.
 */
function serverLines(targets, weights) {
    return targets.map(target => {
        const weight = Math.round(weights[target.name] ?? 0);
        const state = weight > 0 ? `weight=${weight}` : 'down';
        return `    server ${target.address} ${state}; # ${target.name}`;
    });
}
/**
 * Reads the split back from an upstream file, ours or the user's first hand-written one. Servers
 * are matched to targets by address; a server with no weight counts 1, `down` and `backup` 0.
 * Returns raw weights (not percentages) and any server that matches no target.
 */
function parseUpstream(text, name, targets) {
    const block = findBlock(stripComments(text), name);
    const weights = Object.fromEntries(targets.map(t => [t.name, 0]));
    const unknown = [];
    if (block === undefined)
        return { weights, unknown, found: false };
    for (const statement of block.split(';')) {
        const words = statement.trim().split(/\s+/);
        if (words[0] !== 'server' || words.length < 2)
            continue;
        const target = targets.find(t => t.address === words[1]);
        if (!target) {
            unknown.push(words[1]);
            continue;
        }
        const params = words.slice(2);
        const weightParam = params.find(p => p.startsWith('weight='));
        const off = params.includes('down') || params.includes('backup');
        weights[target.name] += off ? 0 : weightParam ? Number(weightParam.slice('weight='.length)) : 1;
    }
    return { weights, unknown, found: true };
}
function stripComments(text) {
    return text.replace(/#[^\n]*/g, '');
}
function findBlock(text, name) {
    const start = new RegExp(`upstream\\s+${name.replace(/[.]/g, '\\.')}\\s*\\{`).exec(text);
    if (!start)
        return undefined;
    const end = text.indexOf('}', start.index + start[0].length);
    return end === -1 ? undefined : text.slice(start.index + start[0].length, end);
}

;// CONCATENATED MODULE: ./src/routers/nginx-upstream-edit.ts


const MARKER = '# The server lines of this upstream are managed by progressive-deploy; its other lines are kept.';
/** What earlier versions wrote at the top; replaced by MARKER at the next change. */
const OLD_MARKER = '# Managed by progressive-deploy. Edits by hand are overwritten at the next switch.';
/**
 * Rewrites only the server lines of `upstream <name>` in the file as it is: every other directive
 * in the block (keepalive, zone, least_conn, hash …) and its comment stay, in order, and the text
 * around the block stays byte for byte. The new server lines take the place of the first old one.
 * Refuses, naming the fix, a file whose block it cannot take apart safely. Pure.
 */
function rewriteUpstream(previous, name, targets, weights) {
    const block = locateBlock(previous, name);
    if (!block) {
        throw ConfigurationError.single('nginx-upstream-name', `the upstream file has no "upstream ${name} { ... }" block; set nginx-upstream-name to the upstream it defines. Nothing was changed.`);
    }
    const kept = [];
    let serversAt;
    for (const item of blockItems(previous.slice(block.bodyStart, block.bodyEnd), name)) {
        if (item.kind === 'statement' && /^server\s/.test(item.text)) {
            serversAt ??= kept.length;
            continue;
        }
        kept.push(`    ${item.text}${item.comment ? ` ${item.comment}` : ''}`);
    }
    const servers = serverLines(targets, weights);
    kept.splice(serversAt ?? kept.length, 0, ...servers);
    const before = previous.slice(0, block.start);
    const after = previous.slice(block.bodyEnd + 1);
    return withMarker(`${before}upstream ${name} {\n${kept.join('\n')}\n}${after}`);
}
function withMarker(text) {
    if (text.includes(MARKER))
        return text;
    if (text.includes(OLD_MARKER))
        return text.replace(OLD_MARKER, MARKER);
    return `${MARKER}\n${text}`;
}
/**
 * The block's body as statements (with a comment on their line) and comment lines. Quotes and
 * comments are respected so a ";" or "}" inside them ends nothing.
 */
function blockItems(body, name) {
    const items = [];
    let current = '';
    let lineHasStatement = false;
    for (let i = 0; i < body.length; i++) {
        const c = body[i];
        if (c === '#') {
            const end = body.indexOf('\n', i);
            const comment = body.slice(i, end === -1 ? body.length : end).trimEnd();
            const last = items[items.length - 1];
            if (current.trim() !== '')
                current += ' ';
            else if (lineHasStatement && last?.kind === 'statement' && !last.comment)
                last.comment = comment;
            else
                items.push({ kind: 'comment', text: comment });
            i = end === -1 ? body.length : end - 1;
            continue;
        }
        if (c === '"' || c === "'") {
            const end = body.indexOf(c, i + 1);
            if (end === -1)
                break;
            current += body.slice(i, end + 1);
            i = end;
            continue;
        }
        if (c === '\n') {
            lineHasStatement = false;
            if (/^\s*server\s/.test(current))
                refuseLayout(name, 'a server line spans several lines');
        }
        if (c === ';') {
            items.push({ kind: 'statement', text: `${current.trim().replace(/\s+/g, ' ')};` });
            current = '';
            lineHasStatement = true;
            continue;
        }
        current += c;
    }
    if (current.trim() !== '')
        refuseLayout(name, `"${current.trim().slice(0, 40)}" has no ";"`);
    return items;
}
function refuseLayout(name, problem) {
    throw ConfigurationError.single('nginx-upstream-file', `the "upstream ${name}" block cannot be rewritten safely: ${problem}. Write each server line on one line of its own (server ADDRESS [parameters];); other directives may stay as they are. Nothing was changed.`);
}
/**
 * Where `upstream <name> {` starts and its body ends (the closing brace), outside comments and
 * quotes; upstream blocks hold no nested blocks.
 */
function locateBlock(text, name) {
    const masked = maskCommentsAndQuotes(text);
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const start = new RegExp(`(^|[\\s;}])upstream\\s+${escaped}\\s*\\{`).exec(masked);
    if (!start)
        return undefined;
    const from = start.index + start[1].length;
    const bodyStart = start.index + start[0].length;
    const bodyEnd = masked.indexOf('}', bodyStart);
    return bodyEnd === -1 ? undefined : { start: from, bodyStart, bodyEnd };
}
/** The text with comments and quoted strings blanked out, offsets unchanged. */
function maskCommentsAndQuotes(text) {
    let out = '';
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '#' || c === '"' || c === "'") {
            const close = c === '#' ? '\n' : c;
            const end = text.indexOf(close, i + 1);
            const stop = end === -1 ? text.length : c === '#' ? end : end + 1;
            out += text.slice(i, stop).replace(/[^\n]/g, ' ');
            i = stop - 1;
            continue;
        }
        out += c;
    }
    return out;
}

;// CONCATENATED MODULE: ./src/routers/nginx-workers.ts
const PID = /^\d{1,10}$/;
async function acceptingWorkers(files, pidFile) {
    try {
        const master = (await files.read(pidFile))?.trim() ?? '';
        // Everything read here ends up in a path: digits only.
        if (!PID.test(master))
            return { unreadable: `no nginx master pid in ${pidFile}` };
        const children = await files.read(`/proc/${master}/task/${master}/children`);
        if (children === undefined)
            return { unreadable: `/proc/${master}/task/${master}/children cannot be read` };
        const pids = [];
        for (const child of children.trim().split(/\s+/).filter(Boolean)) {
            if (!PID.test(child))
                continue;
            // nginx writes its process title over argv: "nginx: worker process[ is shutting down]".
            // A child that exits while it is read (an old worker done) accepts nothing.
            const title = await files.read(`/proc/${child}/cmdline`).catch(() => undefined);
            if (isAcceptingWorker((title ?? '').replace(/\0+/g, ' ')))
                pids.push(Number(child));
        }
        return { pids };
    }
    catch (error) {
        return { unreadable: error.message };
    }
}
/** A worker that still takes new connections, from its process title. Pure. */
function isAcceptingWorker(title) {
    return /nginx: worker process/.test(title) && !/shutting down/.test(title);
}
/**
 * Where nginx keeps its pid file, from the configuration it tests (`nginx -T`) or, without a
 * `pid` directive, from how it was built (`nginx -V`). A relative path is under the prefix. Pure.
 */
function pidFileOf(dumpedConfig, buildInfo, prefix) {
    const directive = /^\s*pid\s+("?)([^";\s]+)\1\s*;/m.exec(dumpedConfig)?.[2];
    const built = /--pid-path=(\S+)/.exec(buildInfo)?.[1];
    const file = directive ?? built;
    if (file === undefined)
        return undefined;
    if (file.startsWith('/'))
        return file;
    const base = prefix || /--prefix=(\S+)/.exec(buildInfo)?.[1] || '';
    return base === '' ? undefined : `${base.replace(/\/$/, '')}/${file}`;
}
/** Linux reports process start times in clock ticks of this many per second (USER_HZ). */
const TICKS_PER_SECOND = 100;
/**
 * When the accepting workers were started (ms since the epoch): the last time nginx loaded its
 * configuration. undefined when /proc cannot tell.
 */
async function loadedAtMs(files, pids) {
    if (pids.length === 0)
        return undefined;
    const boot = /^btime (\d+)$/m.exec((await files.read('/proc/stat')) ?? '')?.[1];
    if (boot === undefined)
        return undefined;
    const starts = [];
    for (const pid of pids) {
        const stat = await files.read(`/proc/${pid}/stat`).catch(() => undefined);
        const ticks = stat === undefined ? undefined : startTicks(stat);
        if (ticks !== undefined)
            starts.push(Number(boot) * 1000 + (ticks * 1000) / TICKS_PER_SECOND);
    }
    return starts.length === 0 ? undefined : Math.min(...starts);
}
/** Field 22 of /proc/<pid>/stat (after the parenthesised name, which may hold spaces). Pure. */
function startTicks(stat) {
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const value = Number(rest[19]);
    return Number.isFinite(value) ? value : undefined;
}

;// CONCATENATED MODULE: ./src/routers/nginx-router.ts







/**
 * nginx has no runtime API in its open-source build, so every change is: write the upstream
 * include atomically, `nginx -t` the whole config, graceful reload. Any failure puts the previous
 * file back, so the running nginx (which never loaded the new file) and the file agree again.
 * A change is shown by nginx itself: after the reload, only workers started by it accept
 * connections (see nginx-workers.ts); a probe sample then agrees or contradicts.
 */
class NginxRouter {
    settings;
    targets;
    files;
    runner;
    probe;
    clock;
    reloadTimeoutMs;
    log;
    type = 'nginx';
    /** After a reload, old workers keep answering for a while. */
    timing = 'settling';
    /** The split before the last change: how hard a switch must be confirmed depends on it. */
    before = {};
    /** Where nginx keeps its pid file; found at the first change (null: it cannot be told). */
    pidFile;
    /** The workers that accepted connections before the last reload, until verify() sees them go. */
    workersBefore;
    constructor(settings, targets, files, runner, probe, clock, 
    /** How long a reload may take to show in nginx's workers. */
    reloadTimeoutMs, log) {
        this.settings = settings;
        this.targets = targets;
        this.files = files;
        this.runner = runner;
        this.probe = probe;
        this.clock = clock;
        this.reloadTimeoutMs = reloadTimeoutMs;
        this.log = log;
    }
    async getWeights() {
        const fromFile = await this.fileWeights();
        return (await this.servedUnlikeFile(fromFile)) ?? fromFile;
    }
    /** The split the include file holds (what nginx runs once it has loaded the file). */
    async fileWeights() {
        const text = await this.files.read(this.settings.upstreamFile);
        if (text === undefined) {
            throw ConfigurationError.single('nginx-upstream-file', `${this.settings.upstreamFile} does not exist. Create it with an upstream block for the live color and include it from your nginx config.`);
        }
        const parsed = parseUpstream(text, this.settings.upstreamName, this.targets);
        if (!parsed.found) {
            throw ConfigurationError.single('nginx-upstream-name', `${this.settings.upstreamFile} has no "upstream ${this.settings.upstreamName} { ... }" block; set nginx-upstream-name to the upstream it defines.`);
        }
        if (parsed.unknown.length > 0) {
            this.log.warn(`${this.settings.upstreamFile} lists ${parsed.unknown.join(', ')}, which matches none of ${this.targets.map(t => t.name).join(', ')}; it is dropped at the next change.`);
        }
        return toPercentages(parsed.weights);
    }
    /**
     * The file is what nginx runs only if nginx loaded it after it was written. A change cut short
     * (a link that dropped before the reload) leaves a file nginx never loaded: then what answers
     * is the truth, by a probe sample; without a probe the split cannot be told, and that is said.
     * undefined: the file is what runs (or nothing shows otherwise).
     */
    async servedUnlikeFile(fromFile) {
        const file = this.settings.upstreamFile;
        const pidFile = await this.knownPidFile();
        if (!pidFile)
            return undefined;
        const workers = await acceptingWorkers(this.files, pidFile);
        if ('unreadable' in workers)
            return undefined;
        const [loaded, written] = await Promise.all([
            loadedAtMs(this.files, workers.pids),
            this.files.modifiedMs(file).catch(() => undefined)
        ]);
        // The kernel gives the boot time in whole seconds, so `loaded` may be early by up to 1 s:
        // only a file written more than that after it counts (a change cut within a second of the
        // previous reload is not seen here).
        if (loaded === undefined || written === undefined || written <= loaded + 1000)
            return undefined;
        const when = `${file} was changed ${Math.round((written - loaded) / 1000)} s after nginx last loaded it (a change cut short, or an edit by hand)`;
        if (!this.probe)
            throw new BackendError(`${when}: it says ${nginx_router_describe(fromFile)}, but nginx runs what it loaded before, and without probe-url that cannot be told. Check the file and reload nginx, or set probe-url.`);
        const served = toPercentages(await this.probe.spread());
        this.log.warn(`${when}: it says ${nginx_router_describe(fromFile)}, but nginx serves ${nginx_router_describe(served)} (probe answers); the next change rewrites and reloads it.`);
        return served;
    }
    /** The pid file, found once from the tested configuration (and build) of nginx. */
    async knownPidFile() {
        if (this.pidFile === undefined) {
            const dumped = await this.nginx(['-T'], 'nginx -t rejected the configuration').catch(() => undefined);
            if (dumped === undefined)
                return null;
            await this.workers(dumped);
        }
        return this.pidFile ?? null;
    }
    async setWeights(weights) {
        this.assertServable(weights);
        await this.probe?.ready();
        const file = this.settings.upstreamFile;
        const previous = await this.files.read(file);
        if (previous === undefined) {
            throw ConfigurationError.single('nginx-upstream-file', `${file} does not exist; nothing was changed.`);
        }
        this.before = toPercentages(parseUpstream(previous, this.settings.upstreamName, this.targets).weights);
        await this.files.writeAtomic(file, rewriteUpstream(previous, this.settings.upstreamName, this.targets, weights));
        let reloadSent = false;
        try {
            // -T tests like -t and prints the configuration, which names the pid file.
            const dumped = await this.nginx(['-T'], 'nginx -t rejected the new configuration');
            const workersBefore = await this.workers(dumped);
            reloadSent = true;
            await this.nginx(['-s', 'reload'], 'nginx reload failed');
            this.workersBefore = workersBefore;
        }
        catch (error) {
            // nginx answered "no" (its own exit code): nothing was reloaded. No answer at all (ssh
            // exits 255 when the link drops) may mean nginx acted on it: reload the restored file too.
            const exitCode = error.exitCode;
            const unknown = reloadSent && (exitCode === undefined || exitCode === 255);
            throw await this.putBack(file, previous, unknown, error.message);
        }
    }
    /**
     * After a failed change: the previous file back, and, when a reload was sent (a cut link can
     * lose its answer after nginx acted on it), a reload of that file too. The error says what is
     * true now, including that the change may be half done when putting it back failed.
     */
    async putBack(file, previous, mayHaveReloaded, failure) {
        try {
            await this.files.writeAtomic(file, previous);
        }
        catch (error) {
            return new BackendError(`${failure}\n${file} could not be put back (${error.message}): it may hold the new split${mayHaveReloaded ? ', and nginx may already run it' : ', which nginx loads at its next reload'}. Check the load balancer before the next change.`);
        }
        if (!mayHaveReloaded)
            return new BackendError(`${failure}\n${file} was restored; traffic stays where it was.`);
        try {
            await this.nginx(['-s', 'reload'], 'nginx reload of the restored file failed');
        }
        catch (error) {
            return new BackendError(`${failure}\n${file} was restored, but nginx could not be reloaded with it (${error.message}); nginx may hold the new split until its next reload.`);
        }
        return new BackendError(`${failure}\n${file} was restored and nginx reloaded with it; traffic is where it was.`);
    }
    /** One file change and one reload for the whole batch. */
    async drain(targets) {
        const weights = { ...(await this.getWeights()) };
        for (const target of targets)
            weights[target] = 0;
        await this.setWeights(weights);
    }
    /** Back in rotation with the same weight as its peers (a fleet shares traffic evenly). */
    async enable(targets) {
        const weights = { ...(await this.getWeights()) };
        const share = Math.max(0, ...Object.values(weights)) || 100;
        for (const target of targets)
            if ((weights[target] ?? 0) === 0)
                weights[target] = share;
        await this.setWeights(toPercentages(weights));
    }
    /** Open-source nginx does not report requests per upstream server. */
    async inFlight() {
        return undefined;
    }
    /**
     * nginx's workers show the reload took (or did not); the file shows the split; with all traffic
     * on one target, a probe sample agrees or contradicts. Where the workers cannot be read,
     * statistics alone (TrafficProbe.confirmSole).
     */
    async verify(weights) {
        const reload = await this.awaitReload();
        if (reload.state === 'old')
            return { held: false, detail: reload.detail };
        // After a reload nginx was seen to take, the file is what runs: no loaded-since check (it
        // costs several remote commands per confirmation, once per canary window).
        const held = reload.state === 'new' ? await this.fileWeights() : await this.getWeights();
        if (Object.entries(weights).some(([target, w]) => Math.abs((held[target] ?? 0) - w) > 0.5))
            return {
                held: false,
                detail: `${this.settings.upstreamFile} holds ${nginx_router_describe(held)}, not ${nginx_router_describe(weights)}`
            };
        const loaded = reload.state === 'new' ? 'nginx reloaded with' : 'nginx holds';
        const sole = soleTarget(weights);
        if (sole === undefined)
            return { held: true, detail: `${loaded} ${nginx_router_describe(weights)}` };
        if (this.probe && reload.state === 'unknown') {
            const alone = await this.probe.confirmSole(sole, (this.before[sole] ?? 0) / 100);
            return { ...alone, detail: `${alone.detail} (${reload.detail}: the probe decided alone)` };
        }
        if (this.probe)
            return confirmWithSample(`${loaded} 100% ${sole}`, await this.probe.sample(sole, this.timing));
        if (reload.state === 'new')
            return { held: true, detail: `${loaded} 100% ${sole}` };
        return {
            held: undefined,
            detail: `set; not confirmed (no probe-url${reload.state === 'unknown' ? `, and ${reload.detail}` : ''})`
        };
    }
    /** Waits until no worker from before the last reload accepts connections. */
    async awaitReload() {
        const before = this.workersBefore;
        this.workersBefore = undefined;
        if (before === undefined)
            return { state: 'none', detail: '' };
        if ('unreadable' in before || this.pidFile == null)
            return {
                state: 'unknown',
                detail: `nginx's workers cannot be read (${'unreadable' in before ? before.unreadable : 'no pid file'})`
            };
        const started = this.clock.now();
        let now = before;
        while (this.clock.now() - started < this.reloadTimeoutMs) {
            now = await acceptingWorkers(this.files, this.pidFile);
            if ('unreadable' in now)
                return { state: 'unknown', detail: `nginx's workers cannot be read (${now.unreadable})` };
            if (now.pids.length > 0 && !now.pids.some(pid => before.pids.includes(pid)))
                return { state: 'new', detail: '' };
            await this.clock.sleep(20);
        }
        const old = 'pids' in now ? now.pids.filter(pid => before.pids.includes(pid)) : [];
        return {
            state: 'old',
            detail: `nginx workers from before the reload (pid ${old.join(', ')}) still accept connections ${this.reloadTimeoutMs} ms after it; nginx may have rejected the new configuration (see its error log)`
        };
    }
    /** The workers accepting connections now; finds the pid file the first time. */
    async workers(dumpedConfig) {
        if (this.pidFile === undefined) {
            // How nginx was built (nginx -V) only matters without an absolute pid directive.
            const fromConfig = pidFileOf(dumpedConfig, '', this.settings.prefixDir);
            const built = fromConfig
                ? ''
                : await this.runner
                    .run(prefixed(this.settings.commandPrefix, [this.settings.binary, '-V']))
                    .then(r => r.stderr + r.stdout)
                    .catch(() => '');
            this.pidFile = fromConfig ?? pidFileOf(dumpedConfig, built, this.settings.prefixDir) ?? null;
        }
        if (this.pidFile === null)
            return { unreadable: 'no pid file found in nginx -T or nginx -V' };
        return acceptingWorkers(this.files, this.pidFile);
    }
    assertServable(weights) {
        for (const [name, weight] of Object.entries(weights)) {
            if (!this.targets.some(t => t.name === name))
                throw new Error(`bug: weight for unknown target ${name}`);
            // Percentages, or whole-number weights of a pool's instances (see pool-weights.ts).
            if (!(weight >= 0 && Number.isFinite(weight)))
                throw new Error(`bug: weight ${weight} for ${name} is not a weight`);
        }
        if (!Object.values(weights).some(w => w > 0)) {
            throw new BackendError('refusing a split that leaves no server taking traffic; nothing was changed.');
        }
    }
    /** Runs nginx with the configured location; its standard output when it succeeds. */
    async nginx(args, what) {
        const argv = prefixed(this.settings.commandPrefix, [
            this.settings.binary,
            ...this.locationArgs(),
            ...args
        ]);
        const result = await this.runner.run(argv);
        if (result.exitCode !== 0) {
            const said = (result.stderr + result.stdout).trim();
            throw Object.assign(new BackendError(`${what} (exit ${result.exitCode}):\n${said}`), {
                exitCode: result.exitCode
            });
        }
        return result.stdout;
    }
    locationArgs() {
        const args = [];
        if (this.settings.configFile !== '')
            args.push('-c', this.settings.configFile);
        if (this.settings.prefixDir !== '')
            args.push('-p', this.settings.prefixDir);
        return args;
    }
}
function nginx_router_describe(weights) {
    return Object.entries(weights)
        .map(([t, w]) => `${Math.round(w)}% ${t}`)
        .join(' / ');
}

;// CONCATENATED MODULE: ./src/routers/lua-split.ts

/** Weight units per 100%: the Lua balancer's split is exact over every 10,000 requests. */
const UNITS = 10_000;
/**
 * The split the Lua balancer reads: "host:port weight" per line, weights in ten-thousandths.
 * Only IPv4 addresses: the balancer sets peers without DNS. During a canary step with sticky
 * users or canary-match, the canary's line ends in "canary" and the rules come first. Pure.
 */
function renderSplit(targets, weights, routing) {
    const raw = targets.map(t => ({
        address: t.address,
        units: Math.round((weights[t.name] ?? 0) * (UNITS / 100))
    }));
    // Rounding may leave the total a unit off 10,000: the largest share absorbs it.
    const drift = UNITS - raw.reduce((sum, r) => sum + r.units, 0);
    const largest = raw.reduce((best, r) => (r.units > best.units ? r : best), raw[0]);
    if (largest && largest.units > 0)
        largest.units += drift;
    const canary = targets.find(t => t.name === routing?.canary)?.address;
    const rules = [
        ...(routing?.sticky ? [`sticky ${routing.sticky.kind} ${routing.sticky.name}\n`] : []),
        ...(routing?.match ? [`match ${routing.match.kind} ${routing.match.name}\n`] : [])
    ];
    const marked = canary !== undefined && rules.length > 0;
    return [
        ...(marked ? rules : []),
        ...raw.map(r => `${r.address} ${r.units}${marked && r.address === canary ? ' canary' : ''}\n`)
    ].join('');
}
/** Addresses that are not IPv4 host:port, which the balancer cannot use. */
function unusableAddresses(targets) {
    return targets.map(t => t.address).filter(a => !/^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/.test(a));
}
/**
 * The split as weights per target (percent). Addresses the targets do not know are reported
 * apart: someone else's server in the split.
 */
function parseSplit(text, targets) {
    const raw = Object.fromEntries(targets.map(t => [t.name, 0]));
    const unknown = [];
    for (const line of text.split('\n')) {
        const match = /^(\S+) (\d+)(?: canary)?$/.exec(line.trim());
        if (!match)
            continue;
        const target = targets.find(t => t.address === match[1]);
        if (target)
            raw[target.name] += Number(match[2]);
        else if (Number(match[2]) > 0)
            unknown.push(match[1]);
    }
    return { weights: toPercentages(raw), unknown };
}

;// CONCATENATED MODULE: ./src/routers/nginx-lua-router.ts




/**
 * nginx with the Lua balancer (nginx-mode: lua): a change is one request to the admin endpoint,
 * which every worker reads from one shared dictionary. No reload, so no reset connection and no
 * old worker answering after the change; the endpoint's read-back is what the balancer uses.
 */
class NginxLuaRouter {
    targets;
    admin;
    probe;
    log;
    keys;
    type = 'nginx (lua)';
    /** Every worker's balancer reads the shared dictionary on each new request. */
    timing = 'at-once';
    constructor(targets, admin, probe, log, 
    /** sticky and canary-match of the canary settings; used on canary steps. */
    keys = {}) {
        this.targets = targets;
        this.admin = admin;
        this.probe = probe;
        this.log = log;
        this.keys = keys;
    }
    async getWeights() {
        const { weights, unknown } = parseSplit(await this.admin.read(), this.targets);
        if (unknown.length > 0)
            this.log.warn(`nginx's Lua split also sends traffic to ${unknown.join(', ')}, which are not in this service's addresses; the next change replaces them.`);
        return weights;
    }
    async setWeights(weights, canary) {
        if (!Object.values(weights).some(w => w > 0))
            throw new BackendError('refusing a split that leaves no server taking traffic; nothing was changed.');
        const unusable = unusableAddresses(this.targets);
        if (unusable.length > 0)
            throw new BackendError(`nginx-mode lua needs IPv4 host:port addresses (the balancer does not resolve names): ${unusable.join(', ')}; nothing was changed.`);
        await this.probe?.ready();
        const split = renderSplit(this.targets, weights, canary !== undefined ? { canary, ...this.keys } : undefined);
        const { held, saved } = await this.admin.write(split);
        if (held !== split)
            throw new BackendError(`nginx's Lua admin endpoint holds "${held.trim()}" instead of "${split.trim()}"`);
        if (saved !== 'yes')
            this.log.warn(`nginx holds the new split but could not save it for a restart (${saved || 'no answer'}): make /var/lib/nginx writable by nginx's worker user.`);
    }
    async drain(names) {
        const now = await this.getWeights();
        const next = Object.fromEntries(Object.entries(now).map(([name, w]) => [name, names.includes(name) ? 0 : w]));
        if (!Object.values(next).some(w => w > 0))
            throw new BackendError(`refusing to drain ${names.join(', ')}: no other server would take traffic.`);
        await this.setWeights(toPercentages(next));
    }
    async enable(names) {
        const now = await this.getWeights();
        const serving = Object.entries(now).filter(([name, w]) => w > 0 && !names.includes(name));
        // Back with the share the others have: a fleet of equals stays equal.
        const share = serving.length > 0 ? serving.reduce((sum, [, w]) => sum + w, 0) / serving.length : 100;
        const next = Object.fromEntries(Object.entries(now).map(([name, w]) => [name, names.includes(name) ? share : w]));
        await this.setWeights(toPercentages(next));
    }
    async inFlight() {
        return undefined;
    }
    /** The endpoint's read-back is the balancer's input; with one target, a probe sample agrees. */
    async verify(weights) {
        const held = await this.getWeights();
        const off = Object.entries(weights).find(([name, w]) => Math.abs((held[name] ?? 0) - w) > 0.5);
        if (off)
            return {
                held: false,
                detail: `nginx's Lua split holds ${describeSplit(held)} instead of ${describeSplit(weights)}`
            };
        const sole = soleTarget(weights);
        if (sole !== undefined && this.probe)
            return confirmWithSample(`nginx (lua) holds 100% ${sole}`, await this.probe.sample(sole, this.timing));
        return { held: true, detail: `nginx (lua) holds ${describeSplit(weights)}` };
    }
}

;// CONCATENATED MODULE: ./src/platform/nginx-lua-admin.ts



const PATH = '/progressive-deploy/split';
const nginx_lua_admin_TIMEOUT_MS = 3000;
/** The endpoint's answer as the split it holds, or the error that says what to fix. Pure. */
function heldSplit(answer, where) {
    if (answer.status === 200)
        return { body: answer.body, saved: answer.saved };
    throw new BackendError(answer.status === 404
        ? `nginx answers on ${where} but has no ${PATH} location: include examples/nginx/progressive-deploy-lua.conf as it is and reload nginx once.`
        : `nginx's Lua admin endpoint refused the split (HTTP ${answer.status}): ${answer.body.trim().slice(0, 200)}`);
}
function notAnswering(where, why) {
    return new BackendError(`nginx's Lua admin endpoint at ${where} does not answer (${why}). Set it up once: install libnginx-mod-http-lua and lua-resty-core, include examples/nginx/progressive-deploy-lua.conf in nginx's http block, then nginx -t and reload; or set nginx-mode: reload.`);
}
class AdminEndpoint {
    async read() {
        return (await this.request('GET')).body;
    }
    async write(split) {
        const answer = await this.request('PUT', split);
        return { held: answer.body, saved: answer.saved };
    }
}
/** Over the endpoint's unix socket on this host, one short HTTP request per call. */
class SocketLuaAdmin extends AdminEndpoint {
    socketPath;
    constructor(socketPath) {
        super();
        this.socketPath = socketPath;
    }
    request(method, body) {
        return new Promise((resolve, reject) => {
            const request = external_node_http_default().request({
                socketPath: this.socketPath,
                path: PATH,
                method,
                headers: body === undefined ? {} : { 'content-type': 'text/plain' },
                timeout: nginx_lua_admin_TIMEOUT_MS
            }, response => {
                let text = '';
                response.setEncoding('utf8');
                response.on('data', chunk => (text += chunk));
                response.on('end', () => {
                    try {
                        const saved = String(response.headers['x-progressive-deploy-saved'] ?? '');
                        resolve(heldSplit({ status: response.statusCode ?? 0, saved, body: text }, this.socketPath));
                    }
                    catch (error) {
                        reject(error);
                    }
                });
            });
            request.on('timeout', () => request.destroy(new Error(`no answer within ${nginx_lua_admin_TIMEOUT_MS} ms`)));
            request.on('error', error => reject(notAnswering(this.socketPath, error.message)));
            request.end(body);
        });
    }
}
/** curl's exit codes for "could not reach the socket" and "took too long". */
const CURL_UNREACHABLE = new Set([7, 28]);
/**
 * On the load balancer host through router-command-prefix (`ssh deploy@lb`): curl there talks
 * to the socket, one command per call. The split travels on stdin, never in the command line,
 * and the socket path is quoted for the remote shell by prefixed().
 */
class PrefixedLuaAdmin extends AdminEndpoint {
    prefix;
    socketPath;
    runner;
    constructor(prefix, socketPath, runner) {
        super();
        this.prefix = prefix;
        this.socketPath = socketPath;
        this.runner = runner;
    }
    async request(method, body) {
        const where = `${this.socketPath} (through router-command-prefix)`;
        const curl = ['curl', '-sS', '-i', '--max-time', String(nginx_lua_admin_TIMEOUT_MS / 1000)];
        curl.push('--unix-socket', this.socketPath);
        // Few, plain words: the README's sudo rule must match this command line exactly.
        if (method === 'PUT')
            curl.push('-X', 'PUT', '--data-binary', '@-');
        curl.push(`http://localhost${PATH}`);
        const result = await this.runner.run(prefixed(this.prefix, curl), {
            input: method === 'PUT' ? (body ?? '') : ''
        });
        if (result.exitCode === 127)
            throw new BackendError(`curl is not installed on the load balancer host, and nginx-mode lua reaches ${this.socketPath} with it through router-command-prefix: apt-get install curl there.`);
        if (CURL_UNREACHABLE.has(result.exitCode))
            throw notAnswering(where, nginx_lua_admin_firstLine(result.stderr) || `curl exit ${result.exitCode}`);
        if (result.exitCode !== 0)
            throw new BackendError(`cannot reach nginx's Lua admin endpoint through router-command-prefix (exit ${result.exitCode}): ${nginx_lua_admin_firstLine(result.stderr)}`);
        return heldSplit(parseHttpAnswer(result.stdout), where);
    }
}
/**
 * curl -i's output: status line, headers, a blank line, the body; an interim `100 Continue`
 * (curl asks for one when it sends a body from stdin) comes first and is skipped. Pure.
 */
function parseHttpAnswer(output) {
    let text = output;
    while (/^HTTP\/[\d.]+ 1\d\d/.test(text)) {
        const blank = text.search(/\r?\n\r?\n/);
        if (blank < 0)
            break;
        text = text.slice(blank).replace(/^\r?\n\r?\n/, '');
    }
    const end = text.search(/\r?\n\r?\n/);
    const head = end < 0 ? text : text.slice(0, end);
    const body = end < 0 ? '' : text.slice(end).replace(/^\r?\n\r?\n/, '');
    const [statusLine, ...headers] = head.split(/\r?\n/);
    const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0);
    const savedLine = headers.find(h => /^x-progressive-deploy-saved:/i.test(h));
    const saved = savedLine ? savedLine.slice(savedLine.indexOf(':') + 1).trim() : '';
    return { status, saved, body };
}
function nginx_lua_admin_firstLine(text) {
    return text.trim().split('\n')[0]?.slice(0, 300) ?? '';
}

;// CONCATENATED MODULE: ./src/routers/traffic-probe.ts

/** Tries before the first change, so a probe that cannot work stops the release with traffic untouched. */
const PREFLIGHT_ATTEMPTS = 3;
/** Node's codes for a certificate or handshake it refused. */
const TLS_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_|ERR_TLS|ERR_SSL|EPROTO|HANDSHAKE/;
const traffic_probe_REQUEST_TIMEOUT_MS = 2000;
/** Requests in flight at once while confirming: enough answers arrive in a fraction of a second. */
const PARALLEL = 8;
/**
 * A sample after the router showed a change must catch an old target still taking a quarter of
 * the traffic; by the same 1-in-1000 rule as a streak (see confirmationsNeeded), 25 answers do.
 */
const DETECTABLE_SHARE = 0.25;
/** However slow the answers under load, a sample ends here: an abort is confirmed in bounded time. */
const SAMPLE_BUDGET_MS = 2000;
/**
 * A streak must also last this long: right after an nginx reload, old and new workers both
 * accept connections for some tens of milliseconds, and a burst of answers proves nothing then.
 */
const MIN_STREAK_MS = 250;
/**
 * How many answers in a row must come from `target` before "all traffic goes there" is shown,
 * given the share it already had: on the old split that streak happens with probability
 * share^n, which must stay under 1 in 1000 (5 at least; a 99% share needs ~700). Pure.
 */
function confirmationsNeeded(priorShare) {
    if (priorShare <= 0)
        return 5;
    if (priorShare >= 1)
        return 5;
    return Math.min(1000, Math.max(5, Math.ceil(Math.log(0.001) / Math.log(priorShare))));
}
const SAMPLE_ANSWERS = confirmationsNeeded(1 - DETECTABLE_SHARE);
/**
 * Sends real requests through the load balancer and reads which backend answered each. Fresh
 * connections only: a reused keep-alive connection could still be held by an old nginx worker.
 */
class TrafficProbe {
    settings;
    targets;
    http;
    clock;
    log;
    /** The check before the first change, made once per run (see ready()). */
    readiness;
    constructor(settings, targets, http, clock, log) {
        this.settings = settings;
        this.targets = targets;
        this.http = http;
        this.clock = clock;
        this.log = log;
    }
    /**
     * A bounded sample of answers after the router showed a change: at least SAMPLE_ANSWERS
     * answers (over at least MIN_STREAK_MS while a change settles), never longer than
     * SAMPLE_BUDGET_MS. The router's state says the change happened; the sample can only agree or
     * contradict it, so it need not be long.
     */
    async sample(target, timing = 'settling') {
        const parallel = timing === 'at-once' ? SAMPLE_ANSWERS : PARALLEL;
        const minMs = timing === 'at-once' ? 0 : MIN_STREAK_MS;
        const budgetMs = Math.min(SAMPLE_BUDGET_MS, this.settings.timeoutMs);
        const started = this.clock.now();
        const result = { target, answers: 0, fromTarget: 0, failed: 0, elapsedMs: 0 };
        const fromOthers = {};
        const names = new Set(this.targets.map(t => t.name));
        while (this.clock.now() - started < budgetMs) {
            // No request outlives the budget either.
            const left = Math.max(50, budgetMs - (this.clock.now() - started));
            const answers = await Promise.all(Array.from({ length: parallel }, () => this.whoAnswers(Math.min(left, traffic_probe_REQUEST_TIMEOUT_MS))));
            for (const answered of answers) {
                result.answers += 1;
                if (answered === target)
                    result.fromTarget += 1;
                else if (names.has(answered))
                    fromOthers[answered] = (fromOthers[answered] ?? 0) + 1;
                else
                    result.failed += 1;
            }
            const elapsed = this.clock.now() - started;
            if (result.answers >= SAMPLE_ANSWERS && elapsed >= minMs)
                break;
        }
        return { ...result, fromOthers, elapsedMs: this.clock.now() - started };
    }
    /**
     * Which target answers, by a bounded sample (as sample()): answers per target, failed ones
     * left out. For when the router's state is not what runs (see NginxRouter.getWeights).
     */
    async spread() {
        const names = this.targets.map(t => t.name);
        const counts = Object.fromEntries(names.map(n => [n, 0]));
        const any = await this.sample(names[0]);
        counts[names[0]] = any.fromTarget;
        for (const [name, n] of Object.entries(any.fromOthers))
            counts[name] = n;
        return counts;
    }
    /**
     * Where the router's own state cannot be read: statistics alone. Confirmed once enough answers
     * in a row come from `target` (see confirmationsNeeded) given the share (0..1) it had before;
     * at the deadline, contradicted when the last answers still came from elsewhere, otherwise
     * not shown either way. The detail says what was seen.
     */
    async confirmSole(target, priorShare = 0) {
        const needed = confirmationsNeeded(priorShare);
        const started = this.clock.now();
        let streak = 0;
        let streakSince = 0;
        let lastOther = '';
        while (this.clock.now() - started < this.settings.timeoutMs) {
            const batch = await Promise.all(Array.from({ length: Math.min(PARALLEL, needed) }, () => this.whoAnswers()));
            lastOther = '';
            for (const answered of batch) {
                if (answered !== target) {
                    streak = 0;
                    lastOther = answered;
                }
                else if (streak++ === 0)
                    streakSince = this.clock.now();
            }
            if (streak >= needed && this.clock.now() - streakSince >= MIN_STREAK_MS)
                return {
                    held: true,
                    detail: `${streak} probe answers in a row from ${target} (${needed} rule out the previous ${traffic_probe_percent(priorShare)} share)`
                };
            if (streak === 0)
                await this.clock.sleep(20);
        }
        const waited = `${this.settings.timeoutMs} ms`;
        if (lastOther !== '') {
            this.log.warn(`traffic probe: ${this.settings.url} still answered by ${lastOther} after ${waited}`);
            return {
                held: false,
                detail: `${this.settings.url} was still answered by ${lastOther} ${waited} after the change`
            };
        }
        return {
            held: undefined,
            detail: `set; ${streak} probe answers in a row from ${target} within ${waited}, fewer than the ${needed} that rule out the previous ${traffic_probe_percent(priorShare)} share`
        };
    }
    /**
     * Once per run, before the router changes anything: the probe must be able to answer at all.
     * A certificate it does not trust is a setting to fix, named as the cause; an URL that never
     * answers, or answers without the header, stops the release too.
     */
    ready() {
        this.readiness ??= this.tryOnce();
        return this.readiness;
    }
    async tryOnce() {
        let failure;
        for (let attempt = 0; attempt < PREFLIGHT_ATTEMPTS; attempt++) {
            const answer = await this.request(traffic_probe_REQUEST_TIMEOUT_MS);
            if ('response' in answer)
                return void this.answeredBy(answer.response);
            failure = answer.error;
            const code = failure.code ?? '';
            if (TLS_FAILURE.test(code) || TLS_FAILURE.test(failure.message)) {
                throw ConfigurationError.single('probe-ca-file', `probe-url ${this.settings.url} failed its TLS handshake (${code ? `${code}: ` : ''}${failure.message}). Set probe-ca-file to the CA certificate (PEM) that signed the load balancer's certificate, or probe-insecure: true in a lab. Nothing was changed.`);
            }
            await this.clock.sleep(100);
        }
        throw new BackendError(`probe-url ${this.settings.url} did not answer (${failure?.message}); nothing was changed. Fix the URL, or leave probe-url empty to switch without confirmation by traffic.`);
    }
    /** One answer, or why there was none (errors from Node's own modules are not instanceof Error here). */
    async request(timeoutMs) {
        try {
            return { response: await this.http.get(this.settings.url, timeoutMs, this.settings.tls) };
        }
        catch (error) {
            return { error: error };
        }
    }
    /** Which target answered one request: a target name, or a description of the failure. */
    async whoAnswers(timeoutMs = traffic_probe_REQUEST_TIMEOUT_MS) {
        const answer = await this.request(timeoutMs);
        if ('error' in answer)
            return `error (${answer.error.message})`;
        return this.answeredBy(answer.response);
    }
    answeredBy(response) {
        const raw = response.headers[this.settings.header];
        const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
        if (value === undefined) {
            throw new BackendError(`probe ${this.settings.url} answered ${response.status} without a "${this.settings.header}" header, so the switch cannot be confirmed. ` +
                `Add "add_header X-Upstream-Addr $upstream_addr always;" to the nginx location, set probe-header to a header your service sends with its color or address, or leave probe-url empty.`);
        }
        // $upstream_addr lists every server tried ("a, b"); the last one answered.
        const last = value.split(',').pop()?.trim() ?? '';
        const target = this.targets.find(t => t.address === last || t.name === last.toLowerCase() || t.aliases?.includes(last));
        return target ? target.name : `unknown backend "${last}"`;
    }
}
function traffic_probe_percent(share) {
    return `${Math.round(share * 100)}%`;
}

;// CONCATENATED MODULE: ./src/routers/pool-weights.ts
/**
 * A color split as weights of each color's instances: a color's share is divided evenly over its
 * instances, in whole numbers, exactly where the router allows (nginx: any weight), else as close
 * as `cap` lets (HAProxy: 256 at most). Pure.
 */
function memberWeights(split, pools, cap = Infinity) {
    const sizes = Object.values(pools).map(p => p.length);
    const common = sizes.reduce((a, b) => lcm(a, b), 1);
    const raw = {};
    for (const [color, members] of Object.entries(pools))
        for (const member of members)
            raw[member.name] = ((split[color] ?? 0) * common) / members.length;
    const largest = Math.max(...Object.values(raw));
    const scale = largest > cap ? cap / largest : 1;
    for (const name of Object.keys(raw)) {
        const w = raw[name] * scale;
        // A member with a share keeps at least weight 1: rounding must not take it out of rotation.
        raw[name] = w > 0 ? Math.max(1, Math.round(w)) : 0;
    }
    return raw;
}
/** Shares per color from shares per instance (both in percent). Pure. */
function colorShares(members, pools) {
    const shares = {};
    for (const [color, list] of Object.entries(pools))
        shares[color] = list.reduce((sum, m) => sum + (members[m.name] ?? 0), 0);
    return shares;
}
function lcm(a, b) {
    return (a * b) / gcd(a, b);
}
function gcd(a, b) {
    return b === 0 ? a : gcd(b, a % b);
}

;// CONCATENATED MODULE: ./src/routers/pooled-router.ts



/**
 * Colors that are pools of instances, on a router that knows instances: every change moves a
 * whole color (all its instances in the one change the router makes), and every read adds the
 * instances back up to colors. The router below confirms its own state; with all traffic on one
 * color, a probe sample that knows every instance of it agrees or contradicts.
 */
class PooledRouter {
    inner;
    pools;
    probe;
    cap;
    type;
    timing;
    constructor(inner, pools, probe, 
    /** Largest weight the router takes (HAProxy: 256). */
    cap = Infinity) {
        this.inner = inner;
        this.pools = pools;
        this.probe = probe;
        this.cap = cap;
        this.type = inner.type;
        this.timing = inner.timing;
    }
    async getWeights() {
        return toPercentages(colorShares(await this.inner.getWeights(), this.pools));
    }
    async setWeights(weights) {
        await this.probe?.ready();
        await this.inner.setWeights(memberWeights(weights, this.pools, this.cap));
    }
    async drain(colors) {
        await this.inner.drain(this.membersOf(colors));
    }
    async enable(colors) {
        await this.inner.enable(this.membersOf(colors));
    }
    /** A color's requests in flight: the sum over its instances, when the router can tell. */
    async inFlight(color) {
        const counts = await Promise.all(this.membersOf([color]).map(m => this.inner.inFlight(m)));
        return counts.some(c => c === undefined)
            ? undefined
            : counts.reduce((sum, c) => sum + c, 0);
    }
    async verify(weights) {
        const members = toPercentages(memberWeights(weights, this.pools, this.cap));
        const state = await this.inner.verify(members);
        const sole = soleTarget(weights);
        if (state.held === false || sole === undefined || !this.probe)
            return state;
        const count = this.pools[sole]?.length ?? 0;
        return confirmWithSample(`${state.detail} (${count} instances of ${sole})`, await this.probe.sample(sole, this.timing));
    }
    membersOf(colors) {
        return colors.flatMap(color => (this.pools[color] ?? []).map(m => m.name));
    }
}

;// CONCATENATED MODULE: ./src/routers/multi-router.ts

/**
 * Several load balancers in front of the same colors, as one router. A change goes to each in
 * turn; when one fails, the ones already changed get their split back, so they never stay half
 * changed without saying so, and the error names every load balancer and where its traffic is.
 * A confirmation holds only when it holds on each.
 */
class MultiRouter {
    routers;
    log;
    type;
    /** At once only when every load balancer changes at once. */
    timing;
    constructor(routers, log) {
        this.routers = routers;
        this.log = log;
        this.type = routers.map(r => r.router.type).join('+');
        this.timing = routers.every(r => r.router.timing === 'at-once') ? 'at-once' : 'settling';
    }
    /** The first load balancer's split; a warning names every one when they disagree. */
    async getWeights() {
        const all = await Promise.all(this.routers.map(r => r.router.getWeights()));
        if (all.some(w => !same(w, all[0])))
            this.log.warn(`the load balancers disagree: ${this.routers.map((r, i) => `${r.name} ${multi_router_describe(all[i])}`).join('; ')}`);
        return all[0];
    }
    async setWeights(weights, canary) {
        await this.everywhere(r => r.setWeights(weights, canary), (r, before) => r.setWeights(before), `set ${multi_router_describe(weights)}`);
    }
    async drain(targets) {
        await this.everywhere(r => r.drain(targets), (r, before) => r.setWeights(before), `drain ${targets.join(', ')}`);
    }
    async enable(targets) {
        await this.everywhere(r => r.enable(targets), (r, before) => r.setWeights(before), `enable ${targets.join(', ')}`);
    }
    /** Requests in flight summed over the load balancers, when every one can tell. */
    async inFlight(target) {
        const counts = await Promise.all(this.routers.map(r => r.router.inFlight(target)));
        return counts.some(c => c === undefined)
            ? undefined
            : counts.reduce((sum, c) => sum + c, 0);
    }
    async verify(weights) {
        const each = await Promise.all(this.routers.map(r => r.router.verify(weights)));
        const held = each.some(c => c.held === false)
            ? false
            : each.every(c => c.held === true)
                ? true
                : undefined;
        return {
            held,
            detail: this.routers.map((r, i) => `${r.name}: ${each[i].detail}`).join('; ')
        };
    }
    /**
     * Applies `change` to each load balancer in turn. On the first failure the ones already
     * changed are put back to what they held before, and the error says, per load balancer, what
     * failed and where its traffic is now.
     */
    async everywhere(change, undo, what) {
        const before = await Promise.all(this.routers.map(r => r.router.getWeights()));
        for (let i = 0; i < this.routers.length; i++) {
            try {
                await change(this.routers[i].router);
            }
            catch (error) {
                const lines = [`${this.routers[i].name}: ${error.message}`];
                for (let j = i - 1; j >= 0; j--) {
                    const { name, router } = this.routers[j];
                    try {
                        await undo(router, before[j]);
                        // "Put back" only once the load balancer shows it (an nginx reload takes effect when
                        // the workers of the change are gone).
                        const shown = await router.verify(before[j]);
                        lines.push(`${name}: put back to ${multi_router_describe(before[j])}${shown.held === true ? '' : shown.held === false ? `, yet not shown: ${shown.detail}` : ` (not confirmed: ${shown.detail})`}`);
                    }
                    catch (undoError) {
                        lines.push(`${name}: COULD NOT be put back to ${multi_router_describe(before[j])} (${undoError.message}); it may hold the new split`);
                    }
                }
                for (let j = i + 1; j < this.routers.length; j++)
                    lines.push(`${this.routers[j].name}: not changed (${multi_router_describe(before[j])})`);
                throw new BackendError(`could not ${what} on every load balancer:\n${lines.join('\n')}`);
            }
        }
    }
}
function same(a, b) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every(k => Math.abs((a[k] ?? 0) - (b[k] ?? 0)) <= 0.5);
}
function multi_router_describe(weights) {
    return Object.entries(weights)
        .map(([t, w]) => `${Math.round(w)}% ${t}`)
        .join(' / ');
}

;// CONCATENATED MODULE: ./src/routers/http-route.ts

function rulesOf(route) {
    const rules = route.spec?.rules;
    return Array.isArray(rules) ? rules : [];
}
/**
 * Finds the rule whose backendRefs are the two colors' Services (the given index, or the one
 * rule that names both); a problem sentence when there is none or more than one. Pure.
 */
function findColorRule(route, services, index) {
    const rules = rulesOf(route);
    const locate = (i) => {
        const refs = rules[i]?.backendRefs ?? [];
        const found = {};
        for (const color of COLORS) {
            const at = refs.findIndex(ref => ref.name === services[color] && (ref.kind ?? 'Service') === 'Service');
            if (at < 0)
                return `rule ${i} has no backendRef to Service ${services[color]}`;
            found[color] = at;
        }
        return { index: i, refs: found };
    };
    if (index !== undefined) {
        if (index >= rules.length)
            return `the route has ${rules.length} rules; kubernetes-route-rule ${index} is not one of them`;
        return locate(index);
    }
    const matching = rules
        .map((_, i) => locate(i))
        .filter((r) => typeof r !== 'string');
    if (matching.length === 1)
        return matching[0];
    if (matching.length === 0)
        return `no rule of the route has backendRefs to both ${services.blue} and ${services.green}; add them to the rule that serves the app (weights 100 and 0)`;
    return `rules ${matching.map(m => m.index).join(' and ')} both name ${services.blue} and ${services.green}; set kubernetes-route-rule to the one to move`;
}
/** Each color's weight in the rule (Gateway API's default weight is 1). Pure. */
function ruleWeights(route, rule) {
    const refs = rulesOf(route)[rule.index]?.backendRefs ?? [];
    return {
        blue: refs[rule.refs.blue]?.weight ?? 1,
        green: refs[rule.refs.green]?.weight ?? 1
    };
}
/**
 * The route's status, per parent Gateway: accepted when every parent's Accepted and ResolvedRefs
 * conditions are True for the route's current generation; rejected when one is False for it;
 * pending while a parent has not observed it yet. No parents: no controller writes status. Pure.
 */
function routeAcceptance(route) {
    const generation = route.metadata.generation ?? 0;
    const parents = (route.status?.parents ?? []);
    if (parents.length === 0)
        return { state: 'no-controller', detail: "no controller has written the route's status" };
    for (const parent of parents) {
        const name = parent.parentRef?.name ?? '?';
        for (const type of ['Accepted', 'ResolvedRefs']) {
            const condition = parent.conditions?.find(c => c.type === type);
            if (!condition)
                continue;
            if ((condition.observedGeneration ?? 0) < generation)
                return {
                    state: 'pending',
                    detail: `Gateway ${name} has not observed generation ${generation} yet`
                };
            if (condition.status === 'False')
                return {
                    state: 'rejected',
                    detail: `Gateway ${name} reports ${type} False for generation ${generation} (${condition.reason ?? 'no reason'}: ${(condition.message ?? '').slice(0, 200)})`
                };
        }
        if (!parent.conditions?.some(c => c.type === 'Accepted'))
            return {
                state: 'pending',
                detail: `Gateway ${name} has not accepted generation ${generation} yet`
            };
    }
    return {
        state: 'accepted',
        detail: `${parents.map(p => p.parentRef?.name ?? '?').join(', ')} accepted generation ${generation}`
    };
}

;// CONCATENATED MODULE: ./src/routers/gateway-api-router.ts






/** How often the route's status is read while its controller catches up. */
const STATUS_POLL_MS = 250;
/**
 * Canary and blue/green by an HTTPRoute rule with two backendRefs (each color's Service): a
 * change is one JSON patch of the two weights, guarded by `test` ops on the names and weights it
 * read, so the route's other rules and fields stay as they are and a concurrent change fails it.
 */
class GatewayApiRouter {
    api;
    k8s;
    probe;
    clock;
    confirmTimeoutMs;
    log;
    type = 'gateway-api';
    /** The Gateway's controller carries a change out after the API accepted it. */
    timing = 'settling';
    ref;
    constructor(api, k8s, probe, clock, confirmTimeoutMs, log) {
        this.api = api;
        this.k8s = k8s;
        this.probe = probe;
        this.clock = clock;
        this.confirmTimeoutMs = confirmTimeoutMs;
        this.log = log;
        this.ref = {
            group: 'gateway.networking.k8s.io',
            version: 'v1',
            resource: 'httproutes',
            namespace: k8s.namespace,
            name: k8s.route
        };
    }
    async getWeights() {
        const route = await this.api.get(this.ref);
        const weights = toPercentages(ruleWeights(route, this.rule(route)));
        warnIfChangedElsewhere(route, weights, `HTTPRoute ${this.k8s.route}`, this.log);
        return weights;
    }
    async setWeights(weights) {
        const split = wholeSplit(weights, COLORS);
        await this.probe?.ready();
        const route = await this.api.get(this.ref);
        const rule = this.rule(route);
        const before = ruleWeights(route, rule);
        const refs = (route.spec?.rules)[rule.index]
            .backendRefs;
        const ops = COLORS.flatMap(color => {
            const at = `/spec/rules/${rule.index}/backendRefs/${rule.refs[color]}`;
            const guard = [{ op: 'test', path: `${at}/name`, value: this.k8s.names[color] }];
            if (refs[rule.refs[color]].weight !== undefined)
                guard.push({ op: 'test', path: `${at}/weight`, value: before[color] });
            return [...guard, { op: 'add', path: `${at}/weight`, value: split[color] }];
        });
        await guardedPatch(this.api, this.ref, [...ops, ...annotationOps(route, split)], async () => {
            const now = await this.api.get(this.ref).catch(() => undefined);
            const rule = now && findColorRule(now, this.k8s.names, this.k8s.routeRule);
            const holds = now && typeof rule === 'object'
                ? `now holds ${describeSplit(toPercentages(ruleWeights(now, rule)))}`
                : 'no longer has the rule';
            return `HTTPRoute ${this.k8s.route} changed while this run set its weights (read with ${describeSplit(toPercentages(before))}; it ${holds}): nothing was overwritten. Something else changes this route: run status, then try again.`;
        });
    }
    async drain() {
        throw new BackendError("an HTTPRoute moves traffic between the colors' Services; it has no instances to drain.");
    }
    async enable() {
        throw new BackendError("an HTTPRoute moves traffic between the colors' Services; it has no instances to enable.");
    }
    async inFlight() {
        return undefined;
    }
    /**
     * The weights read back, then the route's status: where a Gateway controller writes it, wait
     * (within confirm-timeout) until it has accepted the new generation; a rejection contradicts.
     */
    async verify(weights) {
        const deadline = this.clock.now() + this.confirmTimeoutMs;
        for (;;) {
            const route = await this.api.get(this.ref);
            const held = toPercentages(ruleWeights(route, this.rule(route)));
            const off = COLORS.some(c => Math.abs((held[c] ?? 0) - (weights[c] ?? 0)) > 0.5);
            if (off)
                return {
                    held: false,
                    detail: `HTTPRoute ${this.k8s.route} holds ${describeSplit(held)} instead of ${describeSplit(weights)}`
                };
            const acceptance = routeAcceptance(route);
            const says = `HTTPRoute ${this.k8s.route} holds ${describeSplit(held)} (read back); ${acceptance.detail}`;
            if (acceptance.state === 'rejected')
                return { held: false, detail: says };
            if (acceptance.state === 'pending') {
                if (this.clock.now() >= deadline)
                    return { held: undefined, detail: `${says} within confirm-timeout` };
                await this.clock.sleep(STATUS_POLL_MS);
                continue;
            }
            const sole = soleTarget(weights);
            return sole !== undefined && this.probe
                ? confirmWithSample(says, await this.probe.sample(sole, this.timing))
                : { held: true, detail: says };
        }
    }
    rule(route) {
        const rule = findColorRule(route, this.k8s.names, this.k8s.routeRule);
        if (typeof rule === 'string')
            throw new BackendError(`HTTPRoute ${this.k8s.route} in namespace ${this.k8s.namespace}: ${rule} (see the README's Kubernetes section).`);
        return rule;
    }
}

;// CONCATENATED MODULE: ./src/routers/canary-ingress.ts

const canary_ingress_CANARY = 'nginx.ingress.kubernetes.io/canary';
const CANARY_WEIGHT = 'nginx.ingress.kubernetes.io/canary-weight';
const CANARY_WEIGHT_TOTAL = 'nginx.ingress.kubernetes.io/canary-weight-total';
/** ingress-nginx's own "staff first": a header or cookie whose value always / never decides. */
const CANARY_BY = {
    header: 'nginx.ingress.kubernetes.io/canary-by-header',
    cookie: 'nginx.ingress.kubernetes.io/canary-by-cookie'
};
/** Every Service an Ingress sends requests to (its default backend and each path's). Pure. */
function ingressServices(ingress) {
    const spec = (ingress.spec ?? {});
    const names = [
        spec.defaultBackend?.service?.name,
        ...(spec.rules ?? []).flatMap(rule => (rule.http?.paths ?? []).map(p => p.backend?.service?.name))
    ].filter((n) => typeof n === 'string');
    return [...new Set(names)];
}
/** The one color an Ingress serves, or what is wrong. Pure. */
function ingressColor(ingress, services) {
    const names = ingressServices(ingress);
    const colors = COLORS.filter(c => names.includes(services[c]));
    const others = names.filter(n => !COLORS.some(c => services[c] === n));
    if (colors.length === 1 && others.length === 0)
        return { color: colors[0] };
    if (names.length === 0)
        return { problem: 'sends requests to no Service' };
    return {
        problem: `sends requests to ${names.join(', ')}; it must send them all to one color's Service (${services.blue} or ${services.green})`
    };
}
/** The canary Ingress's share in percent, from canary-weight over canary-weight-total. Pure. */
function canaryShare(ingress) {
    const annotations = ingress.metadata.annotations ?? {};
    if (annotations[canary_ingress_CANARY] !== 'true')
        return `has no ${canary_ingress_CANARY}: "true" annotation`;
    const total = Number(annotations[CANARY_WEIGHT_TOTAL] ?? '100');
    const weight = Number(annotations[CANARY_WEIGHT] ?? '0');
    if (!Number.isInteger(total) || total <= 0)
        return `has ${CANARY_WEIGHT_TOTAL} ${annotations[CANARY_WEIGHT_TOTAL]}, not a positive whole number`;
    if (!Number.isInteger(weight) || weight < 0 || weight > total)
        return `has ${CANARY_WEIGHT} ${annotations[CANARY_WEIGHT]}, not a whole number from 0 to ${total}`;
    return { percent: (weight * 100) / total, weight, total };
}

;// CONCATENATED MODULE: ./src/routers/ingress-nginx-router.ts






/**
 * Canary with ingress-nginx: the main Ingress sends to one color's Service, the canary Ingress
 * beside it (`canary: "true"`) to the other's, and its canary-weight is the other color's share.
 * A change is one JSON patch of that annotation, guarded by a `test` of the value it read. The
 * main Ingress is only read.
 */
class IngressNginxRouter {
    api;
    k8s;
    probe;
    log;
    match;
    type = 'ingress-nginx';
    /** The controller carries a change out after the API accepted it. */
    timing = 'settling';
    main;
    canary;
    constructor(api, k8s, probe, log, 
    /** canary-match: set on the canary Ingress during a canary step, cleared otherwise. */
    match) {
        this.api = api;
        this.k8s = k8s;
        this.probe = probe;
        this.log = log;
        this.match = match;
        const ref = (name) => ({
            group: 'networking.k8s.io',
            version: 'v1',
            resource: 'ingresses',
            namespace: k8s.namespace,
            name
        });
        this.main = ref(k8s.ingress);
        this.canary = ref(k8s.canaryIngress);
    }
    async getWeights() {
        const { weights, canary } = await this.read();
        warnIfChangedElsewhere(canary, weights, `Ingress ${this.k8s.canaryIngress}`, this.log);
        return weights;
    }
    async setWeights(weights, canary) {
        const split = wholeSplit(weights, COLORS);
        await this.probe?.ready();
        const { canary: ingress, canaryColor, share } = await this.read();
        const weight = (split[canaryColor] * share.total) / 100;
        if (!Number.isInteger(weight))
            throw new BackendError(`${split[canaryColor]}% is not a whole canary-weight of canary-weight-total ${share.total}; use steps that divide it. Nothing was changed.`);
        const path = `/metadata/annotations/${pointer(CANARY_WEIGHT)}`;
        const guard = ingress.metadata.annotations?.[CANARY_WEIGHT] !== undefined
            ? [{ op: 'test', path, value: ingress.metadata.annotations[CANARY_WEIGHT] }]
            : [];
        await guardedPatch(this.api, this.canary, [
            ...guard,
            { op: 'add', path, value: String(weight) },
            ...this.matchOps(ingress, canaryColor, canary),
            ...annotationOps(ingress, split)
        ], async () => `Ingress ${this.k8s.canaryIngress} changed while this run set its canary-weight (read as ${share.weight}): nothing was overwritten. Something else changes it: run status, then try again.`);
    }
    /**
     * canary-match as ingress-nginx's canary-by-header / canary-by-cookie (its values always and
     * never mean what ours do), on during a canary step whose canary the canary Ingress serves.
     */
    matchOps(ingress, canaryColor, canary) {
        if (!this.match)
            return [];
        const key = CANARY_BY[this.match.kind];
        const path = `/metadata/annotations/${pointer(key)}`;
        const present = ingress.metadata.annotations?.[key] !== undefined;
        if (canary !== undefined && canary !== canaryColor)
            this.log.warn(`canary-match cannot send requests to ${canary}: Ingress ${this.k8s.canaryIngress} serves ${canaryColor}; the canary step goes on by weight only.`);
        if (canary === canaryColor)
            return [{ op: 'add', path, value: this.match.name }];
        return present ? [{ op: 'remove', path }] : [];
    }
    async drain() {
        throw new BackendError('the canary Ingress moves traffic between two colors; it has no instances to drain.');
    }
    async enable() {
        throw new BackendError('the canary Ingress moves traffic between two colors; it has no instances to enable.');
    }
    async inFlight() {
        return undefined;
    }
    /** Both Ingresses read back (ingress-nginx reads the same objects); a probe sample agrees. */
    async verify(weights) {
        const { weights: held, canary } = await this.read();
        if (COLORS.some(c => Math.abs((held[c] ?? 0) - (weights[c] ?? 0)) > 0.5))
            return {
                held: false,
                detail: `the Ingresses hold ${describeSplit(held)} instead of ${describeSplit(weights)}`
            };
        // ingress-nginx publishes the address it serves an Ingress on once it has loaded it.
        const published = canary.status?.loadBalancer?.ingress?.[0];
        const where = published
            ? `; served by ingress-nginx at ${published.ip ?? published.hostname}`
            : '';
        const says = `Ingress ${this.k8s.canaryIngress} holds ${describeSplit(held)} (read back)${where}`;
        const sole = soleTarget(weights);
        return sole !== undefined && this.probe
            ? confirmWithSample(says, await this.probe.sample(sole, this.timing))
            : { held: true, detail: says };
    }
    async read() {
        const [main, canary] = await Promise.all([this.api.get(this.main), this.api.get(this.canary)]);
        const mainSide = ingressColor(main, this.k8s.names);
        if ('problem' in mainSide)
            throw this.problem(this.k8s.ingress, mainSide.problem);
        const canarySide = ingressColor(canary, this.k8s.names);
        if ('problem' in canarySide)
            throw this.problem(this.k8s.canaryIngress, canarySide.problem);
        const [mainColor, canaryColor] = [mainSide.color, canarySide.color];
        if (canaryColor === mainColor)
            throw this.problem(this.k8s.canaryIngress, `sends requests to ${this.k8s.names[mainColor]}, as ${this.k8s.ingress} does; point it at the other color's Service (${this.k8s.names[mainColor === 'blue' ? 'green' : 'blue']})`);
        const share = canaryShare(canary);
        if (typeof share === 'string')
            throw this.problem(this.k8s.canaryIngress, share);
        return {
            weights: Object.fromEntries(COLORS.map(c => [c, c === canaryColor ? share.percent : 100 - share.percent])),
            canary,
            canaryColor,
            share
        };
    }
    problem(name, what) {
        return new BackendError(`Ingress ${name} in namespace ${this.k8s.namespace} ${what} (see the README's Kubernetes section).`);
    }
}

;// CONCATENATED MODULE: ./src/routers/kubernetes-service-router.ts





/**
 * Blue/green on Kubernetes by one Service whose selector picks a color (`color: blue`): a switch
 * is one JSON patch that first tests the selector still holds the color it was read with, so a
 * concurrent change fails the switch instead of being overwritten.
 */
class KubernetesServiceRouter {
    api;
    k8s;
    probe;
    log;
    type = 'kubernetes-service';
    /** Endpoints follow a selector change after the API accepted it. */
    timing = 'settling';
    ref;
    constructor(api, k8s, probe, log) {
        this.api = api;
        this.k8s = k8s;
        this.probe = probe;
        this.log = log;
        this.ref = {
            group: '',
            version: 'v1',
            resource: 'services',
            namespace: k8s.namespace,
            name: k8s.service
        };
    }
    async getWeights() {
        const service = await this.api.get(this.ref);
        const weights = only(this.selected(service));
        warnIfChangedElsewhere(service, weights, `Service ${this.k8s.service}`, this.log);
        return weights;
    }
    async setWeights(weights) {
        const split = wholeSplit(weights, COLORS);
        const target = soleTarget(split);
        if (target === undefined)
            throw new BackendError(`a Service selector sends all traffic to one color; ${Object.entries(split)
                .map(([c, w]) => `${w}% ${c}`)
                .join(' / ')} needs router gateway-api or ingress-nginx. Nothing was changed.`);
        await this.probe?.ready();
        const service = await this.api.get(this.ref);
        const current = this.selected(service);
        if (current === target &&
            service.metadata.annotations?.['progressive-deploy/live-color'] === target)
            return;
        const path = `/spec/selector/${pointer(this.k8s.colorLabel)}`;
        await guardedPatch(this.api, this.ref, [
            { op: 'test', path, value: current },
            { op: 'replace', path, value: target },
            ...annotationOps(service, only(target))
        ], async () => {
            const now = await this.api.get(this.ref).catch(() => undefined);
            const holds = now
                ? `now holds ${this.k8s.colorLabel}=${String(now.spec?.selector && now.spec.selector[this.k8s.colorLabel])}`
                : 'cannot be read now';
            return `Service ${this.k8s.service} changed while this run switched it (read with ${this.k8s.colorLabel}=${current}; it ${holds}): nothing was overwritten. Something else changes this Service: run status, then switch again.`;
        });
    }
    async drain() {
        throw new BackendError('a Service selector switches colors; it has no instances to drain (rolling is not for Kubernetes routers).');
    }
    async enable() {
        throw new BackendError('a Service selector switches colors; it has no instances to enable.');
    }
    async inFlight() {
        return undefined;
    }
    /** The selector read back is what kube-proxy routes by; a probe sample, when set, agrees. */
    async verify(weights) {
        const held = only(this.selected(await this.api.get(this.ref)));
        const target = soleTarget(weights);
        if (target === undefined || held[target] !== 100)
            return {
                held: false,
                detail: `Service ${this.k8s.service} selects ${soleTarget(held)} instead of ${target ?? 'a split'}`
            };
        const says = `Service ${this.k8s.service} selects ${this.k8s.colorLabel}=${target} (read back)`;
        return this.probe
            ? confirmWithSample(says, await this.probe.sample(target, this.timing))
            : { held: true, detail: says };
    }
    selected(service) {
        const selector = (service.spec?.selector ?? {});
        const value = selector[this.k8s.colorLabel];
        if (value === 'blue' || value === 'green')
            return value;
        throw new BackendError(`Service ${this.k8s.service} in namespace ${this.k8s.namespace} has ${value === undefined ? `no ${this.k8s.colorLabel} in its selector` : `selector ${this.k8s.colorLabel}=${value}`}: add ${this.k8s.colorLabel}: blue (or green) to its selector, with the same label on the pods of ${this.k8s.names.blue} and ${this.k8s.names.green} (see the README's Kubernetes section).`);
    }
}
function only(color) {
    return { blue: color === 'blue' ? 100 : 0, green: color === 'green' ? 100 : 0 };
}

;// CONCATENATED MODULE: ./src/routers/factory.ts














/** One switch per router type; an unknown type never gets this far (parse-router rejects it). */
function createRouter(settings, deps) {
    // Several load balancers: the same router for each, changed as one.
    if (settings.routers.length > 1)
        return new MultiRouter(settings.routers.map((router, i) => ({
            name: router.name ?? `lb-${i + 1}`,
            router: createRouter({ ...settings, router, routers: [router] }, deps)
        })), deps.log);
    if (isKubernetesRouter(settings.router.type))
        return kubernetesRouter(settings, deps);
    if (settings.strategy !== 'rolling' && COLORS.some(c => settings.pools[c].length > 1))
        return pooledRouter(settings, deps);
    // A fleet's targets are its instances; a blue/green pair's are the two colors.
    const targets = settings.strategy === 'rolling'
        ? settings.rolling.instances
        : COLORS.map(color => ({ name: color, address: settings.addresses[color] }));
    const router = settings.router;
    // HAProxy's %s names the server, which may not be the color's name.
    const probe = probeFor(settings, deps, router.type === 'haproxy' && settings.strategy !== 'rolling'
        ? targets.map(t => ({ ...t, aliases: [router.haproxyServers[t.name]] }))
        : targets);
    const servers = settings.strategy === 'rolling'
        ? Object.fromEntries(targets.map(t => [t.name, t.name]))
        : router.haproxyServers;
    return instanceRouter(settings, deps, targets, servers, probe);
}
/**
 * Colors that are pools: the router below knows every instance (nginx: a server line each;
 * HAProxy: the instance names are its server names) and the probe knows which color each
 * instance belongs to.
 */
function pooledRouter(settings, deps) {
    const members = COLORS.flatMap(color => settings.pools[color]);
    const probe = probeFor(settings, deps, COLORS.map(color => ({
        name: color,
        address: settings.addresses[color],
        aliases: settings.pools[color].flatMap(m => [m.address, m.name])
    })));
    const servers = Object.fromEntries(members.map(m => [m.name, m.name]));
    // The load balancer below has its own probe, per instance: where nginx's file cannot be taken
    // for the truth (changed after its workers started), a sample tells where traffic goes.
    const instanceProbe = probeFor(settings, deps, members.map(m => ({ ...m, aliases: [m.address, m.name] })));
    const inner = instanceRouter(settings, deps, members, servers, instanceProbe);
    return new PooledRouter(inner, settings.pools, probe, settings.router.type === 'haproxy' ? HAPROXY_MAX_WEIGHT : Infinity);
}
/** A Service selector, an HTTPRoute or the canary Ingress: one object each, read and patched through the API. */
function kubernetesRouter(settings, deps) {
    const k8s = settings.kubernetes;
    if (!k8s || !deps.kube)
        throw new Error('bug: a Kubernetes router without kubernetes settings or API');
    const probe = probeFor(settings, deps, COLORS.map(color => ({
        name: color,
        address: settings.addresses[color],
        aliases: [k8s.names[color]]
    })));
    switch (settings.router.type) {
        case 'gateway-api':
            return new GatewayApiRouter(deps.kube, k8s, probe, deps.clock, settings.confirmTimeoutMs, deps.log);
        case 'ingress-nginx':
            return new IngressNginxRouter(deps.kube, k8s, probe, deps.log, settings.canary.match);
        default:
            return new KubernetesServiceRouter(deps.kube, k8s, probe, deps.log);
    }
}
/** HAProxy's largest server weight. */
const HAPROXY_MAX_WEIGHT = 256;
function probeFor(settings, deps, targets) {
    const router = settings.router;
    if (router.probeUrl === '')
        return undefined;
    return new TrafficProbe({
        url: router.probeUrl,
        header: router.probeHeader,
        timeoutMs: settings.confirmTimeoutMs,
        tls: router.probeTls
    }, targets, deps.http, deps.clock, deps.log);
}
function instanceRouter(settings, deps, targets, servers, probe) {
    const router = settings.router;
    switch (router.type) {
        case 'nginx':
            if (router.nginxMode === 'lua')
                return new NginxLuaRouter(targets, luaAdmin(router, deps.runner), probe, deps.log, {
                    ...(settings.canary.sticky ? { sticky: settings.canary.sticky } : {}),
                    ...(settings.canary.match ? { match: settings.canary.match } : {})
                });
            return new NginxRouter(router, targets, hostFiles(router.commandPrefix, deps.runner), deps.runner, probe, deps.clock, settings.confirmTimeoutMs, deps.log);
        case 'haproxy':
            return new HaproxyRouter({
                backend: router.haproxyBackend,
                servers,
                ...(settings.canary.sticky || settings.canary.match
                    ? { canaryMap: settings.canaryMap }
                    : {})
            }, new SocketHaproxyRuntime(router.haproxySocket), probe, deps.log);
        default:
            throw new Error(`bug: router ${router.type} has no instances`);
    }
}
/** The Lua admin socket on this host, or on the load balancer host through the prefix. */
function luaAdmin(router, runner) {
    return router.commandPrefix.length === 0
        ? new SocketLuaAdmin(router.luaSocket)
        : new PrefixedLuaAdmin(router.commandPrefix, router.luaSocket, runner);
}

;// CONCATENATED MODULE: ./src/run-invalid-plan.ts







/**
 * `plan` on settings that do not parse: the summary lists every problem, and the PR check
 * progressive-deploy/plan fails with the first one. The GitHub part is read on its own, so the
 * status can be posted even when the rest of the settings are wrong.
 */
async function reportInvalidPlan(host, error, publish) {
    const report = new Report('plan', systemClock, host.log);
    report.facts = error.problems.map(p => [p.field, p.message]);
    report.conclude('failure', `the settings have ${error.problems.length} problem(s); nothing was changed.`, { result: 'failure' });
    const { github, commitStatus } = parseGitHub(withDefaults(host.raw), thisMachine, () => { });
    if (github)
        host.maskSecret(github.token);
    if (github && commitStatus) {
        const first = error.problems[0];
        const statuses = new GitHubCommitStatuses(new OctokitGitHubApi(github, systemClock, host.log), github.sha, runInfo().runUrl, host.log);
        try {
            await statuses.post(PLAN_CONTEXT, 'failure', `${first.field}: ${first.message}`);
        }
        catch (postError) {
            host.log.warn(`could not post the ${PLAN_CONTEXT} status: ${postError.message}`);
        }
    }
    await publish(host, report);
}

;// CONCATENATED MODULE: ./src/state/derive-state.ts


/**
 * Rebuilds the environment's state from its records alone (any store, any process). Pure.
 * Records may come in any order; ids give creation order.
 */
function deriveState(environment, records) {
    const newestFirst = [...records]
        .filter(r => r.environment === environment)
        .sort((a, b) => b.id - a.id);
    const live = newestFirst.find(r => r.phase === 'live');
    const inProgress = newestFirst.find(r => IN_PROGRESS.includes(r.phase));
    const lastKnownGood = live
        ? newestFirst.find(r => r.id < live.id && r.phase === 'superseded' && wasLive(r) && r.version !== live.version)
        : undefined;
    const colors = {};
    for (const color of COLORS) {
        const newest = newestFirst.find(r => r.color === color);
        if (newest)
            colors[color] = newest;
    }
    const fleetRecord = newestFirst.find(r => r.fleet !== undefined);
    const snapshot = fleetRecord ? lastFleetSnapshot(fleetRecord) : undefined;
    const fleet = fleetRecord && snapshot ? { record: fleetRecord, snapshot } : undefined;
    return {
        environment,
        newestId: newestFirst[0]?.id ?? 0,
        live,
        alsoLive: newestFirst.filter(r => r.phase === 'live' && r !== live),
        lastKnownGood,
        inProgress,
        colors,
        ...(fleet ? { fleet } : {})
    };
}
/** The fleet as the record's newest event with a snapshot left it. */
function lastFleetSnapshot(record) {
    return [...record.events].reverse().find(e => e.fleet)?.fleet;
}
/** True when the record took traffic at some point (superseded and rolled-back imply it). */
function wasLive(record) {
    return WAS_LIVE.includes(record.phase) || record.events.some(e => e.phase === 'live');
}
const WAS_LIVE = ['live', 'superseded', 'rolled-back'];

;// CONCATENATED MODULE: ./src/state/local-process.ts


/**
 * A local run records host:pid. On the same host, a holder whose process is gone (killed, or a
 * cancelled job on a self-hosted runner) no longer holds the lease. A zombie (exited, not yet
 * reaped: this container's init does not reap orphans) counts as gone.
 */
function processGone(processId) {
    const [host, pid] = (processId ?? '').split(':');
    if (host !== external_node_os_default().hostname() || !/^\d+$/.test(pid ?? ''))
        return false;
    try {
        const stat = (0,external_node_fs_.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        // Field 3, after the parenthesised command name, is the state; Z is a zombie, X dead.
        const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        return state === 'Z' || state === 'X';
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT')
            return true;
        // No /proc (another OS): ask the kernel.
        try {
            process.kill(Number(pid), 0);
            return false;
        }
        catch (killError) {
            return killError.code === 'ESRCH';
        }
    }
}

;// CONCATENATED MODULE: ./src/state/race.ts

/**
 * Runs that check the lease at the same moment all see it free and all claim it. Of the claims
 * made after what a run saw (`seenUpTo`), the oldest still in progress wins; a claim that wins
 * nothing — ours, when an older rival exists — must step back. Pure: `records` are what the store
 * holds now (ours included); returns the winner when it is not `ours`.
 */
function raceWinner(records, seenUpTo, ours) {
    return [...records]
        .filter(r => r.id > seenUpTo && r.id < ours && IN_PROGRESS.includes(r.phase))
        .sort((a, b) => a.id - b.id)[0];
}

;// CONCATENATED MODULE: ./src/state/file-lock.ts




const WAIT_MS = 10_000;
const file_lock_POLL_MS = 20;
/**
 * Runs `work` holding a lock file (created with O_EXCL, holding host:pid). A lock whose process is
 * gone is taken over; one held longer than WAIT_MS by a live process is an error that says so.
 */
async function withFileLock(lockFile, clock, work) {
    const me = `${external_node_os_default().hostname()}:${process.pid}`;
    const started = clock.now();
    for (;;) {
        try {
            const handle = await external_node_fs_.promises.open(lockFile, 'wx');
            await handle.writeFile(me);
            await handle.close();
            break;
        }
        catch (error) {
            if (error.code !== 'EEXIST')
                throw error;
            const holder = await external_node_fs_.promises.readFile(lockFile, 'utf8').catch(() => '');
            // Written between open and writeFile: give it a moment; a dead holder's lock is stale.
            if (holder !== '' && processGone(holder)) {
                await external_node_fs_.promises.rm(lockFile, { force: true });
                continue;
            }
            if (clock.now() - started > WAIT_MS)
                throw new BackendError(`state lock ${lockFile} is held by ${holder || 'another process'} for more than ${WAIT_MS / 1000} s; if no run is active, delete it.`);
            await clock.sleep(file_lock_POLL_MS);
        }
    }
    try {
        return await work();
    }
    finally {
        await external_node_fs_.promises.rm(lockFile, { force: true });
    }
}

;// CONCATENATED MODULE: ./src/state/file-store.ts









/**
 * State in one JSON file (the default outside GitHub Actions). Every change is a read-modify-
 * write under a lock file next to it, and lands atomically (temp + rename), so runs on one
 * machine that start together see each other's claims.
 */
class FileStateStore {
    file;
    clock;
    type = 'file';
    constructor(file, clock) {
        this.file = file;
        this.clock = clock;
    }
    async load(environment) {
        const content = await this.read();
        const records = content.records.filter(r => r.environment === environment);
        return records.length === 0 ? undefined : deriveState(environment, records);
    }
    known(environment) {
        return this.load(environment);
    }
    async history(environment, limit) {
        const content = await this.read();
        return content.records
            .filter(r => r.environment === environment)
            .sort((a, b) => b.id - a.id)
            .slice(0, limit);
    }
    async holderGone(holder) {
        return processGone(holder.process);
    }
    async begin(plan) {
        return this.change(async (content) => {
            const now = this.clock.isoNow();
            const record = {
                id: content.nextId,
                environment: plan.environment,
                kind: plan.kind,
                version: plan.version,
                color: plan.color,
                phase: 'deploying',
                createdAt: now,
                updatedAt: now,
                actor: plan.actor,
                runId: plan.runId,
                runUrl: plan.runUrl,
                sha: plan.sha,
                events: [
                    {
                        at: now,
                        phase: 'deploying',
                        description: plan.description,
                        ...(plan.startFleet ? { fleet: plan.startFleet } : {})
                    }
                ],
                ...(plan.rollback ? { rollback: plan.rollback } : {}),
                ...(plan.fleet ? { fleet: plan.fleet } : {}),
                ...(plan.process ? { process: plan.process } : {})
            };
            content.nextId += 1;
            content.records.push(record);
            const winner = raceWinner(content.records.filter(r => r.environment === plan.environment), plan.seenUpTo, record.id);
            if (winner) {
                const lost = lostTo(winner);
                applyTransition(record, { phase: 'failed', description: lost }, now);
                return { content, result: new LeaseLost(lost) };
            }
            return { content, result: structuredClone(record) };
        }).then(result => {
            if (result instanceof LeaseLost)
                throw result;
            return result;
        });
    }
    async transition(record, transition) {
        const now = this.clock.isoNow();
        await this.change(async (content) => {
            const stored = content.records.find(r => r.id === record.id);
            if (!stored)
                throw new BackendError(`state file ${this.file} has no record ${record.id}; was it edited by hand?`);
            if (IN_PROGRESS.includes(transition.phase) && !IN_PROGRESS.includes(stored.phase))
                throw new LeaseLost(notHeld(stored));
            applyTransition(stored, transition, now);
            return { content, result: undefined };
        });
        applyTransition(record, transition, now);
    }
    async confirmHeld(record) {
        const stored = (await this.read()).records.find(r => r.id === record.id);
        if (!stored || !IN_PROGRESS.includes(stored.phase))
            throw new LeaseLost(stored ? notHeld(stored) : `record ${record.id} is gone`);
    }
    /** A read-modify-write under the lock; `work` returns the new content and its result. */
    async change(work) {
        await external_node_fs_.promises.mkdir(external_node_path_default().dirname(this.file), { recursive: true });
        return withFileLock(`${this.file}.lock`, this.clock, async () => {
            const { content, result } = await work(await this.read());
            await this.write(content);
            return result;
        });
    }
    async read() {
        let text;
        try {
            text = await external_node_fs_.promises.readFile(this.file, 'utf8');
        }
        catch (error) {
            if (error.code === 'ENOENT')
                return { schema: 1, nextId: 1, records: [] };
            throw new BackendError(`cannot read state file ${this.file}: ${error.message}`);
        }
        try {
            const parsed = JSON.parse(text);
            if (parsed.schema !== 1 || !Array.isArray(parsed.records))
                throw new Error('unknown layout');
            return parsed;
        }
        catch (error) {
            throw new BackendError(`state file ${this.file} is damaged (${error.message}); restore it from a backup or move it away to start afresh.`);
        }
    }
    async write(content) {
        const temp = `${this.file}.${process.pid}.tmp`;
        await external_node_fs_.promises.writeFile(temp, `${JSON.stringify(content, null, 2)}\n`, 'utf8');
        await external_node_fs_.promises.rename(temp, this.file);
    }
}
function applyTransition(record, transition, at) {
    record.phase = transition.phase;
    record.updatedAt = at;
    record.events.push({
        at,
        phase: transition.phase,
        description: transition.description,
        ...(transition.step ? { step: transition.step } : {}),
        ...(transition.fleet ? { fleet: structuredClone(transition.fleet) } : {}),
        ...(transition.evidence ? { evidence: [...transition.evidence] } : {})
    });
}

;// CONCATENATED MODULE: ./src/state/fleet-codes.ts
/**
 * A fleet snapshot in a few characters, for GitHub deployment status descriptions (140 characters
 * at most): one letter per instance in plan order — n new version, o the version it ran before
 * the update, u unknown; upper case when drained — run-length encoded. Batches are contiguous,
 * so "2n1N3o" is typical however large the fleet.
 */
function encodeFleet(plan, version, snapshot) {
    const letters = plan.instances.map(({ name, from }) => {
        const state = snapshot.instances[name] ?? { version: '', inRotation: false };
        const letter = state.version === version ? 'n' : state.version === from && from !== '' ? 'o' : 'u';
        return state.inRotation ? letter : letter.toUpperCase();
    });
    let encoded = '';
    for (let i = 0; i < letters.length;) {
        let run = 1;
        while (letters[i + run] === letters[i])
            run += 1;
        encoded += `${run}${letters[i]}`;
        i += run;
    }
    return encoded;
}
/** The inverse of encodeFleet; undefined when the code does not fit the plan. */
function decodeFleet(plan, version, code) {
    const letters = [];
    for (const [, count, letter] of code.matchAll(/(\d+)([nNoOuU])/g))
        letters.push(...Array(Number(count)).fill(letter));
    if (letters.length !== plan.instances.length)
        return undefined;
    const instances = {};
    plan.instances.forEach(({ name, from }, i) => {
        const lower = letters[i].toLowerCase();
        instances[name] = {
            version: lower === 'n' ? version : lower === 'o' ? from : '',
            inRotation: letters[i] === lower
        };
    });
    return instances;
}

;// CONCATENATED MODULE: ./src/state/deployment-record.ts

/** Our task name on GitHub deployments; GitHub's own `deploy` deployments are ignored. */
const TASK = 'progressive-deploy';
/** Marker and version of the payload we write on every deployment. */
const PAYLOAD_KEY = 'progressive-deploy';
const PAYLOAD_VERSION = 1;
/** GitHub has no field for our phase: a status carries it as its state and the start of its description. */
const STATUS_OF = {
    deploying: { state: 'in_progress', label: 'deploying' },
    deployed: { state: 'in_progress', label: 'deployed' },
    verified: { state: 'in_progress', label: 'verified' },
    canary: { state: 'in_progress', label: 'canary' },
    paused: { state: 'in_progress', label: 'paused' },
    rolling: { state: 'in_progress', label: 'rolling' },
    live: { state: 'success', label: 'live' },
    failed: { state: 'failure', label: 'failed' },
    superseded: { state: 'inactive', label: 'superseded' },
    'rolled-back': { state: 'failure', label: 'rolled back' }
};
/** GitHub refuses deployment status descriptions over 140 characters. */
const MAX_DESCRIPTION = 140;
function payloadOf(plan) {
    return {
        [PAYLOAD_KEY]: PAYLOAD_VERSION,
        strategy: plan.strategy,
        kind: plan.kind,
        version: plan.version,
        color: plan.color,
        actor: plan.actor,
        runId: plan.runId,
        runUrl: plan.runUrl,
        ...(plan.rollback ? { rollback: plan.rollback } : {}),
        ...(plan.replaces ? { replaces: plan.replaces } : {}),
        steps: plan.steps,
        ...(plan.fleet ? { fleet: plan.fleet } : {}),
        ...(plan.process ? { process: plan.process } : {}),
        seen: { upTo: plan.seenUpTo, ...withoutUndefined(plan.context ?? {}) }
    };
}
function withoutUndefined(value) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
function statusOf(transition, record) {
    const { state, label } = STATUS_OF[transition.phase];
    const step = transition.step;
    // "canary 20% · step 3/5 · E 2.31/0.00: …" — readable in GitHub, and enough to resume from
    // in a new job: the step, and each compare gate's evidence so far (ln E).
    const evidence = transition.evidence?.length
        ? ` · E ${transition.evidence.map(e => e.toFixed(2)).join('/')}`
        : '';
    const prefix = step
        ? `${transition.phase === 'paused' ? 'paused at' : 'canary'} ${step.weight}% · step ${step.index + 1}/${step.total}${evidence}`
        : label;
    const fleet = transition.fleet && record?.fleet
        ? ` · batch ${transition.fleet.batchesDone}/${transition.fleet.batches} [${encodeFleet(record.fleet, record.version, transition.fleet)}]`
        : '';
    return { state, description: truncate(`${prefix}${fleet}: ${transition.description}`) };
}
const STEP_LABEL = /^(canary|paused at) (\d+(?:\.\d+)?)% · step (\d+)\/(\d+)(?: · E ([-\d./]+))?: /;
/** "rolling · batch 2/3 [4n2O]: …": the fleet after the event (see fleet-codes.ts). */
const FLEET_LABEL = /^([a-z ]+) · batch (\d+)\/(\d+) \[([0-9nNoOuU]*)\]: /;
/** Our payload, or undefined for a deployment someone else made with our task name. */
function readPayload(deployment) {
    let payload = deployment.payload;
    if (typeof payload === 'string') {
        try {
            payload = JSON.parse(payload);
        }
        catch {
            return undefined;
        }
    }
    const p = payload;
    if (!p ||
        p[PAYLOAD_KEY] !== PAYLOAD_VERSION ||
        (p.color !== 'blue' && p.color !== 'green' && p.color !== 'fleet') ||
        typeof p.version !== 'string')
        return undefined;
    return p;
}
/** Rebuilds a record from a deployment and its statuses (any order). Pure. */
function recordOf(deployment, payload, statuses) {
    const events = [...statuses]
        .sort((a, b) => a.id - b.id)
        .map(status => eventOf(status, payload));
    const last = events[events.length - 1];
    return {
        id: deployment.id,
        environment: deployment.environment,
        kind: payload.kind,
        version: payload.version,
        color: payload.color,
        phase: last?.phase ?? 'deploying',
        createdAt: deployment.created_at,
        updatedAt: last?.at ?? deployment.created_at,
        actor: payload.actor,
        runId: payload.runId,
        runUrl: payload.runUrl,
        sha: deployment.sha,
        events,
        ...(payload.rollback ? { rollback: payload.rollback } : {}),
        ...(payload.fleet ? { fleet: payload.fleet } : {}),
        ...(payload.process ? { process: payload.process } : {})
    };
}
/** One status as our event; `payload` decodes fleet snapshots. */
function eventOf(status, payload) {
    const fleet = FLEET_LABEL.exec(status.description);
    if (fleet && payload.fleet) {
        const label = fleet[1];
        const phase = Object.keys(STATUS_OF).find(p => STATUS_OF[p].label === label && STATUS_OF[p].state === status.state);
        const instances = decodeFleet(payload.fleet, payload.version, fleet[4]);
        if (phase && instances) {
            return {
                at: status.created_at,
                phase,
                description: status.description.slice(fleet[0].length),
                fleet: { batchesDone: Number(fleet[2]), batches: Number(fleet[3]), instances }
            };
        }
    }
    const step = status.state === 'in_progress' ? STEP_LABEL.exec(status.description) : null;
    if (step) {
        return {
            at: status.created_at,
            phase: step[1] === 'canary' ? 'canary' : 'paused',
            description: status.description.slice(step[0].length),
            step: { weight: Number(step[2]), index: Number(step[3]) - 1, total: Number(step[4]) },
            ...(step[5] ? { evidence: step[5].split('/').map(Number) } : {})
        };
    }
    const labelled = Object.entries(STATUS_OF).find(([, s]) => s.state === status.state && status.description.startsWith(`${s.label}: `));
    if (labelled) {
        return {
            at: status.created_at,
            phase: labelled[0],
            description: status.description.slice(labelled[1].label.length + 2)
        };
    }
    // A status someone else set (or GitHub's auto-inactivation): read its state alone.
    const byState = {
        success: 'live',
        inactive: 'superseded',
        failure: 'failed',
        error: 'failed'
    };
    return {
        at: status.created_at,
        phase: byState[status.state] ?? 'deploying',
        description: status.description
    };
}
function truncate(text) {
    return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

;// CONCATENATED MODULE: ./src/state/github-deployments-store.ts







/** Deployments read per page, and pages read at most, when looking for the current state. */
const PAGE_SIZE = 10;
const MAX_PAGES = 3;
/** Newest records read one by one before the newest one's context is used. */
const WALK = 2;
/**
 * State as GitHub deployments: one deployment per release (task "progressive-deploy", payload =
 * the plan), one deployment status per transition. Reads stop as soon as the state is known
 * (live, last known good, both colors), and this process's own writes are kept, so a whole
 * steady-state blue/green release makes 11 API requests.
 */
class GitHubDeploymentsStore {
    api;
    options;
    log;
    type = 'github';
    /** Per environment: our records read so far (newest first), and whether older ones remain unread. */
    known_ = new Map();
    constructor(api, options, log) {
        this.api = api;
        this.options = options;
        this.log = log;
    }
    async load(environment) {
        const records = await this.read(environment, 0);
        return records.length === 0 ? undefined : deriveState(environment, records);
    }
    async known(environment) {
        const records = this.known_.get(environment)?.records ?? [];
        return records.length === 0 ? undefined : deriveState(environment, records);
    }
    async history(environment, limit) {
        return (await this.read(environment, limit)).slice(0, limit);
    }
    async holderGone(holder) {
        if (holder.runId === '')
            return processGone(holder.process);
        try {
            return (await this.api.getRunStatus(holder.runId)) === 'completed';
        }
        catch (error) {
            this.log.warn(`cannot tell whether run ${holder.runId} has ended (${error.message}); treating its lease as held. Grant actions: read to take over leases of ended runs.`);
            return false;
        }
    }
    async begin(plan) {
        const payload = payloadOf(plan);
        const deployment = await this.api.createDeployment({
            ref: plan.sha || this.options.sha,
            task: TASK,
            environment: plan.environment,
            description: plan.description.slice(0, 140),
            payload: { ...payload },
            ...(this.options.productionEnvironment === undefined
                ? {}
                : { production_environment: this.options.productionEnvironment }),
            transient_environment: this.options.transientEnvironment
        });
        const winner = await this.rivalBefore(plan, deployment.id);
        if (winner) {
            const lost = lostTo(winner);
            await this.api.createDeploymentStatus(deployment.id, this.statusBody({ phase: 'failed', description: lost }, plan));
            throw new LeaseLost(lost);
        }
        const status = await this.api.createDeploymentStatus(deployment.id, this.statusBody({
            phase: 'deploying',
            description: plan.description,
            ...(plan.startFleet ? { fleet: plan.startFleet } : {})
        }, plan));
        const record = recordOf(deployment, payload, [status]);
        const known = this.known_.get(plan.environment);
        known?.records.unshift(structuredClone(record));
        known?.payloads.set(record.id, payload);
        return record;
    }
    async transition(record, transition) {
        if (IN_PROGRESS.includes(transition.phase))
            await this.confirmHeld(record);
        const status = await this.api.createDeploymentStatus(record.id, this.statusBody(transition, record));
        const cached = this.known_.get(record.environment)?.records.find(r => r.id === record.id);
        for (const target of new Set([record, cached])) {
            if (!target)
                continue;
            target.phase = transition.phase;
            target.updatedAt = status.created_at;
            target.events.push({
                at: status.created_at,
                phase: transition.phase,
                description: transition.description,
                ...(transition.step ? { step: transition.step } : {}),
                ...(transition.fleet ? { fleet: structuredClone(transition.fleet) } : {}),
                ...(transition.evidence ? { evidence: [...transition.evidence] } : {})
            });
        }
    }
    async confirmHeld(record) {
        const statuses = await this.api.listDeploymentStatuses(record.id, 100);
        const newest = [...statuses].sort((a, b) => b.id - a.id)[0];
        if (!newest)
            return;
        const event = eventOf(newest, { fleet: record.fleet, version: record.version });
        if (!IN_PROGRESS.includes(event.phase))
            throw new LeaseLost(notHeld({ ...record, phase: event.phase, events: [event] }));
    }
    /**
     * Claims made since the lease was checked, older than ours, still in progress: the oldest wins.
     * Usually the newest deployments hold only ours, and this costs one list.
     */
    async rivalBefore(plan, ours) {
        const fresh = await this.api.listDeployments({
            environment: plan.environment,
            task: TASK,
            perPage: PAGE_SIZE,
            page: 1
        });
        const claims = fresh
            .filter(d => d.id > plan.seenUpTo && d.id < ours)
            .sort((a, b) => a.id - b.id);
        const records = [];
        for (const deployment of claims) {
            const payload = readPayload(deployment);
            if (!payload)
                continue;
            records.push(recordOf(deployment, payload, await this.api.listDeploymentStatuses(deployment.id, 100)));
            const winner = raceWinner(records, plan.seenUpTo, ours);
            if (winner)
                return winner;
        }
        return undefined;
    }
    /** Our records, newest first: enough to know the state, and at least `atLeast` when there are that many. */
    /**
     * Our records, newest first: enough to know the state, and at least `atLeast` when there are
     * that many. After the newest few, the rest of the state comes from the context the newest
     * record was opened with (the ids of live, last known good and each color's newest), read
     * directly: failed attempts and previews piling up do not make a release read more.
     */
    async read(environment, atLeast) {
        let known = this.known_.get(environment);
        if (!known) {
            known = { records: [], payloads: new Map(), exhausted: false, anchored: false, nextPage: 1 };
            this.known_.set(environment, known);
        }
        const enough = (k) => k.records.length >= atLeast && (k.anchored || stateKnown(environment, k.records));
        while (!known.exhausted && !enough(known)) {
            const page = await this.api.listDeployments({
                environment,
                task: TASK,
                perPage: PAGE_SIZE,
                page: known.nextPage
            });
            known.nextPage += 1;
            if (page.length < PAGE_SIZE || known.nextPage > MAX_PAGES)
                known.exhausted = true;
            for (const deployment of page) {
                if (known.records.some(r => r.id === deployment.id))
                    continue;
                await this.add(known, deployment);
                if (enough(known))
                    break;
                if (known.records.length >= Math.max(WALK, atLeast) && (await this.anchor(known, page)))
                    break;
            }
        }
        if (known.exhausted && known.nextPage > MAX_PAGES)
            this.log.debug(`state: read the newest ${PAGE_SIZE * MAX_PAGES} deployments of ${environment}`);
        return known.records;
    }
    /** Reads a deployment's statuses into the known records (ours only). */
    async add(known, deployment) {
        const payload = readPayload(deployment);
        if (!payload)
            return;
        const statuses = await this.api.listDeploymentStatuses(deployment.id, 100);
        known.payloads.set(deployment.id, payload);
        known.records.push(recordOf(deployment, payload, statuses));
        known.records.sort((a, b) => b.id - a.id);
    }
    /** Completes the known records from the newest one's context; false when it has none. */
    async anchor(known, page) {
        const seen = known.payloads.get(known.records[0]?.id)?.seen;
        if (!seen)
            return false;
        const ids = [
            seen.live,
            seen.lastKnownGood,
            seen.blue,
            seen.green,
            seen.fleet,
            // Claims made since that state was read (runs that started together).
            ...page.filter(d => d.id > seen.upTo).map(d => d.id)
        ];
        for (const id of new Set(ids)) {
            if (id === undefined || known.records.some(r => r.id === id))
                continue;
            const deployment = page.find(d => d.id === id) ?? (await this.api.getDeployment(id));
            if (deployment)
                await this.add(known, deployment);
        }
        known.anchored = true;
        return true;
    }
    statusBody(transition, record) {
        return {
            ...statusOf(transition, record),
            ...(this.options.logUrl ? { log_url: this.options.logUrl } : {}),
            ...(this.options.environmentUrl ? { environment_url: this.options.environmentUrl } : {})
        };
    }
}
/** True when the newest records already decide live, last known good and what runs on each color. */
function stateKnown(environment, newestFirst) {
    const state = deriveState(environment, newestFirst);
    // A rolling environment: its newest record holds the whole fleet.
    if (newestFirst[0]?.color === 'fleet' && state.fleet !== undefined)
        return true;
    return (state.live !== undefined &&
        state.lastKnownGood !== undefined &&
        state.colors.blue !== undefined &&
        state.colors.green !== undefined);
}

;// CONCATENATED MODULE: ./src/state/factory.ts


/** One switch per store type; parse-settings has already resolved "auto". */
function createStateStore(settings, deps) {
    switch (settings.state.type) {
        case 'file':
            return new FileStateStore(settings.state.file, deps.clock);
        case 'github':
            if (!deps.api || !settings.github)
                throw new Error('bug: github state without a GitHub client');
            return new GitHubDeploymentsStore(deps.api, {
                sha: settings.github.sha,
                environmentUrl: settings.serviceUrl,
                logUrl: deps.runUrl,
                productionEnvironment: settings.state.productionEnvironment,
                transientEnvironment: settings.state.transientEnvironment
            }, deps.log);
    }
}

;// CONCATENATED MODULE: ./src/state/with-rollout-status.ts


/**
 * Mirrors a release onto its commit as the status progressive-deploy/<environment>: pending when
 * it starts, success when it takes traffic, failure when it fails. Wrapping the store keeps every
 * command's transitions and the commit status in step without each command remembering to post.
 */
class RolloutStatusStore {
    inner;
    statuses;
    log;
    type;
    constructor(inner, statuses, log) {
        this.inner = inner;
        this.statuses = statuses;
        this.log = log;
        this.type = inner.type;
    }
    load(environment) {
        return this.inner.load(environment);
    }
    known(environment) {
        return this.inner.known(environment);
    }
    history(environment, limit) {
        return this.inner.history(environment, limit);
    }
    holderGone(holder) {
        return this.inner.holderGone(holder);
    }
    confirmHeld(record) {
        return this.inner.confirmHeld(record);
    }
    /**
     * The pending status is the start of the mirror: when it cannot be posted the rollout does not
     * begin, and its record is closed at once so that no deployment is left in progress.
     */
    async begin(plan) {
        const record = await this.inner.begin(plan);
        try {
            await this.statuses.post(rolloutContext(plan.environment), 'pending', plan.description, record.sha || undefined);
        }
        catch (error) {
            await this.inner.transition(record, {
                phase: 'failed',
                description: `not started: its commit status could not be posted (${error.message.split('\n')[0]})`.slice(0, 120)
            });
            throw error;
        }
        return record;
    }
    /**
     * The deployment status is the record; the commit status mirrors it. A mirror that cannot be
     * updated is a warning, not a failure of what was recorded.
     */
    async transition(record, transition) {
        // Superseded before it ever took traffic (a preview, a release replaced while it waited):
        // its checks passed, and its pending status must not hang forever.
        const tookTraffic = wasLive(record);
        await this.inner.transition(record, transition);
        const state = transition.phase === 'live'
            ? 'success'
            : transition.phase === 'failed' || transition.phase === 'rolled-back'
                ? 'failure'
                : transition.phase === 'superseded' && !tookTraffic
                    ? 'success'
                    : undefined;
        if (state === undefined)
            return;
        try {
            await this.statuses.post(rolloutContext(record.environment), state, transition.description, record.sha || undefined);
        }
        catch (error) {
            this.log.warn(`${record.version} is recorded ${transition.phase}, but its commit status could not be updated: ${error.message}`);
        }
    }
}

;// CONCATENATED MODULE: ./src/run.ts





























/**
 * Runs one command for either host. Every failure becomes exit 1 with a message that says what
 * happened to traffic: configuration errors are raised before anything is changed.
 */
async function run(host) {
    let settings;
    try {
        settings = await withYamlOnDemand(() => parseSettings(withConfigFile(host.raw), host.command));
    }
    catch (error) {
        if ((host.command ?? host.raw('command')) === 'plan' && error instanceof ConfigurationError) {
            await reportInvalidPlan(host, error, publish);
        }
        return failure(host, error);
    }
    (0,timeline/* mark */.Gy)('settings');
    if (settings.github)
        host.maskSecret(settings.github.token);
    if (settings.notifyWebhook)
        host.maskSecret(settings.notifyWebhook);
    const kubeToken = settings.kubernetes?.connection.token;
    if (kubeToken)
        host.maskSecret(kubeToken);
    const ctx = buildContext(settings, host);
    const notifier = settings.notifyWebhook
        ? new WebhookNotifier(settings.notifyWebhook, ctx.http, host.log)
        : undefined;
    const notify = (ending) => {
        const note = notificationOf(settings.command, settings.environment, ending, ctx.runUrl);
        if (note)
            notifier?.send(note);
    };
    notify('start');
    (0,timeline/* mark */.Gy)('commandStart');
    const { outcome, thrown } = await execute(ctx);
    (0,timeline/* mark */.Gy)('commandEnd');
    notify(outcome);
    (0,timeline/* markSteps */.BL)(ctx.report.steps);
    await publish(host, ctx.report);
    await notifier?.settle();
    (0,timeline/* mark */.Gy)('published');
    // The headline, which says what the router holds, is also the message the step fails with.
    if (thrown !== undefined)
        return { ...failure(host, thrown), message: outcome.headline };
    return outcome.result === 'failure'
        ? { exitCode: 1, message: outcome.headline }
        : { exitCode: 0, message: '' };
}
/**
 * Runs the command and turns what it did into the report's ending and outputs, and its check
 * into a commit status: the one place that does, for every command and every ending.
 */
async function execute(ctx) {
    let outcome;
    let thrown;
    const before = ctx.settings.command === 'plan'
        ? undefined
        : await ctx.router.getWeights().catch(() => undefined);
    try {
        if (SETTLES.includes(ctx.settings.command)) {
            await checkKubernetesAccess(ctx);
            await settle(ctx);
        }
        outcome = await COMMAND_HANDLERS[ctx.settings.command](ctx);
    }
    catch (error) {
        thrown = error;
        outcome = failed(run_describe(error));
    }
    if (ctx.settings.command !== 'plan') {
        // Nothing changed after a refusal: its message stands, the outputs still tell the truth.
        const failure = thrown === undefined || thrown instanceof ConfigurationError ? undefined : run_describe(thrown);
        const reading = { ...(await readRouter(ctx)), ...(before ? { before } : {}) };
        outcome = withRouterTruth(outcome, reading, ctx.settings.strategy, failure);
    }
    ctx.report.conclude(outcome.result, outcome.headline, outputsOf(outcome, ctx.settings));
    if (outcome.check && ctx.settings.commitStatus)
        await postCheck(ctx, outcome.check);
    return thrown === undefined ? { outcome } : { outcome, thrown };
}
/** The router as it stands, and the records as this process knows them (no API call). */
async function readRouter(ctx) {
    const state = await ctx.store.known(ctx.settings.environment).catch(() => undefined);
    try {
        return { weights: await ctx.router.getWeights(), ...(state ? { state } : {}) };
    }
    catch (error) {
        return { error: error.message, ...(state ? { state } : {}) };
    }
}
/** Commands that act on an environment begin by bringing its records in line with the router. */
const SETTLES = [
    'release',
    'deploy-green',
    'verify',
    'switch',
    'canary-step',
    'promote',
    'abort',
    'rollback'
];
/** A check's result on the commit under test: verify on its own, or plan. */
async function postCheck(ctx, check) {
    const context = check.kind === 'plan' ? PLAN_CONTEXT : verifyContext(ctx.settings.environment);
    await ctx.statuses.post(context, check.passed ? 'success' : 'failure', check.description);
}
function buildContext(settings, host) {
    const clock = systemClock;
    const runner = new ExecCommandRunner();
    const http = new NodeHttpClient();
    const run = runInfo();
    const github = settings.github;
    const api = github ? new OctokitGitHubApi(github, clock, host.log) : undefined;
    const statuses = api && github && settings.commitStatus
        ? new GitHubCommitStatuses(api, github.sha, run.runUrl, host.log)
        : noCommitStatuses;
    const report = new Report(`${settings.command} · ${settings.environment}`, clock, host.log);
    if (run.runUrl)
        report.links.push({ label: 'workflow run', url: run.runUrl });
    if (github && settings.state.type === 'github') {
        report.links.push({
            label: `deployments of ${settings.environment}`,
            url: `${github.serverUrl}/${github.owner}/${github.repo}/deployments/${encodeURIComponent(settings.environment)}`
        });
    }
    const kube = settings.kubernetes ? new HttpsKubeApi(settings.kubernetes.connection) : undefined;
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
        store: new RolloutStatusStore(createStateStore(settings, { clock, log: host.log, api, runUrl: run.runUrl }), statuses, host.log),
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
                        serversOf: (target) => {
                            const pool = settings.pools[target] ?? [];
                            if (pool.length > 1)
                                return pool.map(m => m.name);
                            return [settings.router.haproxyServers[target] ?? target];
                        }
                    }
                }
                : {})
        }),
        ...run
    };
}
async function publish(host, report) {
    for (const [name, value] of Object.entries(report.outputs))
        host.setOutput(name, value ?? '');
    await host.writeSummary(renderMarkdown(report), renderText(report));
}
function failure(host, error) {
    const message = run_describe(error);
    if (!(error instanceof ConfigurationError) &&
        !(error instanceof BackendError) &&
        !(error instanceof LeaseLost)) {
        host.log.debug(error.stack ?? String(error));
    }
    return { exitCode: 1, message };
}
/** The user-facing sentence for an error, by kind. */
function run_describe(error) {
    if (error instanceof ConfigurationError)
        return `${error.message}\nNothing was changed.`;
    if (error instanceof BackendError || error instanceof LeaseLost)
        return error.message;
    return `unexpected error (please report it): ${error.message ?? String(error)}`;
}

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: ./src/platform/step-summary.ts

/**
 * Inside a GitHub Actions step the runner names a file in GITHUB_STEP_SUMMARY; whatever is
 * appended there becomes the job summary. The CLI run as a step writes the same summary the
 * action writes. Nothing happens outside Actions.
 */
async function appendStepSummary(markdown, file = process.env.GITHUB_STEP_SUMMARY) {
    if (!file)
        return;
    await (0,promises_namespaceObject.appendFile)(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8');
}

;// CONCATENATED MODULE: ./src/cli-main.ts






/**
 * One command line, run to its end as the CLI prints it; answers the exit code and never exits
 * the process, so the agent (src/agent/) can run one after another.
 */
async function runCli(argv) {
    let args;
    try {
        args = parseCliArgs(argv);
    }
    catch (error) {
        console.error((0,log_safety/* safeForLog */.p)(`error: ${error.message}`));
        return 1;
    }
    if (args.help || args.command === undefined) {
        console.log(usage());
        return args.help ? 0 : 1;
    }
    const flags = args.flags;
    const outputs = {};
    const result = await run({
        raw: name => flags[name],
        command: args.command,
        log: consoleLogger(process.env.PD_DEBUG === '1'),
        setOutput: (name, value) => {
            outputs[name] = value;
        },
        // The terminal prints no secret: the token is never logged, only sent to the API.
        maskSecret: () => { },
        writeSummary: async (markdown, text) => {
            console.log((0,log_safety/* safeForLog */.p)(text));
            await appendStepSummary(markdown);
        }
    });
    if (args.json)
        console.log(JSON.stringify(outputs));
    if (result.exitCode !== 0)
        console.error((0,log_safety/* safeForLog */.p)(`error: ${result.message}`));
    if (process.env.PD_TIMING === '1')
        console.error(`timing ${JSON.stringify((0,timeline/* timeline */.IO)())}`);
    return result.exitCode;
}


/***/ }),

/***/ 5581:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _cli_main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4785);
/* harmony import */ var _platform_timeline_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4256);


// Command-line entry: the same engine as the action, flags instead of inputs. `agent` keeps one
// process running commands sent by bin/progressive-deploy (loaded only for it).
(0,_platform_timeline_js__WEBPACK_IMPORTED_MODULE_1__/* .mark */ .Gy)('loaded');
const argv = process.argv.slice(2);
if (argv[0] === 'agent') {
    const { runAgent } = await __nccwpck_require__.e(/* import() */ 411).then(__nccwpck_require__.bind(__nccwpck_require__, 411));
    process.exitCode = await runAgent(argv.slice(1), _cli_main_js__WEBPACK_IMPORTED_MODULE_0__/* .runCli */ .a);
}
else
    process.exit(await (0,_cli_main_js__WEBPACK_IMPORTED_MODULE_0__/* .runCli */ .a)(argv));

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 784:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ safeForLog)
/* harmony export */ });
/**
 * The Actions runner reads every line a step prints, on stdout and stderr, and runs it as a
 * workflow command when, after leading white space, it starts with "::" (`::error::`,
 * `::add-mask::` ...), or when it holds "##[" anywhere (the old form). Settings are checked when
 * they are read, but a log line also carries what others said: nginx's error output, an HTTP
 * body, an API message. Every line we print goes through here, so no text of anyone else's can
 * become a command. Pure.
 */
/** A zero-width space: splits the marker so the runner does not see it, and a reader still does. */
const SPLIT = '\u200B';
/** Control characters other than tab and line feed, shown as escapes instead of acting. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\0-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
/** Makes text safe to print: one output line per line of text, none of them a workflow command. */
function safeForLog(text) {
    return text
        .replace(/\r\n?/g, '\n')
        .replace(CONTROL, c => `\\u${c.codePointAt(0).toString(16).padStart(4, '0')}`)
        .split('\n')
        .map(safeLine)
        .join('\n');
}
function safeLine(line) {
    const defused = line.replace(/##\[/g, `#${SPLIT}#[`);
    const indent = /^\s*/u.exec(defused)?.[0] ?? '';
    return defused.startsWith('::', indent.length)
        ? `${indent}:${SPLIT}:${defused.slice(indent.length + 2)}`
        : defused;
}


/***/ }),

/***/ 4256:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   BL: () => (/* binding */ markSteps),
/* harmony export */   Gy: () => (/* binding */ mark),
/* harmony export */   IO: () => (/* binding */ timeline)
/* harmony export */ });
/**
 * Where one command's time goes, in ms since the process started (performance.now()): the
 * entry marks when its bundle was loaded, run.ts when settings were read and the command began
 * and ended, and the report's steps say when each began. PD_TIMING=1 prints it; the benchmark
 * reads it to show what a switch costs beyond the swap itself.
 */
const marks = {};
let steps = [];
function mark(name) {
    marks[name] = Math.round(performance.now() * 10) / 10;
}
function markSteps(list) {
    steps = list.map(s => ({
        name: s.name,
        startMs: Math.round(s.startedAtMs * 10) / 10,
        durationMs: Math.round(s.durationMs * 10) / 10
    }));
}
function timeline() {
    return { ...marks, steps };
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(5581);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
