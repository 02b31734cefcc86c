import { AgentRequest } from './agent-request.js'

type Write = typeof process.stdout.write

/**
 * Runs `work` as if this process had been started by the client: its environment and working
 * directory, and everything written to stdout or stderr sent to `out` instead. Process-wide, so
 * the agent runs one command at a time; both are restored afterwards, whatever happened.
 */
export async function inClientContext<T>(
  request: AgentRequest,
  out: (text: string) => void,
  work: () => Promise<T>
): Promise<T> {
  const env = { ...process.env }
  const cwd = process.cwd()
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write }
  const capture = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    out(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    const done = rest.find(r => typeof r === 'function') as (() => void) | undefined
    done?.()
    return true
  }) as Write
  replaceEnv(request.env)
  try {
    process.chdir(request.cwd)
    process.stdout.write = capture
    process.stderr.write = capture
    return await work()
  } finally {
    process.stdout.write = writes.stdout
    process.stderr.write = writes.stderr
    process.chdir(cwd)
    replaceEnv(env)
  }
}

/** In place: modules that kept a reference to process.env see the new values. */
function replaceEnv(values: Record<string, string | undefined>): void {
  for (const key of Object.keys(process.env)) delete process.env[key]
  for (const [key, value] of Object.entries(values))
    if (value !== undefined) process.env[key] = value
}
