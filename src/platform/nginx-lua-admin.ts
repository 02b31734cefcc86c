import http from 'node:http'
import { BackendError } from '../errors.js'
import { Argv, CommandRunner } from './command-runner.js'
import { prefixed } from './host-files.js'

/** The admin endpoint of the nginx Lua balancer (examples/nginx/progressive-deploy-lua.conf). */
export interface LuaAdmin {
  /** The split every worker uses now, as the endpoint holds it. */
  read(): Promise<string>
  /** Replaces the split; answers what the endpoint holds afterwards and whether it was saved for a restart. */
  write(split: string): Promise<{ held: string; saved: string }>
}

const PATH = '/progressive-deploy/split'
const TIMEOUT_MS = 3000

/** One answer of the endpoint, whichever way it was reached. */
interface AdminAnswer {
  status: number
  saved: string
  body: string
}

/** The endpoint's answer as the split it holds, or the error that says what to fix. Pure. */
function heldSplit(answer: AdminAnswer, where: string): { body: string; saved: string } {
  if (answer.status === 200) return { body: answer.body, saved: answer.saved }
  throw new BackendError(
    answer.status === 404
      ? `nginx answers on ${where} but has no ${PATH} location: include examples/nginx/progressive-deploy-lua.conf as it is and reload nginx once.`
      : `nginx's Lua admin endpoint refused the split (HTTP ${answer.status}): ${answer.body.trim().slice(0, 200)}`
  )
}

function notAnswering(where: string, why: string): BackendError {
  return new BackendError(
    `nginx's Lua admin endpoint at ${where} does not answer (${why}). Set it up once: install libnginx-mod-http-lua and lua-resty-core, include examples/nginx/progressive-deploy-lua.conf in nginx's http block, then nginx -t and reload; or set nginx-mode: reload.`
  )
}

abstract class AdminEndpoint implements LuaAdmin {
  async read(): Promise<string> {
    return (await this.request('GET')).body
  }

  async write(split: string): Promise<{ held: string; saved: string }> {
    const answer = await this.request('PUT', split)
    return { held: answer.body, saved: answer.saved }
  }

  protected abstract request(
    method: 'GET' | 'PUT',
    body?: string
  ): Promise<{ body: string; saved: string }>
}

/** Over the endpoint's unix socket on this host, one short HTTP request per call. */
export class SocketLuaAdmin extends AdminEndpoint {
  constructor(private readonly socketPath: string) {
    super()
  }

  protected request(
    method: 'GET' | 'PUT',
    body?: string
  ): Promise<{ body: string; saved: string }> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          socketPath: this.socketPath,
          path: PATH,
          method,
          headers: body === undefined ? {} : { 'content-type': 'text/plain' },
          timeout: TIMEOUT_MS
        },
        response => {
          let text = ''
          response.setEncoding('utf8')
          response.on('data', chunk => (text += chunk))
          response.on('end', () => {
            try {
              const saved = String(response.headers['x-progressive-deploy-saved'] ?? '')
              resolve(
                heldSplit({ status: response.statusCode ?? 0, saved, body: text }, this.socketPath)
              )
            } catch (error) {
              reject(error)
            }
          })
        }
      )
      request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)))
      request.on('error', error => reject(notAnswering(this.socketPath, error.message)))
      request.end(body)
    })
  }
}

/** curl's exit codes for "could not reach the socket" and "took too long". */
const CURL_UNREACHABLE = new Set([7, 28])

/**
 * On the load balancer host through router-command-prefix (`ssh deploy@lb`): curl there talks
 * to the socket, one command per call. The split travels on stdin, never in the command line,
 * and the socket path is quoted for the remote shell by prefixed().
 */
export class PrefixedLuaAdmin extends AdminEndpoint {
  constructor(
    private readonly prefix: Argv,
    private readonly socketPath: string,
    private readonly runner: CommandRunner
  ) {
    super()
  }

  protected async request(
    method: 'GET' | 'PUT',
    body?: string
  ): Promise<{ body: string; saved: string }> {
    const where = `${this.socketPath} (through router-command-prefix)`
    const curl = ['curl', '-sS', '-i', '--max-time', String(TIMEOUT_MS / 1000)]
    curl.push('--unix-socket', this.socketPath)
    // Few, plain words: the README's sudo rule must match this command line exactly.
    if (method === 'PUT') curl.push('-X', 'PUT', '--data-binary', '@-')
    curl.push(`http://localhost${PATH}`)
    const result = await this.runner.run(prefixed(this.prefix, curl), {
      input: method === 'PUT' ? (body ?? '') : ''
    })
    if (result.exitCode === 127)
      throw new BackendError(
        `curl is not installed on the load balancer host, and nginx-mode lua reaches ${this.socketPath} with it through router-command-prefix: apt-get install curl there.`
      )
    if (CURL_UNREACHABLE.has(result.exitCode))
      throw notAnswering(where, firstLine(result.stderr) || `curl exit ${result.exitCode}`)
    if (result.exitCode !== 0)
      throw new BackendError(
        `cannot reach nginx's Lua admin endpoint through router-command-prefix (exit ${result.exitCode}): ${firstLine(result.stderr)}`
      )
    return heldSplit(parseHttpAnswer(result.stdout), where)
  }
}

/**
 * curl -i's output: status line, headers, a blank line, the body; an interim `100 Continue`
 * (curl asks for one when it sends a body from stdin) comes first and is skipped. Pure.
 */
export function parseHttpAnswer(output: string): AdminAnswer {
  let text = output
  while (/^HTTP\/[\d.]+ 1\d\d/.test(text)) {
    const blank = text.search(/\r?\n\r?\n/)
    if (blank < 0) break
    text = text.slice(blank).replace(/^\r?\n\r?\n/, '')
  }
  const end = text.search(/\r?\n\r?\n/)
  const head = end < 0 ? text : text.slice(0, end)
  const body = end < 0 ? '' : text.slice(end).replace(/^\r?\n\r?\n/, '')
  const [statusLine, ...headers] = head.split(/\r?\n/)
  const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0)
  const savedLine = headers.find(h => /^x-progressive-deploy-saved:/i.test(h))
  const saved = savedLine ? savedLine.slice(savedLine.indexOf(':') + 1).trim() : ''
  return { status, saved, body }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 300) ?? ''
}
