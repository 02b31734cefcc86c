import { promises as fs } from 'node:fs'
import path from 'node:path'
import { BackendError } from '../errors.js'
import { Argv, CommandRunner } from './command-runner.js'

/** Files on the machine that runs the load balancer: this one, or one reached through a prefix. */
export interface HostFiles {
  /** undefined when the file does not exist. */
  read(file: string): Promise<string | undefined>
  /** Writes beside the file, then renames over it: readers see the old or the new file, never half. */
  writeAtomic(file: string, content: string): Promise<void>
  /** Bytes in the file now (a log's end, to read from later); undefined when it does not exist. */
  size(file: string): Promise<number | undefined>
  /** The file from byte `offset` to its end (what a log gained since); '' when it is gone. */
  readFrom(file: string, offset: number): Promise<string>
}

export function hostFiles(prefix: Argv, runner: CommandRunner): HostFiles {
  return prefix.length === 0 ? new LocalFiles() : new PrefixedFiles(prefix, runner)
}

class LocalFiles implements HostFiles {
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
    const temp = tempPath(file)
    try {
      await fs.writeFile(temp, content, 'utf8')
      await fs.rename(temp, file)
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
    if (result.exitCode !== 0) return undefined
    return Number(result.stdout.trim())
  }

  async readFrom(file: string, offset: number): Promise<string> {
    const result = await this.runner.run(this.argv(['tail', '-c', `+${offset + 1}`, file]))
    return result.exitCode === 0 ? result.stdout : ''
  }

  async read(file: string): Promise<string | undefined> {
    const exists = await this.runner.run(this.argv(['test', '-e', file]))
    if (exists.exitCode !== 0) return undefined
    const result = await this.runner.run(this.argv(['cat', file]))
    if (result.exitCode !== 0)
      throw new BackendError(`cannot read ${file}: ${result.stderr.trim()}`)
    return result.stdout
  }

  async writeAtomic(file: string, content: string): Promise<void> {
    const temp = tempPath(file)
    const written = await this.runner.run(this.argv(['tee', temp]), { input: content })
    if (written.exitCode !== 0)
      throw new BackendError(`cannot write ${temp}: ${written.stderr.trim()}`)
    const moved = await this.runner.run(this.argv(['mv', '-f', temp, file]))
    if (moved.exitCode !== 0)
      throw new BackendError(`cannot rename ${temp} to ${file}: ${moved.stderr.trim()}`)
  }

  private argv(command: string[]): string[] {
    return prefixed(this.prefix, command)
  }
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
