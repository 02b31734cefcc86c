import { appendFile } from 'node:fs/promises'

/**
 * Inside a GitHub Actions step the runner names a file in GITHUB_STEP_SUMMARY; whatever is
 * appended there becomes the job summary. The CLI run as a step writes the same summary the
 * action writes. Nothing happens outside Actions.
 */
export async function appendStepSummary(
  markdown: string,
  file = process.env.GITHUB_STEP_SUMMARY
): Promise<void> {
  if (!file) return
  await appendFile(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8')
}
