import * as core from '@actions/core'
import { actionsHost } from './action-host.js'
import { run } from './run.js'

const ACTION_HELP = `dist/index.js is the GitHub Action's entry: the runner starts it with inputs in INPUT_* variables
(uses: org/progressive-deploy@v1, or actions/<command> with the command as its argument).
On a terminal or in other CI, use the command-line tool: node dist/cli.js --help`

// Action entry. The root action passes no argument (the `command` input decides); each composite
// sub-action passes its command name.
if (process.argv[2] === '--help' || process.argv[2] === '-h') {
  console.log(ACTION_HELP)
} else {
  const result = await run(actionsHost(process.argv[2]))
  if (result.exitCode !== 0) core.setFailed(result.message)
}
