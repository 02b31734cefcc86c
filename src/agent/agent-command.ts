import path from 'node:path'
import { safeForLog } from '../platform/log-safety.js'
import { RunCommand, startAgent } from './agent-server.js'

/**
 * `progressive-deploy agent --socket <path>`: one resident process that runs the commands
 * bin/progressive-deploy sends when PROGRESSIVE_DEPLOY_AGENT names its socket — no Node start-up
 * per command. Runs until SIGTERM or SIGINT, letting a running command end first.
 */
export async function runAgent(argv: readonly string[], runCommand: RunCommand): Promise<0 | 1> {
  const socket = argv[0] === '--socket' && argv.length === 2 ? argv[1] : undefined
  if (!socket || !path.isAbsolute(socket) || /[\0\n]/.test(socket)) {
    console.error(
      'error: usage: progressive-deploy agent --socket <absolute path of the unix socket to create>'
    )
    return 1
  }
  let agent
  try {
    agent = await startAgent(socket, runCommand)
  } catch (error) {
    console.error(safeForLog(`error: agent: ${(error as Error).message}`))
    return 1
  }
  console.log(
    safeForLog(
      `progressive-deploy agent: listening on ${socket} (mode 0600); set PROGRESSIVE_DEPLOY_AGENT=${socket} for bin/progressive-deploy. Commands run one at a time.`
    )
  )
  await new Promise<void>(resolve => {
    process.once('SIGTERM', resolve)
    process.once('SIGINT', resolve)
  })
  await agent.close()
  console.log('progressive-deploy agent: stopped')
  return 0
}
