import { existsSync, lstatSync, unlinkSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import { AgentRequest, EXIT_MARKER, parseAgentRequest } from './agent-request.js'
import { inClientContext } from './in-client-context.js'
import { mark } from '../platform/timeline.js'

/** Words and environment of one command: far more than any real one, bounded all the same. */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024

/** Runs one command line in the client's context; answers its exit code. */
export type RunCommand = (argv: readonly string[]) => Promise<number>

export interface Agent {
  /** Stops taking commands; resolves once the running one (if any) has ended. */
  close(): Promise<void>
}

/**
 * Listens on a unix socket only its user may use (mode 0600) and runs the commands sent to it
 * one at a time, in order: a command's output streams back as it is written, then a line with
 * its exit code (EXIT_MARKER). A client that goes away does not stop its command: a change of
 * traffic half made would be worse than an answer nobody reads.
 */
export async function startAgent(socketPath: string, runCommand: RunCommand): Promise<Agent> {
  await clearStaleSocket(socketPath)
  let queue: Promise<void> = Promise.resolve()
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', chunk => {
      size += chunk.length
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk)
    })
    request.on('end', () => {
      if (size > MAX_REQUEST_BYTES) {
        response.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' })
        response.end(
          `error: a command of more than ${MAX_REQUEST_BYTES} bytes (words and environment)\n${EXIT_MARKER}1\n`
        )
        return
      }
      let parsed: AgentRequest
      try {
        parsed = parseAgentRequest(Buffer.concat(chunks).toString('utf8'))
      } catch (error) {
        response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
        response.end(`error: ${(error as Error).message}\n${EXIT_MARKER}1\n`)
        return
      }
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
      queue = queue.then(() => answer(parsed, response, runCommand))
    })
  })
  // The socket is created 0600: only this user may send commands, which run with its rights.
  const umask = process.umask(0o177)
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(socketPath, resolve)
    })
  } finally {
    process.umask(umask)
  }
  return {
    close: async () => {
      await new Promise(resolve => server.close(resolve))
      await queue
      if (existsSync(socketPath)) unlinkSync(socketPath)
    }
  }
}

async function answer(
  request: AgentRequest,
  response: http.ServerResponse,
  runCommand: RunCommand
): Promise<void> {
  let last = '\n'
  const out = (text: string) => {
    if (text === '') return
    last = text
    if (!response.destroyed) response.write(text)
  }
  let code: number
  // The command's clock starts here: its timeline (PD_TIMING) then reads as in a new process.
  mark('loaded')
  try {
    code = await inClientContext(request, out, () => runCommand(request.argv))
  } catch (error) {
    out(`error: ${(error as Error).message}\n`)
    code = 1
  }
  if (!last.endsWith('\n')) out('\n')
  if (!response.destroyed) response.end(`${EXIT_MARKER}${code}\n`)
}

/**
 * A socket left by an agent that is gone is removed; one an agent still answers on, or a path
 * that is not a socket, is refused with the reason.
 */
async function clearStaleSocket(socketPath: string): Promise<void> {
  if (!existsSync(socketPath)) return
  if (!lstatSync(socketPath).isSocket())
    throw new Error(`${socketPath} exists and is not a socket; give --socket a path of its own.`)
  const answering = await new Promise<boolean>(resolve => {
    const probe = net.connect(socketPath)
    probe.once('connect', () => {
      probe.destroy()
      resolve(true)
    })
    probe.once('error', () => resolve(false))
  })
  if (answering) throw new Error(`an agent already listens on ${socketPath}.`)
  unlinkSync(socketPath)
}
