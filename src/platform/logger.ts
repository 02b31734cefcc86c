import { safeForLog } from './log-safety.js'
/** Progress and diagnostics; the action writes through @actions/core, the CLI to the console. */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
  debug(message: string): void
}

export function consoleLogger(verbose = false): Logger {
  return {
    info: message => console.log(safeForLog(message)),
    warn: message => console.error(safeForLog(`warning: ${message}`)),
    error: message => console.error(safeForLog(`error: ${message}`)),
    debug: message => {
      if (verbose) console.error(safeForLog(`debug: ${message}`))
    }
  }
}

/** Collects messages; for tests and for quiet runs. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = []
  info(message: string): void {
    this.lines.push(message)
  }
  warn(message: string): void {
    this.lines.push(`warning: ${message}`)
  }
  error(message: string): void {
    this.lines.push(`error: ${message}`)
  }
  debug(): void {}
}
