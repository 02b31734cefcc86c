import os from 'node:os'

/** Who runs this and where to see the run: the GitHub run when there is one, else the local user. */
export function runInfo(env: NodeJS.ProcessEnv = process.env): {
  actor: string
  runId: string
  runUrl: string
  /** Local runs: host:pid, so a later run can tell this process has died. '' inside Actions. */
  process: string
} {
  if (env.GITHUB_ACTOR && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) {
    const server = env.GITHUB_SERVER_URL || 'https://github.com'
    return {
      actor: env.GITHUB_ACTOR,
      runId: env.GITHUB_RUN_ID,
      runUrl: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`,
      process: ''
    }
  }
  return {
    actor: `${env.USER || os.userInfo().username}@${os.hostname()}`,
    runId: '',
    runUrl: '',
    process: `${os.hostname()}:${process.pid}`
  }
}
