// Built by npm run build from demo/main.ts; do not edit.
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 586:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ labStop),
/* harmony export */   c: () => (/* binding */ labStart)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(24);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _nginx_lab_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(658);
/* harmony import */ var _sample_commands_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(867);
/* harmony import */ var _sample_service_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(198);





/**
 * `demo.js lab <dir>`: nginx and the sample service v0 on blue, left running for an end-to-end
 * workflow; prints KEY=value lines for $GITHUB_ENV. `demo.js lab-stop <dir>` stops them.
 */
async function labStart(self, dir) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dir, { recursive: true });
    const binary = (0,_nginx_lab_js__WEBPACK_IMPORTED_MODULE_2__/* .ensureNginx */ .bh)(line => console.error(line));
    const [nginxPort, bluePort, greenPort] = [await (0,_sample_service_js__WEBPACK_IMPORTED_MODULE_4__/* .freePort */ .o)(), await (0,_sample_service_js__WEBPACK_IMPORTED_MODULE_4__/* .freePort */ .o)(), await (0,_sample_service_js__WEBPACK_IMPORTED_MODULE_4__/* .freePort */ .o)()];
    const nginx = await (0,_nginx_lab_js__WEBPACK_IMPORTED_MODULE_2__/* .startNginx */ .LT)({
        prefix: node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, 'nginx'),
        port: nginxPort,
        upstream: (0,_nginx_lab_js__WEBPACK_IMPORTED_MODULE_2__/* .initialUpstream */ .Qu)(`127.0.0.1:${bluePort}`),
        binary
    });
    Object.assign(process.env, {
        DEMO_DIR: dir,
        PD_COLOR: 'blue',
        PD_PORT: String(bluePort),
        PD_VERSION: 'v0'
    });
    const code = await (0,_sample_commands_js__WEBPACK_IMPORTED_MODULE_3__/* .deploy */ .gg)(self);
    const facts = {
        DEMO_DIR: dir,
        LAB_URL: nginx.url,
        LAB_BLUE: `127.0.0.1:${bluePort}`,
        LAB_GREEN: `127.0.0.1:${greenPort}`,
        LAB_UPSTREAM: nginx.upstreamFile,
        LAB_NGINX_CONFIG: nginx.configFile,
        LAB_NGINX_PREFIX: nginx.prefix,
        LAB_NGINX: binary
    };
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, 'lab.json'), JSON.stringify(facts));
    for (const [key, value] of Object.entries(facts))
        console.log(`${key}=${value}`);
    return code;
}
async function labStop(dir) {
    for (const file of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(dir).filter(f => f.endsWith('.pid')))
        await (0,_sample_commands_js__WEBPACK_IMPORTED_MODULE_3__/* .stopPid */ .cE)(Number((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, file), 'utf8')));
    const nginxPid = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, 'nginx', 'nginx.pid');
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(nginxPid))
        await (0,_sample_commands_js__WEBPACK_IMPORTED_MODULE_3__/* .stopPid */ .cE)(Number((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(nginxPid, 'utf8')));
    return 0;
}


/***/ }),

/***/ 803:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _lab_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(586);
/* harmony import */ var _run_demo_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(171);
/* harmony import */ var _sample_commands_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(867);



// Entry of dist/demo.js: the demo itself, and the scripts around the sample service that the demo
// and the end-to-end workflow deploy with.
const self = process.argv[1];
const [sub, ...rest] = process.argv.slice(2);
const handlers = {
    deploy: () => (0,_sample_commands_js__WEBPACK_IMPORTED_MODULE_2__/* .deploy */ .gg)(self, rest),
    smoke: () => (0,_sample_commands_js__WEBPACK_IMPORTED_MODULE_2__/* .smoke */ .Qe)(),
    lab: () => (0,_lab_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .labStart */ .c)(self, rest[0]),
    'lab-stop': () => (0,_lab_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .labStop */ .Y)(rest[0])
};
const USAGE = `Usage: node dist/demo.js [command]

  (no command)        the demo: real nginx, two versions of a sample service and load on this
                      machine; deploy-green, verify, switch, a broken release stopped by verify,
                      and a rollback
  lab <dir>           nginx and the sample service v0 on blue, left running for an end-to-end
                      workflow; prints KEY=value lines for $GITHUB_ENV
  lab-stop <dir>      stop them
  deploy ...          the sample deploy script the demo and the end-to-end workflow use
  smoke               the sample smoke test
  serve ...           run one sample service in the foreground
  --help              this text`;
