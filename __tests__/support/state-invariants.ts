import { FakeGitHub } from './fake-github.js'

/**
 * What must hold of an environment's records once the API is back and a run has gone through:
 * exactly one deployment whose newest status is success (the live one), none left in progress
 * without a live holder, and no commit status of ours still pending. Returns what is broken.
 */
export function invariantProblems(
  github: FakeGitHub,
  environment: string,
  options: { holders?: number } = {}
): string[] {
  const problems: string[] = []
  const newest = github.history(environment).map(h => ({
    id: h.deployment.id,
    version: (h.deployment.payload as { version?: string }).version,
    state: String(h.statuses.at(-1)?.state ?? '(no status)'),
    description: h.statuses.at(-1)?.description
  }))
  const live = newest.filter(d => d.state === 'success')
  if (live.length !== 1)
    problems.push(`${live.length} deployments are success: ${JSON.stringify(live)}`)
  const open = newest.filter(d =>
    ['in_progress', 'queued', 'pending', '(no status)'].includes(d.state)
  )
  if (open.length !== (options.holders ?? 0))
    problems.push(`${open.length} deployments are still in progress: ${JSON.stringify(open)}`)
  const latest = new Map<string, string>()
  for (const status of github.commitStatuses)
    if (String(status.context).startsWith(`progressive-deploy/${environment}`))
      latest.set(`${String(status.sha)} ${String(status.context)}`, String(status.state))
  for (const [key, state] of latest)
    if (state === 'pending' && (options.holders ?? 0) === 0)
      problems.push(`commit status ${key} is still pending`)
  return problems
}
