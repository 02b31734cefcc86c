import { runDemo } from './run-demo.js'
import { deploy, serve, smoke } from './sample-commands.js'

// Entry of dist/demo.js: the demo itself, and the sample service's own scripts it deploys with.
const self = process.argv[1]
const [sub, ...rest] = process.argv.slice(2)
if (sub === 'serve') await serve(rest)
else process.exitCode = sub === 'deploy' ? await deploy(self) : sub === 'smoke' ? await smoke() : await runDemo(self)