if (sub === '--help' || sub === '-h' || sub === 'help')
    console.log(USAGE);
else if (sub === 'serve')
    await (0,_sample_commands_js__WEBPACK_IMPORTED_MODULE_2__/* .serve */ .wX)(rest);
else if (sub === undefined)
    process.exitCode = await (0,_run_demo_js__WEBPACK_IMPORTED_MODULE_1__/* .runDemo */ .n)(self);
else if (handlers[sub])
    process.exitCode = await handlers[sub]();
else {
    console.error(`unknown command "${sub.replace(/[^\w.-]/g, '?').slice(0, 40)}"\n\n${USAGE}`);
    process.exitCode = 1;
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 658:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  bh: () => (/* binding */ ensureNginx),
  Qu: () => (/* binding */ initialUpstream),
  LT: () => (/* binding */ startNginx)
});

// UNUSED EXPORTS: LUA_MODULES, nginxConfig, waitForPort

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
;// CONCATENATED MODULE: external "node:net"
const external_node_net_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");
var external_node_net_default = /*#__PURE__*/__nccwpck_require__.n(external_node_net_namespaceObject);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./demo/nginx-lab.ts




const CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'];
/** Finds nginx; installs it with apt-get when missing and allowed, else says exactly what to install. */
function ensureNginx(log = console.log) {
    const found = findNginx();
    if (found)
        return found;
    const asRoot = process.getuid?.() === 0;
    const hasApt = (0,external_node_child_process_.spawnSync)('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
    if (!asRoot || !hasApt) {
        throw new Error('nginx is not installed. Install it first: sudo apt-get install -y nginx-light (Debian/Ubuntu), or put nginx on PATH.');
    }
    log('nginx is missing: installing it with apt-get (nginx-light), about 20 s ...');
    (0,external_node_child_process_.execFileSync)('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    (0,external_node_child_process_.execFileSync)('apt-get', ['install', '-y', '-qq', 'nginx-light'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    });
    const installed = findNginx();
    if (!installed)
        throw new Error('apt-get install nginx-light finished but no nginx binary was found.');
    return installed;
}
function findNginx() {
    const onPath = (0,external_node_child_process_.spawnSync)('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
    if (onPath.status === 0 && onPath.stdout.trim() !== '')
        return onPath.stdout.trim();
    return CANDIDATES.find(candidate => (0,external_node_fs_.existsSync)(candidate));
}
/**
 * Starts nginx in `prefix`, proxying 127.0.0.1:port to the upstream in upstream.conf. Responses
 * carry X-Upstream-Addr so a probe can tell which backend answered.
 */
async function startNginx(options) {
    const { prefix, port } = options;
    const binary = options.binary ?? ensureNginx();
    for (const dir of ['logs', 'tmp/body', 'tmp/proxy', 'tmp/fcgi', 'tmp/uwsgi', 'tmp/scgi'])
        (0,external_node_fs_.mkdirSync)(external_node_path_default().join(prefix, dir), { recursive: true });
    const upstreamFile = external_node_path_default().join(prefix, 'upstream.conf');
    const configFile = external_node_path_default().join(prefix, 'nginx.conf');
    (0,external_node_fs_.writeFileSync)(upstreamFile, options.upstream);
    (0,external_node_fs_.writeFileSync)(configFile, (options.lua ? LUA_MODULES : '') + nginxConfig(prefix, port, upstreamFile));
    (0,external_node_child_process_.execFileSync)(binary, ['-c', configFile, '-p', prefix], { stdio: 'pipe' });
    await waitForPort(port, 5000);
    const pidFile = external_node_path_default().join(prefix, 'nginx.pid');
    return {
        prefix,
        configFile,
        upstreamFile,
        port,
        url: `http://127.0.0.1:${port}/`,
        binary,
        accessLog: external_node_path_default().join(prefix, 'logs', 'access.json'),
        stop: async () => {
            if (!(0,external_node_fs_.existsSync)(pidFile))
                return;
            const pid = Number((0,external_node_fs_.readFileSync)(pidFile, 'utf8').trim());
            try {
                process.kill(pid, 'SIGTERM');
            }
            catch {
                return;
            }
            for (let i = 0; i < 100 && alive(pid); i++)
                await new Promise(r => setTimeout(r, 30));
            if (alive(pid))
                process.kill(pid, 'SIGKILL');
        }
    };
}
/** Debian's libnginx-mod-http-lua, as /etc/nginx/modules-enabled loads it for the packaged nginx. */
const LUA_MODULES = `load_module /usr/lib/nginx/modules/ndk_http_module.so;
load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;
`;
function nginxConfig(prefix, port, upstreamFile) {
    return `worker_processes 2;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
user root;
events { worker_connections 4096; }
http {
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  # The access log gates read (README: "Gates on real traffic").
  log_format progressive_deploy escape=json '{"upstream_addr":"$upstream_addr","status":"$status","upstream_response_time":"$upstream_response_time","request_time":"$request_time","request_uri":"$request_uri"}';
  access_log ${prefix}/logs/access.json progressive_deploy;
  include ${upstreamFile};
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://app;
      # A request sent to a server that is being replaced must fail, not be retried elsewhere:
      # a retry would hide exactly the bad drain the tests look for.
      proxy_next_upstream off;
      proxy_set_header X-Via-Lb 1;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      add_header X-Upstream-Addr $upstream_addr always;
    }
  }
}
`;
}
/** An upstream file with all traffic on one address: the hand-written start a user would have. */
function initialUpstream(address) {
    return `upstream app {\n    server ${address};\n}\n`;
}
function alive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch {
        return false;
    }
}
async function waitForPort(port, timeoutMs, host = '127.0.0.1') {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        const open = await new Promise(resolve => {
            const socket = external_node_net_default().connect(port, host);
            socket.once('connect', () => {
                socket.destroy();
                resolve(true);
            });
            socket.once('error', () => resolve(false));
        });
        if (open)
            return;
        await new Promise(r => setTimeout(r, 25));
    }
    throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
}


/***/ }),

