import * as core from '@actions/core'
import { actionsHost } from './action-host.js'
import { run } from './run.js'

// Action entry. The root action passes no argument (the `command` input decides); each composite
// sub-action passes its command name.
const result = await run(actionsHost(process.argv[2]))
if (result.exitCode !== 0) core.setFailed(result.message)
