import { promises as fs } from 'node:fs'
import os from 'node:os'
import { BackendError } from '../errors.js'
import { Clock } from '../platform/clock.js'
import { processGone } from './local-process.js'

const WAIT_MS = 10_000
const POLL_MS = 20

/**
 * Runs `work` holding a lock file (created with O_EXCL, holding host:pid). A lock whose process is
 * gone is taken over; one held longer than WAIT_MS by a live process is an error that says so.
 */
export async function withFileLock<T>(
  lockFile: string,
  clock: Clock,
  work: () => Promise<T>
): Promise<T> {
  const me = `${os.hostname()}:${process.pid}`
  const started = clock.now()
  for (;;) {
    try {
      const handle = await fs.open(lockFile, 'wx')
      await handle.writeFile(me)
      await handle.close()
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = await fs.readFile(lockFile, 'utf8').catch(() => '')
      // Written between open and writeFile: give it a moment; a dead holder's lock is stale.
      if (holder !== '' && processGone(holder)) {
        await fs.rm(lockFile, { force: true })
        continue
      }
      if (clock.now() - started > WAIT_MS)
        throw new BackendError(
          `state lock ${lockFile} is held by ${holder || 'another process'} for more than ${WAIT_MS / 1000} s; if no run is active, delete it.`
        )
      await clock.sleep(POLL_MS)
    }
  }
  try {
    return await work()
  } finally {
    await fs.rm(lockFile, { force: true })
  }
}