/***/ 171:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  n: () => (/* binding */ runDemo)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
var external_node_os_default = /*#__PURE__*/__nccwpck_require__.n(external_node_os_namespaceObject);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(67);
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_);
;// CONCATENATED MODULE: ./demo/load-generator.ts

const SLICE_MS = 100;
/** Real HTTP load on loopback; bounded in time and count so it always stops. */
function startLoad(options) {
    const agent = options.kind === 'keep-alive'
        ? new (external_node_http_default()).Agent({ keepAlive: true, maxSockets: options.concurrency })
        : undefined;
    const stats = {
        kind: options.kind,
        requests: 0,
        posts: 0,
        ok: 0,
        non2xx: 0,
        connectionErrors: 0,
        byVersion: {},
        failedByVersion: {},
        errorCodes: {},
        durationMs: 0
    };
    const started = performance.now();
    const maxDuration = options.maxDurationMs ?? 10 * 60_000;
    const maxRequests = options.maxRequests ?? 5_000_000;
    // One slot per 100 ms of the run: bounded by the run's maximum duration.
    const timeline = [];
    const lastAnswer = new Map();
    let stopping = false;
    const timer = setTimeout(() => (stopping = true), maxDuration);
    const count = (table, key) => {
        table[key] = (table[key] ?? 0) + 1;
    };
    const body = JSON.stringify({ restaurant: 'trattoria', rating: 5 });
    const one = (post) => new Promise(resolve => {
        stats.requests += 1;
        if (post)
            stats.posts += 1;
        const headers = agent ? {} : { connection: 'close' };
        if (post)
            Object.assign(headers, {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(body)
            });
        const target = options.paths?.length
            ? new URL(options.paths[stats.requests % options.paths.length], options.url).toString()
            : options.url;
        const request = external_node_http_default().request(target, { method: post ? 'POST' : 'GET', agent: agent ?? false, headers, timeout: 5000 }, response => {
            response.resume();
            response.on('end', () => {
                const status = response.statusCode ?? 0;
                const version = String(response.headers['x-version'] ?? 'unknown');
                lastAnswer.set(version, performance.now());
                if (status >= 200 && status < 300) {
                    stats.ok += 1;
                    count(stats.byVersion, version);
                    count((timeline[Math.floor((performance.now() - started) / SLICE_MS)] ??= {}), version);
                }
                else {
                    stats.non2xx += 1;
                    count(stats.failedByVersion, version);
                }
                resolve();
            });
            response.on('error', error => fail(error));
        });
        const fail = (error) => {
            stats.connectionErrors += 1;
            count(stats.errorCodes, error.code ?? error.message);
            resolve();
        };
        request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
        request.on('error', fail);
        request.end(post ? body : undefined);
    });
    const client = async (index) => {
        // Paced clients start staggered and keep to their own schedule, whatever an answer took.
        const gapMs = options.ratePerSecond ? (1000 * options.concurrency) / options.ratePerSecond : 0;
        const first = performance.now() + (gapMs * index) / options.concurrency;
        for (let n = 0; !stopping && stats.requests < maxRequests; n++) {
            if (gapMs > 0) {
                const wait = first + n * gapMs - performance.now();
                if (wait > 0)
                    await new Promise(r => setTimeout(r, wait));
                if (stopping)
                    break;
            }
            await one(options.posts !== false && n % 2 === 1);
            if (options.pauseMs)
                await new Promise(r => setTimeout(r, options.pauseMs));
        }
    };
    const clients = Array.from({ length: options.concurrency }, (_, i) => client(i));
    const copy = () => ({
        ...stats,
        byVersion: { ...stats.byVersion },
        failedByVersion: { ...stats.failedByVersion },
        errorCodes: { ...stats.errorCodes },
        durationMs: performance.now() - started
    });
    return {
        snapshot: copy,
        between: (from, to) => {
            const total = {};
            const first = Math.max(0, Math.ceil((from - started) / SLICE_MS));
            const last = Math.floor((to - started) / SLICE_MS);
            for (let i = first; i < last; i++)
                for (const [v, n] of Object.entries(timeline[i] ?? {}))
                    total[v] = (total[v] ?? 0) + n;
            return total;
        },
        lastAnswerFrom: version => lastAnswer.get(version),
        stop: async () => {
            stopping = true;
            clearTimeout(timer);
            await Promise.all(clients);
            agent?.destroy();
            return copy();
        }
    };
}
/** What changed between two snapshots of the same load. */
function difference(after, before) {
    const delta = (a, b) => {
        const out = {};
        for (const [k, n] of Object.entries(a))
            if (n - (b[k] ?? 0) > 0)
                out[k] = n - (b[k] ?? 0);
        return out;
    };
    return {
        kind: after.kind,
        requests: after.requests - before.requests,
        posts: after.posts - before.posts,
        ok: after.ok - before.ok,
        non2xx: after.non2xx - before.non2xx,
        connectionErrors: after.connectionErrors - before.connectionErrors,
        byVersion: delta(after.byVersion, before.byVersion),
        failedByVersion: delta(after.failedByVersion, before.failedByVersion),
        errorCodes: delta(after.errorCodes, before.errorCodes),
        durationMs: after.durationMs - before.durationMs
    };
}

