import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { parse as parseYaml, stringify } from 'yaml'

/**
 * A TLS front between the tool and a real API server that loses answers: every request is
 * forwarded and applied, but an answer the test picks is never delivered — its connection is
 * cut once the server has answered. This is the fault "just after a side effect": the change
 * happened, the tool cannot know it from the answer.
 */
export interface LossyKubeProxy {
  /** A kubeconfig like the given one, whose server is this front. */
  kubeconfig: string
  /** Requests whose answer was lost, as "METHOD path". */
  lost: string[]
  stop(): Promise<void>
}

export async function startLossyKubeProxy(
  kubeconfig: string,
  loseAnswerTo: (method: string, path: string) => boolean
): Promise<LossyKubeProxy> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-lossy-kube-'))
  // The front's own certificate, self-signed for 127.0.0.1: its kubeconfig trusts only it.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1'
    ],
    { stdio: 'ignore' }
  )
  const cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8')
  const config = parseYaml(readFileSync(kubeconfig, 'utf8'))
  const cluster = config.clusters[0].cluster
  const upstream = new URL(cluster.server)
  const upstreamCa = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8')
  const agent = new https.Agent({ ca: upstreamCa, keepAlive: true })
  const lost: string[] = []

  const server = https.createServer(
    { key: readFileSync(path.join(dir, 'key.pem')), cert },
    (request: http.IncomingMessage, response: http.ServerResponse) => {
      const chunks: Buffer[] = []
      request.on('data', chunk => chunks.push(chunk))
      request.on('end', () => {
        const forward = https.request(
          {
            host: upstream.hostname,
            port: upstream.port,
            path: request.url,
            method: request.method,
            headers: { ...request.headers, host: upstream.host },
            agent
          },
          answer => {
            const body: Buffer[] = []
            answer.on('data', chunk => body.push(chunk))
            answer.on('end', () => {
              const method = request.method ?? ''
              const url = request.url ?? ''
              if (loseAnswerTo(method, url)) {
                // Applied upstream; the tool hears only a cut connection.
                lost.push(`${method} ${url.split('?')[0]}`)
                request.socket.destroy()
                return
              }
              response.writeHead(answer.statusCode ?? 502, answer.headers)
              response.end(Buffer.concat(body))
            })
          }
        )
        forward.on('error', error => {
          response.writeHead(502)
          response.end(String(error))
        })
        forward.end(Buffer.concat(chunks))
      })
    }
  )
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  for (const entry of config.clusters) {
    entry.cluster.server = `https://127.0.0.1:${port}`
    entry.cluster['certificate-authority-data'] = Buffer.from(cert).toString('base64')
  }
  const proxied = path.join(dir, 'kubeconfig')
  writeFileSync(proxied, stringify(config))
  return {
    kubeconfig: proxied,
    lost,
    stop: async () => {
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
      agent.destroy()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
