import { labStart, labStop } from './lab-commands.js'
import { runDemo } from './run-demo.js'
import { deploy, serve, smoke } from './sample-commands.js'

// Entry of dist/demo.js: the demo itself, and the scripts around the sample service that the demo
// and the end-to-end workflow deploy with.
const self = process.argv[1]
const [sub, ...rest] = process.argv.slice(2)
const handlers: Record<string, () => Promise<number>> = {
  deploy: () => deploy(self, rest),
  smoke: () => smoke(),
  lab: () => labStart(self, rest[0]),
  'lab-stop': () => labStop(rest[0])
}
if (sub === 'serve') await serve(rest)
else process.exitCode = await (handlers[sub] ?? (() => runDemo(self)))()
