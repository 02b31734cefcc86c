#!/usr/bin/env node
import { parseCliArgs, usage } from './cli-args.js'
import { ConfigurationError } from './errors.js'
import { safeForLog } from './platform/log-safety.js'
import { consoleLogger } from './platform/logger.js'
import { OutputName } from './report/report.js'
import { run } from './run.js'
import { appendStepSummary } from './platform/step-summary.js'
import { mark, timeline } from './platform/timeline.js'

// Command-line entry: the same engine as the action, flags instead of inputs.
mark('loaded')
let args
try {
  args = parseCliArgs(process.argv.slice(2))
} catch (error) {
  console.error(safeForLog(`error: ${(error as ConfigurationError).message}`))
  process.exit(1)
}
if (args.help || args.command === undefined) {
  console.log(usage())
  process.exit(args.help ? 0 : 1)
}
const outputs: Partial<Record<OutputName, string>> = {}
const result = await run({
  raw: name => args.flags[name],
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
process.exit(result.exitCode)
