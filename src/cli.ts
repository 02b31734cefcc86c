#!/usr/bin/env node
import { runCli } from './cli-main.js'
import { mark } from './platform/timeline.js'

// Command-line entry: the same engine as the action, flags instead of inputs. `agent` keeps one
// process running commands sent by bin/progressive-deploy (loaded only for it).
mark('loaded')
const argv = process.argv.slice(2)
if (argv[0] === 'agent') {
  const { runAgent } = await import('./agent/agent-command.js')
  process.exitCode = await runAgent(argv.slice(1), runCli)
} else process.exit(await runCli(argv))
