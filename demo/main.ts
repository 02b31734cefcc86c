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
const USAGE = `Usage: node dist/demo.js [command]

  (no command)        the demo: real nginx, two versions of a sample service and load on this
                      machine; deploy-green, verify, switch, a broken release stopped by verify,
                      and a rollback
  lab <dir>           nginx and the sample service v0 on blue, left running for an end-to-end
                      workflow; prints KEY=value lines for $GITHUB_ENV
  lab-stop <dir>      stop them
  deploy ...          the sample deploy script the demo and the end-to-end workflow use
  smoke               the sample smoke test
  serve ...           run one sample service in the foreground
  --help              this text`

if (sub === '--help' || sub === '-h' || sub === 'help') console.log(USAGE)
else if (sub === 'serve') await serve(rest)
else if (sub === undefined) process.exitCode = await runDemo(self)
else if (handlers[sub]) process.exitCode = await handlers[sub]()
else {
  console.error(`unknown command "${sub.replace(/[^\w.-]/g, '?').slice(0, 40)}"\n\n${USAGE}`)
  process.exitCode = 1
}
