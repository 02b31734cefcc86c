export const id = 411;
export const ids = [411];
export const modules = {

/***/ 411:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runAgent: () => (/* binding */ runAgent)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/platform/log-safety.ts
var log_safety = __webpack_require__(784);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
var external_node_net_default = /*#__PURE__*/__webpack_require__.n(external_node_net_);
;// CONCATENATED MODULE: ./src/agent/agent-request.ts
/**
 * The body bin/progressive-deploy sends: NUL-terminated fields — the working directory, the
 * number of words, the words, then `env -0`'s KEY=VALUE entries. NUL cannot occur inside any of
 * them, so no word is ever split or joined. Pure; throws on a body that is not this shape.
 */
function parseAgentRequest(body) {
    const fields = body.split('\0');
    if (fields.at(-1) === '')
        fields.pop();
    const [cwd, count, ...rest] = fields;
    const words = Number(count);
    if (!cwd?.startsWith('/') || !Number.isInteger(words) || words < 0 || words > rest.length)
        throw new Error('not a request from bin/progressive-deploy (working directory, word count, words, environment)');
    const env = {};
    for (const entry of rest.slice(words)) {
        const eq = entry.indexOf('=');
        if (eq > 0)
            env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    return { cwd, argv: rest.slice(0, words), env };
}
/** The line that ends the agent's answer: the exit code, after a record separator. */
const EXIT_MARKER = '\x1epd-exit ';

;// CONCATENATED MODULE: ./src/agent/in-client-context.ts
/**
 * Runs `work` as if this process had been started by the client: its environment and working
 * directory, and everything written to stdout or stderr sent to `out` instead. Process-wide, so
 * the agent runs one command at a time; both are restored afterwards, whatever happened.
 */
async function inClientContext(request, out, work) {
    const env = { ...process.env };
    const cwd = process.cwd();
    const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
    const capture = ((chunk, ...rest) => {
        out(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        const done = rest.find(r => typeof r === 'function');
        done?.();
        return true;
    });
    replaceEnv(request.env);
    try {
        process.chdir(request.cwd);
        process.stdout.write = capture;
        process.stderr.write = capture;
        return await work();
    }
    finally {
        process.stdout.write = writes.stdout;
        process.stderr.write = writes.stderr;
        process.chdir(cwd);
        replaceEnv(env);
    }
}
/** In place: modules that kept a reference to process.env see the new values. */
function replaceEnv(values) {
    for (const key of Object.keys(process.env))
        delete process.env[key];
    for (const [key, value] of Object.entries(values))
        if (value !== undefined)
            process.env[key] = value;
}

// EXTERNAL MODULE: ./src/platform/timeline.ts
var timeline = __webpack_require__(4256);
;// CONCATENATED MODULE: ./src/agent/agent-server.ts






/** Words and environment of one command: far more than any real one, bounded all the same. */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
/**
 * Listens on a unix socket only its user may use (mode 0600) and runs the commands sent to it
 * one at a time, in order: a command's output streams back as it is written, then a line with
 * its exit code (EXIT_MARKER). A client that goes away does not stop its command: a change of
 * traffic half made would be worse than an answer nobody reads.
 */
async function startAgent(socketPath, runCommand) {
    await clearStaleSocket(socketPath);
    let queue = Promise.resolve();
    const server = external_node_http_default().createServer((request, response) => {
        const chunks = [];
        let size = 0;
        request.on('data', chunk => {
            size += chunk.length;
            if (size <= MAX_REQUEST_BYTES)
                chunks.push(chunk);
        });
        request.on('end', () => {
            if (size > MAX_REQUEST_BYTES) {
                response.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' });
                response.end(`error: a command of more than ${MAX_REQUEST_BYTES} bytes (words and environment)\n${EXIT_MARKER}1\n`);
                return;
            }
            let parsed;
            try {
                parsed = parseAgentRequest(Buffer.concat(chunks).toString('utf8'));
            }
            catch (error) {
                response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
                response.end(`error: ${error.message}\n${EXIT_MARKER}1\n`);
                return;
            }
            response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
            queue = queue.then(() => answer(parsed, response, runCommand));
        });
    });
    // The socket is created 0600: only this user may send commands, which run with its rights.
    const umask = process.umask(0o177);
    try {
        await new Promise((resolve, reject) => {
            server.once('error', reject);
            server.listen(socketPath, resolve);
        });
    }
    finally {
        process.umask(umask);
    }
    return {
        close: async () => {
            await new Promise(resolve => server.close(resolve));
            await queue;
            if ((0,external_node_fs_.existsSync)(socketPath))
                (0,external_node_fs_.unlinkSync)(socketPath);
        }
    };
}
async function answer(request, response, runCommand) {
    let last = '\n';
    const out = (text) => {
        if (text === '')
            return;
        last = text;
        if (!response.destroyed)
            response.write(text);
    };
    let code;
    // The command's clock starts here: its timeline (PD_TIMING) then reads as in a new process.
    (0,timeline/* mark */.Gy)('loaded');
    try {
        code = await inClientContext(request, out, () => runCommand(request.argv));
    }
    catch (error) {
        out(`error: ${error.message}\n`);
        code = 1;
    }
    if (!last.endsWith('\n'))
        out('\n');
    if (!response.destroyed)
        response.end(`${EXIT_MARKER}${code}\n`);
}
/**
 * A socket left by an agent that is gone is removed; one an agent still answers on, or a path
 * that is not a socket, is refused with the reason.
 */
async function clearStaleSocket(socketPath) {
    if (!(0,external_node_fs_.existsSync)(socketPath))
        return;
    if (!(0,external_node_fs_.lstatSync)(socketPath).isSocket())
        throw new Error(`${socketPath} exists and is not a socket; give --socket a path of its own.`);
    const answering = await new Promise(resolve => {
        const probe = external_node_net_default().connect(socketPath);
        probe.once('connect', () => {
            probe.destroy();
            resolve(true);
        });
        probe.once('error', () => resolve(false));
    });
    if (answering)
        throw new Error(`an agent already listens on ${socketPath}.`);
    (0,external_node_fs_.unlinkSync)(socketPath);
}

;// CONCATENATED MODULE: ./src/agent/agent-command.ts



/**
 * `progressive-deploy agent --socket <path>`: one resident process that runs the commands
 * bin/progressive-deploy sends when PROGRESSIVE_DEPLOY_AGENT names its socket — no Node start-up
 * per command. Runs until SIGTERM or SIGINT, letting a running command end first.
 */
async function runAgent(argv, runCommand) {
    const socket = argv[0] === '--socket' && argv.length === 2 ? argv[1] : undefined;
    if (!socket || !external_node_path_default().isAbsolute(socket) || /[\0\n]/.test(socket)) {
        console.error('error: usage: progressive-deploy agent --socket <absolute path of the unix socket to create>');
        return 1;
    }
    let agent;
    try {
        agent = await startAgent(socket, runCommand);
    }
    catch (error) {
        console.error((0,log_safety/* safeForLog */.p)(`error: agent: ${error.message}`));
        return 1;
    }
    console.log((0,log_safety/* safeForLog */.p)(`progressive-deploy agent: listening on ${socket} (mode 0600); set PROGRESSIVE_DEPLOY_AGENT=${socket} for bin/progressive-deploy. Commands run one at a time.`));
    await new Promise(resolve => {
        process.once('SIGTERM', resolve);
        process.once('SIGINT', resolve);
    });
    await agent.close();
    console.log('progressive-deploy agent: stopped');
    return 0;
}


/***/ })

};