// EXTERNAL MODULE: ./demo/nginx-lab.ts + 1 modules
var nginx_lab = __nccwpck_require__(658);
// EXTERNAL MODULE: ./demo/lab-commands.ts
var lab_commands = __nccwpck_require__(586);
// EXTERNAL MODULE: ./demo/sample-service.ts
var sample_service = __nccwpck_require__(198);
;// CONCATENATED MODULE: ./demo/run-demo.ts








/**
 * `npm run demo`: real nginx, two versions of the sample service and a load generator on
 * loopback; deploy-green → verify → switch, a broken release stopped by verify, a rollback.
 * Runs the engine as a user would: `node dist/cli.js`. Cleans up every process it started.
 */
async function runDemo(self) {
    const cli = external_node_path_default().join(external_node_path_default().dirname(self), 'cli.js');
    const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_default().join(external_node_os_default().tmpdir(), 'progressive-deploy-demo-'));
    const logFile = external_node_path_default().join(dir, 'demo.log');
    const [nginxPort, bluePort, greenPort] = [await (0,sample_service/* freePort */.o)(), await (0,sample_service/* freePort */.o)(), await (0,sample_service/* freePort */.o)()];
    console.log('progressive-deploy demo: blue/green behind real nginx, under load');
    console.log(`  working directory ${dir} (full log: demo.log there)`);
    const binary = (0,nginx_lab/* ensureNginx */.bh)(line => console.log(`  ${line}`));
    const nginx = await (0,nginx_lab/* startNginx */.LT)({
        prefix: external_node_path_default().join(dir, 'nginx'),
        port: nginxPort,
        upstream: (0,nginx_lab/* initialUpstream */.Qu)(`127.0.0.1:${bluePort}`),
        binary
    });
    console.log(`  nginx on ${nginx.url}, blue on 127.0.0.1:${bluePort}, green on 127.0.0.1:${greenPort}\n`);
    const common = [
        '--environment',
        'demo',
        '--blue-address',
        `127.0.0.1:${bluePort}`,
        '--green-address',
        `127.0.0.1:${greenPort}`,
        '--nginx-upstream-file',
        nginx.upstreamFile,
        '--nginx-config',
        nginx.configFile,
        '--nginx-prefix',
        nginx.prefix,
        '--nginx-binary',
        binary,
        '--probe-url',
        nginx.url,
        '--state-file',
        external_node_path_default().join(dir, 'state.json'),
        '--deploy-command',
        JSON.stringify([process.execPath, self, 'deploy']),
        '--smoke-command',
        JSON.stringify([process.execPath, self, 'smoke']),
        '--health-interval',
        '200ms',
        '--health-deadline',
        '10s'
    ];
    const steps = [
        {
            title: 'deploy v2.0 to the idle color',
            command: ['deploy-green', '--version', 'v2.0'],
            expectExit: 0,
            expectServing: 'v1.0'
        },
        {
            title: 'verify v2.0 (health + smoke)',
            command: ['verify'],
            expectExit: 0,
            expectServing: 'v1.0'
        },
        { title: 'switch traffic to v2.0', command: ['switch'], expectExit: 0, expectServing: 'v2.0' },
        {
            title: 'deploy v3.0-broken',
            command: ['deploy-green', '--version', 'v3.0-broken'],
            expectExit: 0,
            expectServing: 'v2.0'
        },
        {
            title: 'verify v3.0-broken: smoke test fails',
            command: ['verify'],
            expectExit: 1,
            expectServing: 'v2.0'
        },
        {
            title: 'roll back v2.0 → v1.0 (redeploys v1.0)',
            command: ['rollback', '--reason', 'demo: v2.0 judged bad'],
            expectExit: 0,
            expectServing: 'v1.0'
        }
    ];
    const runCli = (args) => runLogged(cli, [...args, ...common], { ...process.env, DEMO_DIR: dir }, logFile);
    const results = [];
    let loads = [];
    try {
        console.log('▶ first release: v1.0 (release = deploy-green + verify + switch), before any load');
        const first = await runCli(['release', '--version', 'v1.0']);
        console.log(`  ${first.headline}\n`);
        if (first.exitCode !== 0)
            throw new Error('the first release failed; see demo.log');
        loads = [
            startLoad({ url: nginx.url, kind: 'fresh', concurrency: 4, pauseMs: 5 }),
            startLoad({ url: nginx.url, kind: 'keep-alive', concurrency: 4, pauseMs: 5 })
        ];
        await new Promise(r => setTimeout(r, 500));
        for (const step of steps) {
            const before = loads.map(l => l.snapshot());
            const started = performance.now();
            console.log(`▶ ${step.title}`);
            const { exitCode, headline } = await runCli(step.command);
            await new Promise(r => setTimeout(r, 300));
            const load = loads.map((l, i) => difference(l.snapshot(), before[i]));
            results.push({ step, exitCode, headline, ms: performance.now() - started, load });
            console.log(`  exit ${exitCode}: ${headline}\n`);
        }
    }
    finally {
        const finals = await Promise.all(loads.map(l => l.stop()));
        await cleanUp(dir);
        if (finals.length > 0)
            printReport(results, finals);
    }
    const problems = check(results);
    for (const problem of problems)
        console.log(`✖ ${problem}`);
    console.log(problems.length === 0
        ? '\n✔ demo finished as expected; all processes stopped.'
        : '\n✖ demo did not go as expected.');
    return problems.length === 0 ? 0 : 1;
}
function printReport(results, finals) {
    console.log('Report (load: 4 fresh-connection + 4 keep-alive clients through nginx)');
    console.log(`${'step'.padEnd(42)} ${'exit'.padEnd(4)} ${'served by'.padEnd(28)} ${'requests'.padStart(8)} ${'HTTP fail'.padStart(9)} ${'conn err (fresh/ka)'.padStart(19)}`);
    for (const r of results) {
        const served = servedBy(r.load);
        const requests = r.load.reduce((s, l) => s + l.requests, 0);
        const non2xx = r.load.reduce((s, l) => s + l.non2xx, 0);
        const conn = `${r.load[0].connectionErrors}/${r.load[1].connectionErrors}`;
        console.log(`${r.step.title.padEnd(42)} ${String(r.exitCode).padEnd(4)} ${served.padEnd(28)} ${String(requests).padStart(8)} ${String(non2xx).padStart(9)} ${conn.padStart(19)}`);
    }
    for (const f of finals) {
        console.log(`total ${f.kind}: ${f.requests} requests, ${f.non2xx} HTTP failures, ${f.connectionErrors} connection errors${Object.keys(f.errorCodes).length ? ` (${JSON.stringify(f.errorCodes)})` : ''}`);
    }
}
function versionsServed(load) {
    const counts = {};
    for (const l of load)
        for (const [v, n] of Object.entries(l.byVersion))
            counts[v] = (counts[v] ?? 0) + n;
    return counts;
}
function servedBy(load) {
    return Object.entries(versionsServed(load))
        .map(([v, n]) => `${v} ${n}`)
        .join(', ');
}
/** What the demo promises: each step's exit code, the serving version, and no failed request. */
function check(results) {
    const problems = [];
    for (const r of results) {
        if (r.exitCode !== r.step.expectExit)
            problems.push(`"${r.step.title}" exited ${r.exitCode}, expected ${r.step.expectExit}`);
        if (!(r.step.expectServing in versionsServed(r.load)))
            problems.push(`"${r.step.title}": ${r.step.expectServing} did not serve during the step`);
        const non2xx = r.load.reduce((s, l) => s + l.non2xx, 0);
        if (non2xx > 0)
            problems.push(`"${r.step.title}": ${non2xx} HTTP failures`);
        if (r.load[0].connectionErrors > 0)
            problems.push(`"${r.step.title}": ${r.load[0].connectionErrors} connection errors on fresh connections`);
    }
    return problems;
}
/** Runs one CLI command; its full output goes to the log, its headline comes back. */
function runLogged(cli, args, env, logFile) {
    return new Promise(resolve => {
        (0,external_node_fs_.appendFileSync)(logFile, `\n$ progressive-deploy ${args.join(' ')}\n`);
        const child = (0,external_node_child_process_.spawn)(process.execPath, [cli, ...args], {
            env,
            stdio: ['ignore', 'pipe', 'pipe']
        });
        let output = '';
        child.stdout.on('data', chunk => (output += chunk));
        child.stderr.on('data', chunk => (output += chunk));
        child.on('close', code => {
            (0,external_node_fs_.appendFileSync)(logFile, output);
            const headline = /^progressive-deploy .*$/m.exec(output)?.[0] ?? output.trim().split('\n').pop() ?? '';
            resolve({ exitCode: code ?? 1, headline });
        });
    });
}
async function cleanUp(dir) {
    await (0,lab_commands/* labStop */.Y)(dir);
    if (process.env.DEMO_KEEP !== '1')
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
}


