import * as core from '@actions/core'
import { safeForLog } from './log-safety.js'
import { Logger } from './logger.js'

// Apart from logger.ts: the command line never loads @actions/core.

/** core.info prints as it is; warning, error and debug are workflow commands whose data core escapes. */
export const actionsLogger: Logger = {
  info: message => core.info(safeForLog(message)),
  warn: message => core.warning(message),
  error: message => core.error(message),
  debug: message => core.debug(message)
}
