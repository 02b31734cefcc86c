import { promises as fs } from 'node:fs'
import path from 'node:path'
import { BackendError } from '../errors.js'
import { Argv, CommandRunner } from './command-runner.js'

/** Files on the machine that runs the load balancer: this one, or one reached through a prefix. */
export interface HostFiles {
  /** undefined when the file does not exist. */
  read(file: string): Promise<string | undefined>
  /**
   * Writes beside the file, then renames over it: readers see the old or the new file, never half.
   * A symlink is written through (the link stays a link) and the file keeps its owner, group and
   * mode; where this user may not give the new file that owner, the file is rewritten in place.
   */
  writeAtomic(file: string, content: string): Promise<void>
  /** Bytes in the file now (a log's end, to read from later); undefined when it does not exist. */
  size(file: string): Promise<number | undefined>
  /** The file from byte `offset` to its end (what a log gained since); '' when it is gone. */
  readFrom(file: string, offset: number): Promise<string>
  /** When the file was last written (ms since the epoch); undefined when it does not exist. */
  modifiedMs(file: string): Promise<number | undefined>
}

export function hostFiles(prefix: Argv, runner: CommandRunner): HostFiles {
  return prefix.length === 0 ? new LocalFiles() : new PrefixedFiles(prefix, runner)
}

class LocalFiles implements HostFiles {
  async modifiedMs(file: string): Promise<number | undefined> {
    try {
      return (await fs.stat(file)).mtimeMs
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw new BackendError(`cannot read ${file}: ${(error as Error).message}`)
    }
  }

  async size(file: string): Promise<number | undefined> {
    try {
      return (await fs.stat(file)).size
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw new BackendError(`cannot read ${file}: ${(error as Error).message}`)
    }
  }
  async readFrom(file: string, offset: number): Promise<string> {
    let handle
    try {
      handle = await fs.open(file, 'r')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ''
      throw new BackendError(`cannot read ${file}: ${(error as Error).message}`)
    }
    try {
      const { size } = await handle.stat()
      const length = Math.max(0, size - offset)
      const buffer = Buffer.alloc(length)
      await handle.read(buffer, 0, length, offset)
      return buffer.toString('utf8')
    } finally {
      await handle.close()
    }
  }

  async read(file: string): Promise<string | undefined> {
    try {
      return await fs.readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw new BackendError(`cannot read ${file}: ${(error as Error).message}`)
    }
  }
  async writeAtomic(file: string, content: string): Promise<void> {
    const real = await fs.realpath(file).catch(() => file)
    const kept = await fs.stat(real).catch(() => undefined)
    const temp = tempPath(real)
    try {
      await fs.writeFile(temp, content, 'utf8')
      if (kept) {
        await fs.chmod(temp, kept.mode & 0o7777)
        const owned = await fs.chown(temp, kept.uid, kept.gid).then(
          () => true,
          () => false
        )
        if (!owned) {
          // Renaming would hand the file to this user: write it in place, owner and mode unchanged.
          await fs.rm(temp, { force: true })
          await fs.writeFile(real, content, 'utf8')
          return
        }
      }
      await fs.rename(temp, real)
    } catch (error) {
      await fs.rm(temp, { force: true })
      throw new BackendError(`cannot write ${file}: ${(error as Error).message}`)
    }
  }
}

/**
 * File operations as commands behind a prefix ("sudo", "ssh deploy@lb1"). ssh hands its words to
 * a remote shell, so after an ssh prefix every word is single-quoted; other prefixes exec directly.
 */
class PrefixedFiles implements HostFiles {
  constructor(
    private readonly prefix: Argv,
    private readonly runner: CommandRunner
  ) {}

  async size(file: string): Promise<number | undefined> {
    const result = await this.runner.run(this.argv(['stat', '-c', '%s', file]))
    if (result.exitCode !== 0) {
      if (/No such file/i.test(result.stderr)) return undefined
      throw unreachable(file, result)
    }
    return Number(result.stdout.trim())
  }

