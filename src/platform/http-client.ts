import http from 'node:http'
import https from 'node:https'
import { rootCertificates } from 'node:tls'

export interface HttpResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** How an https request trusts the server: an extra CA (PEM), or not at all (labs). */
export interface TlsTrust {
  ca?: string
  insecure?: boolean
}

/** Plain requests on fresh connections (a probe must not ride an old keep-alive connection). */
export interface HttpClient {
  get(url: string, timeoutMs: number, tls?: TlsTrust): Promise<HttpResponse>
  /** POSTs a JSON body. */
  post(url: string, body: unknown, timeoutMs: number): Promise<HttpResponse>
}

/** Bodies past this are cut: health and probe answers are small, and memory stays bounded. */
const MAX_BODY = 64 * 1024

export class NodeHttpClient implements HttpClient {
  get(url: string, timeoutMs: number, tls?: TlsTrust): Promise<HttpResponse> {
    return this.send('GET', url, undefined, timeoutMs, tls)
  }

  post(url: string, body: unknown, timeoutMs: number): Promise<HttpResponse> {
    return this.send('POST', url, JSON.stringify(body), timeoutMs)
  }

  private send(
    method: string,
    url: string,
    body: string | undefined,
    timeoutMs: number,
    tls: TlsTrust = {}
  ): Promise<HttpResponse> {
    const client = url.startsWith('https:') ? https : http
    const headers: Record<string, string> = { connection: 'close' }
    if (body !== undefined) {
      headers['content-type'] = 'application/json'
      headers['content-length'] = String(Buffer.byteLength(body))
    }
    return new Promise((resolve, reject) => {
      const request = client.request(
        url,
        {
          method,
          agent: false,
          headers,
          timeout: timeoutMs,
          // An extra CA adds to the system's, it does not replace them.
          ...(tls.ca !== undefined ? { ca: [...rootCertificates, tls.ca] } : {}),
          ...(tls.insecure ? { rejectUnauthorized: false } : {})
        },
        response => {
          const chunks: Buffer[] = []
          let size = 0
          response.on('data', (chunk: Buffer) => {
            if (size < MAX_BODY) chunks.push(chunk)
            size += chunk.length
          })
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8')
            })
          )
          response.on('error', reject)
        }
      )
      request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)))
      request.on('error', reject)
      request.end(body)
    })
  }
}