/***/ }),

/***/ 867:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Qe: () => (/* binding */ smoke),
/* harmony export */   cE: () => (/* binding */ stopPid),
/* harmony export */   gg: () => (/* binding */ deploy),
/* harmony export */   wX: () => (/* binding */ serve)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(24);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(67);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_http__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _sample_service_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(198);





// The user-side scripts of the demo: what a team's own deploy and smoke scripts would do.
/** `demo.js serve`: runs one version of the sample service until SIGTERM. */
async function serve(args) {
    const flag = (name) => args[args.indexOf(`--${name}`) + 1] ?? '';
    const version = flag('version');
    const service = await (0,_sample_service_js__WEBPACK_IMPORTED_MODULE_4__/* .startSampleService */ .u)({
        port: Number(flag('port')),
        ...(args.includes('--host') ? { host: flag('host') } : {}),
        version,
        color: flag('color'),
        broken: version.includes('broken'),
        unhealthy: args.includes('--unhealthy')
    });
    process.on('SIGTERM', () => void service.close().then(() => process.exit(0)));
}
/**
 * `demo.js deploy [--dir <dir>] [--unhealthy-on <instance>[@<version>]]`: the demo's deploy command. Reads PD_COLOR (or, in
 * a rolling update, PD_INSTANCE), PD_PORT and PD_VERSION from the environment progressive-deploy
 * gives it, stops what ran there and starts the version. --unhealthy-on starts that instance
 * (with that version only, after @) with a failing /healthz, as a bad release or host would.
 */
