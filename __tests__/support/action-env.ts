import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** The environment the runner gives a step: GITHUB_* facts and fresh output and summary files. */
export function runnerEnv(extra: Record<string, string> = {}): {
  env: NodeJS.ProcessEnv
  outputFile: string
  summaryFile: string
} {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-runner-'))
  const outputFile = path.join(dir, 'output')
  const summaryFile = path.join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTOR: 'octocat',
    GITHUB_REPOSITORY: 'octo-org/recommendations',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...extra
  }
  return { env, outputFile, summaryFile }
}

/** Inputs as the runner passes them to a node action: INPUT_<NAME> with dashes kept. */
export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])
  )
}
