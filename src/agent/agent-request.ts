/** One command sent to the agent: the client's working directory, words and environment. */
export interface AgentRequest {
  cwd: string
  argv: string[]
  env: Record<string, string>
}

/**
 * The body bin/progressive-deploy sends: NUL-terminated fields — the working directory, the
 * number of words, the words, then `env -0`'s KEY=VALUE entries. NUL cannot occur inside any of
 * them, so no word is ever split or joined. Pure; throws on a body that is not this shape.
 */
export function parseAgentRequest(body: string): AgentRequest {
  const fields = body.split('\0')
  if (fields.at(-1) === '') fields.pop()
  const [cwd, count, ...rest] = fields
  const words = Number(count)
  if (!cwd?.startsWith('/') || !Number.isInteger(words) || words < 0 || words > rest.length)
    throw new Error(
      'not a request from bin/progressive-deploy (working directory, word count, words, environment)'
    )
  const env: Record<string, string> = {}
  for (const entry of rest.slice(words)) {
    const eq = entry.indexOf('=')
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1)
  }
  return { cwd, argv: rest.slice(0, words), env }
}

/** The line that ends the agent's answer: the exit code, after a record separator. */
export const EXIT_MARKER = '\x1epd-exit '