async function deploy(self, args = []) {
    const dirAt = args.indexOf('--dir');
    const dir = dirAt === -1 ? process.env.DEMO_DIR : args[dirAt + 1];
    const { PD_PORT: port, PD_VERSION: version } = process.env;
    // The instance's own host: on a host with several addresses it listens where the load balancer sends.
    const host = process.env.PD_HOST || '127.0.0.1';
    const color = process.env.PD_INSTANCE || process.env.PD_COLOR;
    if (!dir || !color || !port || !version) {
        console.error('deploy: DEMO_DIR, PD_COLOR (or PD_INSTANCE), PD_PORT and PD_VERSION must be set');
        return 2;
    }
    const unhealthyOn = args.indexOf('--unhealthy-on');
    const [badInstance, badVersion] = (args[unhealthyOn + 1] ?? '').split('@');
    const unhealthy = unhealthyOn !== -1 &&
        badInstance === color &&
        (badVersion === undefined || badVersion === version);
    const pidFile = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, `${color}.pid`);
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(pidFile)) {
        // The instance's own word on its drain, before it stops: how long since the load balancer
        // last sent it a request (a lab asserts on this, not on a sampler that may run late).
        const idleMs = await idleOf(host, port);
        if (idleMs !== undefined)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.appendFileSync)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, 'events.log'), `idle ${color} ${idleMs}\n`);
        await stopPid(Number((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(pidFile, 'utf8')));
    }
    const log = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, `${color}.log`), 'a');
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(process.execPath, [
        self,
        'serve',
        '--port',
        port,
        '--host',
        host,
        '--version',
        version,
        '--color',
        color,
        // Names the directory on the command line, so a check can find what a demo left running.
        '--dir',
        dir,
        ...(unhealthy ? ['--unhealthy'] : [])
    ], {
        detached: true,
        stdio: ['ignore', log, log]
    });
    child.unref();
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(pidFile, String(child.pid));
    // One ordered log for a lab: the lab's router sampler writes when an instance leaves and
    // rejoins rotation, this when it is deployed.
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.appendFileSync)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, 'events.log'), `deploy ${color} ${version}\n`);
    console.log(`deploy: started ${version} on ${color} (port ${port}, pid ${child.pid})`);
    return 0;
}
/** `demo.js smoke`: the demo's smoke test; the real page must answer 200 with ok: true. */
async function smoke() {
    const url = `${process.env.PD_URL}/`;
    const answer = await new Promise(resolve => {
        node_http__WEBPACK_IMPORTED_MODULE_2___default().get(url, { agent: false }, response => {
            let body = '';
            response.on('data', chunk => (body += chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        })
            .on('error', error => resolve({ status: 0, body: error.message }));
    });
    if (answer.status === 200 && answer.body.includes('"ok":true')) {
        console.log(`smoke: ${url} ok`);
        return 0;
    }
    console.error(`smoke: ${url} answered ${answer.status}: ${answer.body.slice(0, 100)}`);
    return 1;
}
/** Milliseconds since the service on this port last got a request through the load balancer. */
function idleOf(host, port) {
    const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    return new Promise(resolve => {
        node_http__WEBPACK_IMPORTED_MODULE_2___default().get(`http://${authority}/__served`, { agent: false, timeout: 1000 }, response => {
            let body = '';
            response.on('data', chunk => (body += chunk));
            response.on('end', () => {
                try {
                    const { idleMs } = JSON.parse(body);
                    resolve(idleMs ?? Number.POSITIVE_INFINITY);
                }
                catch {
                    resolve(undefined);
                }
            });
        })
            .on('error', () => resolve(undefined));
    });
}
async function stopPid(pid) {
    try {
        process.kill(pid, 'SIGTERM');
    }
    catch {
        return;
    }
    for (let i = 0; i < 100; i++) {
        try {
            process.kill(pid, 0);
        }
        catch {
            return;
        }
        if (isZombie(pid))
            return;
        await new Promise(r => setTimeout(r, 20));
    }
    try {
        process.kill(pid, 'SIGKILL');
    }
    catch {
        // already gone
    }
}
/** An exited process nobody has reaped yet (containers whose init does not reap) still answers kill 0. */
function isZombie(pid) {
    try {
        return /^\d+ \(.*\) Z/.test((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(`/proc/${pid}/stat`, 'utf8'));
    }
    catch {
        return false;
    }
}


/***/ }),

/***/ 198:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ freePort),
/* harmony export */   u: () => (/* binding */ startSampleService)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(67);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);

