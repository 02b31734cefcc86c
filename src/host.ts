import { RawSource } from './config/parse-settings.js'
import { Logger } from './platform/logger.js'
import { OutputName } from './report/report.js'

/** Where a run comes from and where its results go: the Actions runner or a terminal. */
export interface Host {
  /** Raw settings by input name (inputs or flags). */
  readonly raw: RawSource
  /** The command named by the caller (composite step argument or CLI word); undefined = the `command` input. */
  readonly command?: string
  readonly log: Logger
  setOutput(name: OutputName, value: string): void
  /** Keeps a secret out of every log line from now on. */
  maskSecret(value: string): void
  /** The finished report, as markdown (job summary) and as plain text (terminal). */
  writeSummary(markdown: string, text: string): Promise<void>
}
