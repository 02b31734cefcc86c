import * as core from '@actions/core'
import { Host } from './host.js'
import { safeForLog } from './platform/log-safety.js'
import { actionsLogger } from './platform/actions-logger.js'

/**
 * The Actions runner as a host. The root action gets inputs as INPUT_<NAME-WITH-DASHES>; composite
 * steps map them through env: as INPUT_<NAME_WITH_UNDERSCORES> (a name a shell can export).
 */
export function actionsHost(command: string | undefined): Host {
  return {
    raw: name =>
      core.getInput(name) || process.env[`INPUT_${name.replace(/-/g, '_').toUpperCase()}`],
    command,
    log: actionsLogger,
    setOutput: (name, value) => core.setOutput(name, value),
    maskSecret: value => core.setSecret(value),
    writeSummary: async (markdown, text) => {
      core.info(safeForLog(text))
      if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write()
    }
  }
}
