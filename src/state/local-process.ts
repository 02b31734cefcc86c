import { readFileSync } from 'node:fs'
import os from 'node:os'

/**
 * A local run records host:pid. On the same host, a holder whose process is gone (killed, or a
 * cancelled job on a self-hosted runner) no longer holds the lease. A zombie (exited, not yet
 * reaped: this container's init does not reap orphans) counts as gone.
 */
export function processGone(processId: string | undefined): boolean {
  const [host, pid] = (processId ?? '').split(':')
  if (host !== os.hostname() || !/^\d+$/.test(pid ?? '')) return false
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 3, after the parenthesised command name, is the state; Z is a zombie, X dead.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    return state === 'Z' || state === 'X'
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return true
    // No /proc (another OS): ask the kernel.
    try {
      process.kill(Number(pid), 0)
      return false
    } catch (killError) {
      return (killError as NodeJS.ErrnoException).code === 'ESRCH'
    }
  }
}
