/**
 * The GITHUB_TOKEN permission each call we make needs, so a 403 "Resource not accessible by
 * integration" can say which line to add to the workflow's `permissions:` block. Pure.
 */
export function permissionFor(method: string, urlTemplate: string): string | undefined {
  const write = method.toUpperCase() !== 'GET'
  if (/\/deployments(\/|$)/.test(urlTemplate)) return `deployments: ${write ? 'write' : 'read'}`
  if (/\/statuses\/\{sha\}$/.test(urlTemplate)) return 'statuses: write'
  if (/\/actions\/runs\//.test(urlTemplate)) return 'actions: read'
  return undefined
}

/** The sentence for a 403 that is not a rate limit. */
export function forbiddenMessage(method: string, urlTemplate: string, message: string): string {
  // Octokit appends " - <documentation URL>" to GitHub's message.
  const said = message.replace(/ - https?:\/\/\S+$/, '')
  const permission = permissionFor(method, urlTemplate)
  return permission
    ? `GitHub refused ${method} ${urlTemplate} (403: ${said}): the token needs "${permission}". Add it to the permissions: block of the workflow or job.`
    : `GitHub refused ${method} ${urlTemplate} (403: ${said}).`
}
