import { spawn } from 'node:child_process'
import { BackendError } from '../errors.js'
import { safeForLog } from './log-safety.js'

/** How long a stopped command may take to exit after SIGTERM before it is killed. */
const GRACE_MS = 5000

/**
 * Runs a user command that may have to be stopped: its output shown live and kept, SIGTERM when
 * `signal` aborts, SIGKILL after a grace period. It stays in our process group, so whatever
 * stops the job (a cancelled run kills the group) stops it too.
 */
export function runStoppable(
  argv: readonly string[],
  env: Record<string, string> | undefined,
  signal: AbortSignal
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const [program, ...args] = argv
  // The same echo as @actions/exec, so a log reads the same either way.
  process.stdout.write(`${safeForLog(`[command]${argv.join(' ')}`)}\n`)
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: env ? { ...process.env, ...env } : process.env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => {
      stdout += chunk
      process.stdout.write(chunk)
    })
    child.stderr.on('data', chunk => {
      stderr += chunk
      process.stderr.write(chunk)
    })
    let killTimer: NodeJS.Timeout | undefined
    const stop = (): void => {
      child.kill('SIGTERM')
      killTimer = setTimeout(() => child.kill('SIGKILL'), GRACE_MS)
    }
    if (signal.aborted) stop()
    else signal.addEventListener('abort', stop, { once: true })
    child.on('error', error => reject(new BackendError(`cannot run ${program}: ${error.message}`)))
    child.on('close', (code, killedBy) => {
      clearTimeout(killTimer)
      signal.removeEventListener('abort', stop)
      resolve({ exitCode: code ?? (killedBy ? 128 + 15 : 1), stdout, stderr })
    })
  })
}
