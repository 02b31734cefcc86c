import { HostFiles } from '../platform/host-files.js'

/**
 * nginx's own state after a reload, read from /proc on the machine that runs it (through the
 * command prefix when that is another machine): the worker processes that accept new
 * connections. A graceful reload starts new workers and retitles the old ones "is shutting down"
 * as they stop accepting; once no worker from before the reload accepts, every new request is
 * routed by the new configuration.
 */
export type WorkerRead = { pids: number[] } | { unreadable: string }

const PID = /^\d{1,10}$/

export async function acceptingWorkers(files: HostFiles, pidFile: string): Promise<WorkerRead> {
  try {
    const master = (await files.read(pidFile))?.trim() ?? ''
    // Everything read here ends up in a path: digits only.
    if (!PID.test(master)) return { unreadable: `no nginx master pid in ${pidFile}` }
    const children = await files.read(`/proc/${master}/task/${master}/children`)
    if (children === undefined)
      return { unreadable: `/proc/${master}/task/${master}/children cannot be read` }
    const pids: number[] = []
    for (const child of children.trim().split(/\s+/).filter(Boolean)) {
      if (!PID.test(child)) continue
      // nginx writes its process title over argv: "nginx: worker process[ is shutting down]".
      // A child that exits while it is read (an old worker done) accepts nothing.
      const title = await files.read(`/proc/${child}/cmdline`).catch(() => undefined)
      if (isAcceptingWorker((title ?? '').replace(/\0+/g, ' '))) pids.push(Number(child))
    }
    return { pids }
  } catch (error) {
    return { unreadable: (error as Error).message }
  }
}

/** A worker that still takes new connections, from its process title. Pure. */
export function isAcceptingWorker(title: string): boolean {
  return /nginx: worker process/.test(title) && !/shutting down/.test(title)
}

/**
 * Where nginx keeps its pid file, from the configuration it tests (`nginx -T`) or, without a
 * `pid` directive, from how it was built (`nginx -V`). A relative path is under the prefix. Pure.
 */
export function pidFileOf(
  dumpedConfig: string,
  buildInfo: string,
  prefix: string
): string | undefined {
  const directive = /^\s*pid\s+("?)([^";\s]+)\1\s*;/m.exec(dumpedConfig)?.[2]
  const built = /--pid-path=(\S+)/.exec(buildInfo)?.[1]
  const file = directive ?? built
  if (file === undefined) return undefined
  if (file.startsWith('/')) return file
  const base = prefix || /--prefix=(\S+)/.exec(buildInfo)?.[1] || ''
  return base === '' ? undefined : `${base.replace(/\/$/, '')}/${file}`
}

/** Linux reports process start times in clock ticks of this many per second (USER_HZ). */
const TICKS_PER_SECOND = 100

/**
 * When the accepting workers were started (ms since the epoch): the last time nginx loaded its
 * configuration. undefined when /proc cannot tell.
 */
export async function loadedAtMs(
  files: HostFiles,
  pids: readonly number[]
): Promise<number | undefined> {
  if (pids.length === 0) return undefined
  const boot = /^btime (\d+)$/m.exec((await files.read('/proc/stat')) ?? '')?.[1]
  if (boot === undefined) return undefined
  const starts: number[] = []
  for (const pid of pids) {
    const stat = await files.read(`/proc/${pid}/stat`).catch(() => undefined)
    const ticks = stat === undefined ? undefined : startTicks(stat)
    if (ticks !== undefined) starts.push(Number(boot) * 1000 + (ticks * 1000) / TICKS_PER_SECOND)
  }
  return starts.length === 0 ? undefined : Math.min(...starts)
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised name, which may hold spaces). Pure. */
export function startTicks(stat: string): number | undefined {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const value = Number(rest[19])
  return Number.isFinite(value) ? value : undefined
}
