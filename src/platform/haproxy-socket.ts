import net from 'node:net'
import { BackendError } from '../errors.js'

/** The HAProxy runtime API: one command per connection, answered until HAProxy closes it. */
export interface HaproxyRuntime {
  send(command: string): Promise<string>
}

const TIMEOUT_MS = 3000

/** Talks to the admin socket: a unix socket path, or host:port for a TCP socket. */
export class SocketHaproxyRuntime implements HaproxyRuntime {
  constructor(private readonly address: string) {}

  send(command: string): Promise<string> {
    const tcp = /^([\w.-]+|\[[0-9a-fA-F:]+\]):(\d+)$/.exec(this.address)
    return new Promise((resolve, reject) => {
      const socket = tcp
        ? net.connect(Number(tcp[2]), tcp[1].replace(/^\[|\]$/g, ''))
        : net.connect(this.address)
      let answer = ''
      socket.setTimeout(TIMEOUT_MS, () =>
        socket.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`))
      )
      socket.on('connect', () => socket.end(`${command}\n`))
      socket.on('data', chunk => (answer += chunk))
      socket.on('error', error =>
        reject(new BackendError(`HAProxy runtime API at ${this.address}: ${error.message}`))
      )
      socket.on('close', hadError => {
        if (!hadError) resolve(answer.trim())
      })
    })
  }
}
