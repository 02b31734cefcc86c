// A deploy command for tests: records the release facts it was given, then exits with DEPLOY_EXIT.
import { appendFileSync } from 'node:fs'
const facts = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('PD_')))
appendFileSync(
  process.env.RECORD_FILE,
  JSON.stringify({ argv: process.argv.slice(2), facts }) + '\n'
)
process.exit(Number(process.env.DEPLOY_EXIT ?? 0))