  async modifiedMs(file: string): Promise<number | undefined> {
    const result = await this.runner.run(this.argv(['stat', '-c', '%.3Y', file]))
    if (result.exitCode !== 0) {
      if (/No such file/i.test(result.stderr)) return undefined
      throw unreachable(file, result)
    }
    return Number(result.stdout.trim()) * 1000
  }

  async readFrom(file: string, offset: number): Promise<string> {
    const result = await this.runner.run(this.argv(['tail', '-c', `+${offset + 1}`, file]))
    if (result.exitCode !== 0) {
      if (/No such file/i.test(result.stderr)) return ''
      throw unreachable(file, result)
    }
    return result.stdout
  }

  async read(file: string): Promise<string | undefined> {
    const exists = await this.runner.run(this.argv(['test', '-e', file]))
    // `test` says "no" with exit 1 and nothing on stderr; anything else is the way there failing
    // (ssh exits 255, sudo says why), and must not pass for a missing file.
    if (exists.exitCode === 1 && exists.stderr.trim() === '') return undefined
    if (exists.exitCode !== 0) throw unreachable(file, exists)
    const result = await this.runner.run(this.argv(['cat', file]))
    if (result.exitCode !== 0)
      throw new BackendError(`cannot read ${file}: ${result.stderr.trim()}`)
    return result.stdout
  }

  async writeAtomic(file: string, content: string): Promise<void> {
    const link = await this.runner.run(this.argv(['readlink', '-f', file]))
    const real = link.exitCode === 0 && link.stdout.trim() !== '' ? link.stdout.trim() : file
    const stat = await this.runner.run(this.argv(['stat', '-c', '%a %u %g', real]))
    const [mode, uid, gid] = stat.exitCode === 0 ? stat.stdout.trim().split(' ') : []
    const temp = tempPath(real)
    const steps: [string[], string][] = [[['tee', temp], `cannot write ${temp}`]]
    if (mode !== undefined)
      steps.push(
        [['chmod', mode, temp], `cannot set the mode of ${temp}`],
        [['chown', `${uid}:${gid}`, temp], 'chown']
      )
    for (const [command, what] of steps) {
      const done = await this.runner.run(this.argv(command), {
        input: command[0] === 'tee' ? content : undefined
      })
      if (done.exitCode === 0) continue
      await this.runner.run(this.argv(['rm', '-f', temp]))
      if (what !== 'chown') throw new BackendError(`${what}: ${done.stderr.trim()}`)
      // Renaming would hand the file to this user: write it in place, owner and mode unchanged.
      const inPlace = await this.runner.run(this.argv(['tee', real]), { input: content })
      if (inPlace.exitCode !== 0)
        throw new BackendError(`cannot write ${real}: ${inPlace.stderr.trim()}`)
      return
    }
    const moved = await this.runner.run(this.argv(['mv', '-f', temp, real]))
    if (moved.exitCode !== 0)
      throw new BackendError(`cannot rename ${temp} to ${real}: ${moved.stderr.trim()}`)
  }

  private argv(command: string[]): string[] {
    return prefixed(this.prefix, command)
  }
}

/** The prefix failed to run the command (no connection, no sudo rule): said as such. */
function unreachable(file: string, result: { exitCode: number; stderr: string }): BackendError {
  const said = result.stderr.trim().split('\n').slice(-3).join(' ') || `exit ${result.exitCode}`
  return new BackendError(`cannot read ${file} through router-command-prefix: ${said}`)
}

/** A command behind the prefix, quoted for a remote shell when the prefix is ssh. */
export function prefixed(prefix: Argv, command: readonly string[]): string[] {
  if (prefix.length === 0) return [...command]
  const viaSsh = path.basename(prefix[0]) === 'ssh'
  return [...prefix, ...(viaSsh ? command.map(shellQuote) : command)]
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

function tempPath(file: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.progressive-deploy-${process.pid}.tmp`
  )
}
