import { ConfigurationError } from './errors.js'
import { parseGitHub } from './config/parse-github.js'
import { thisMachine, withDefaults } from './config/field-reader.js'
import { Host } from './host.js'
import { systemClock } from './platform/clock.js'
import { OctokitGitHubApi } from './platform/github-api.js'
import { runInfo } from './platform/run-info.js'
import { GitHubCommitStatuses, PLAN_CONTEXT } from './state/commit-status.js'
import { Report } from './report/report.js'

/**
 * `plan` on settings that do not parse: the summary lists every problem, and the PR check
 * progressive-deploy/plan fails with the first one. The GitHub part is read on its own, so the
 * status can be posted even when the rest of the settings are wrong.
 */
export async function reportInvalidPlan(
  host: Host,
  error: ConfigurationError,
  publish: (host: Host, report: Report) => Promise<void>
): Promise<void> {
  const report = new Report('plan', systemClock, host.log)
  report.facts = error.problems.map(p => [p.field, p.message])
  report.conclude(
    'failure',
    `the settings have ${error.problems.length} problem(s); nothing was changed.`,
    { result: 'failure' }
  )
  const { github, commitStatus } = parseGitHub(withDefaults(host.raw), thisMachine, () => {})
  if (github) host.maskSecret(github.token)
  if (github && commitStatus) {
    const first = error.problems[0]
    const statuses = new GitHubCommitStatuses(
      new OctokitGitHubApi(github, systemClock, host.log),
      github.sha,
      runInfo().runUrl,
      host.log
    )
    try {
      await statuses.post(PLAN_CONTEXT, 'failure', `${first.field}: ${first.message}`)
    } catch (postError) {
      host.log.warn(`could not post the ${PLAN_CONTEXT} status: ${(postError as Error).message}`)
    }
  }
  await publish(host, report)
}
