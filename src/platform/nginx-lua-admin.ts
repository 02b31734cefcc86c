import http from 'node:http'
import { BackendError } from '../errors.js'

/** The admin endpoint of the nginx Lua balancer (examples/nginx/progressive-deploy-lua.conf). */
export interface LuaAdmin {
  /** The split every worker uses now, as the endpoint holds it. */
  read(): Promise<string>
  /** Replaces the split; answers what the endpoint holds afterwards and whether it was saved for a restart. */
  write(split: string): Promise<{ held: string; saved: string }>
}

const PATH = '/progressive-deploy/split'
const TIMEOUT_MS = 3000

/** Over the endpoint's unix socket, one short HTTP request per call. */
export class SocketLuaAdmin implements LuaAdmin {
  constructor(private readonly socketPath: string) {}

  async read(): Promise<string> {
    return (await this.request('GET')).body
  }

  async write(split: string): Promise<{ held: string; saved: string }> {
    const answer = await this.request('PUT', split)
    return { held: answer.body, saved: answer.saved }
  }

  private request(method: 'GET' | 'PUT', body?: string): Promise<{ body: string; saved: string }> {
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
            if (response.statusCode === 200)
              resolve({
                body: text,
                saved: String(response.headers['x-progressive-deploy-saved'] ?? '')
              })
            else
              reject(
                new BackendError(
                  response.statusCode === 404
                    ? `nginx answers on ${this.socketPath} but has no ${PATH} location: include examples/nginx/progressive-deploy-lua.conf as it is and reload nginx once.`
                    : `nginx's Lua admin endpoint refused the split (HTTP ${response.statusCode}): ${text.trim().slice(0, 200)}`
                )
              )
          })
        }
      )
      request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)))
      request.on('error', error =>
        reject(
          new BackendError(
            `nginx's Lua admin endpoint at ${this.socketPath} does not answer (${error.message}). Set it up once: install libnginx-mod-http-lua and lua-resty-core, include examples/nginx/progressive-deploy-lua.conf in nginx's http block, then nginx -t and reload; or set nginx-mode: reload.`
          )
        )
      )
      request.end(body)
    })
  }
}
