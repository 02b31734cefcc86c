import { parseCliArgs, usage } from './cli-args.js'
import { ConfigurationError } from './errors.js'
import { safeForLog } from './platform/log-safety.js'
import { consoleLogger } from './platform/logger.js'
import { OutputName } from './report/report.js'
import { run } from './run.js'
import { appendStepSummary } from './platform/step-summary.js'
import { timeline } from './platform/timeline.js'

/**
 * One command line, run to its end as the CLI prints it; answers the exit code and never exits
 * the process, so the agent (src/agent/) can run one after another.
 */
export async function runCli(argv: readonly string[]): Promise<0 | 1> {
  let args
  try {
    args = parseCliArgs(argv)
  } catch (error) {
    console.error(safeForLog(`error: ${(error as ConfigurationError).message}`))
    return 1
  }
  if (args.help || args.command === undefined) {
    console.log(usage())
    return args.help ? 0 : 1
  }
  const flags = args.flags
  const outputs: Partial<Record<OutputName, string>> = {}
  const result = await run({
    raw: name => flags[name],
    command: args.command,
    log: consoleLogger(process.env.PD_DEBUG === '1'),
    setOutput: (name, value) => {
      outputs[name] = value
    },
    // The terminal prints no secret: the token is never logged, only sent to the API.
    maskSecret: () => {},
    writeSummary: async (markdown, text) => {
      console.log(safeForLog(text))
      await appendStepSummary(markdown)
    }
  })
  if (args.json) console.log(JSON.stringify(outputs))
  if (result.exitCode !== 0) console.error(safeForLog(`error: ${result.message}`))
  if (process.env.PD_TIMING === '1') console.error(`timing ${JSON.stringify(timeline())}`)
  return result.exitCode
}