/**
 * The service being released in the demo, tests and benchmarks. It says which version and color
 * answered, in headers and body, so clients can tell where traffic went; tests can make it fail a
 * share of requests or answer slower.
 */
function startSampleService(options) {
    let served = 0;
    // Requests under failPath (all, without one): failRate of these fail, spread evenly.
    let onPath = 0;
    // Requests the load balancer forwarded (the lab marks them): a lab can tell from the backends
    // themselves which ones the router sends traffic to, without trusting the router's files.
    let viaLoadBalancer = 0;
    // When the load balancer last forwarded one: how long an instance has been out of rotation,
    // from the instance itself.
    let lastViaLoadBalancer;
    // Tells this process from the one that ran before it on the same port.
    const since = `${process.pid}-${performance.timeOrigin}`;
    const server = node_http__WEBPACK_IMPORTED_MODULE_0___default().createServer((request, response) => {
        // A POST's body is read and dropped: the answer is the same for every method.
        request.resume();
        response.setHeader('x-version', options.version);
        response.setHeader('x-color', options.color);
        if (request.url === '/__served') {
            response.setHeader('content-type', 'application/json');
            const idleMs = lastViaLoadBalancer === undefined ? null : Date.now() - lastViaLoadBalancer;
            response.end(JSON.stringify({ viaLoadBalancer, since, idleMs }));
            return;
        }
        if (request.headers['x-via-lb'] !== undefined) {
            viaLoadBalancer++;
            lastViaLoadBalancer = Date.now();
        }
        if (request.url === '/healthz') {
            response.statusCode = options.unhealthy ? 503 : 200;
            response.end(options.unhealthy ? 'starting' : 'ok');
            return;
        }
        if (request.url === '/metrics' && options.metrics) {
            void options.metrics.render().then(page => {
                response.setHeader('content-type', page.contentType);
                response.end(page.body);
            });
            return;
        }
        const started = performance.now();
        const failing = options.failPath === undefined || (request.url ?? '/').startsWith(options.failPath);
        const rate = failing ? (options.failRate ?? 0) : 0;
        const slowShare = options.slowShare ?? 0;
        // Deterministic spread: exactly `rate` of the requests fail, evenly (and `slowShare` are slow).
        const failed = options.broken === true ||
            (failing && Math.floor((onPath + 1) * rate) > Math.floor(onPath * rate));
        const slow = Math.floor((served + 1) * slowShare) > Math.floor(served * slowShare);
        if (failing)
            onPath++;
        served++;
        const answer = () => {
            response.statusCode = failed ? 500 : 200;
            response.setHeader('content-type', 'application/json');
            response.end(JSON.stringify({ version: options.version, color: options.color, ok: !failed }));
            options.metrics?.observe(response.statusCode, (performance.now() - started) / 1000);
        };
        const delay = (options.latencyMs ?? 0) + (slow ? (options.slowMs ?? 0) : 0);
        if (delay > 0)
            setTimeout(answer, delay);
        else
            answer();
    });
    server.keepAliveTimeout = 30_000;
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host ?? '127.0.0.1', () => {
            resolve({
                port: server.address().port,
                close: () => new Promise(done => {
                    server.closeAllConnections();
                    server.close(() => done());
                })
            });
        });
    });
}
/**
 * A port nothing listens on, for a server that must be told its port before it starts (nginx,
 * HAProxy, an instance a deploy script starts). Chosen below the kernel's ephemeral range
 * (32768–60999 on Linux), where the kernel never hands a port to an outgoing connection, so the
 * load's own connections cannot take it between this check and the server's bind; checked free
 * by binding it; another test process picking the same one is what the random choice avoids.
 */
async function freePort() {
    for (let attempt = 0; attempt < 100; attempt++) {
        const port = 20_000 + Math.floor(Math.random() * 12_000);
        if (await bindable(port))
            return port;
    }
    throw new Error('no free port found between 20000 and 32000');
}
function bindable(port) {
    return new Promise(resolve => {
        const server = node_http__WEBPACK_IMPORTED_MODULE_0___default().createServer();
        server.once('error', () => resolve(false));
        server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
}


/***/ }),

/***/ 421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 67:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

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
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
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
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(803);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
