import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { ProcessResult, readOutputs, ROOT } from './run-dist.js'

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

/** A job as the runner starts it: GITHUB_* facts, INPUT_* variables, output and summary files. */
export interface ActionJob {
  apiUrl: string
  sha: string
  runId: number
  inputs: Record<string, string>
  /** More environment (a shorter lease check for tests). */
  env?: Record<string, string>
}

export type JobResult = ProcessResult & { outputs: Record<string, string>; summary: string }

/**
 * Runs `node dist/index.js` as a job of workflow run `runId` with state in GitHub deployments at
 * `apiUrl`: the inputs (without a state file) as INPUT_* variables, GITHUB_OUTPUT and the step
 * summary read back.
 */
export async function runActionJob(options: ActionJob): Promise<JobResult> {
  return startActionJob(options).done
}

/**
 * The same, started in its own process group and not awaited: a test can kill it mid-way
 * (kill -9 of the group, as a cancelled or crashed runner would).
 */
export function startActionJob(options: ActionJob): { pid: number; done: Promise<JobResult> } {
  const { ['state-file']: _file, ...inputs } = options.inputs
  const { env, outputFile, summaryFile } = runnerEnv({
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SHA: options.sha,
    GITHUB_RUN_ID: String(options.runId),
    ...inputEnv(inputs),
    ...options.env
  })
  const child = spawn(process.execPath, ['dist/index.js'], {
    env,
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const done = new Promise<JobResult>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', code =>
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        outputs: readOutputs(outputFile),
        summary: readFileSync(summaryFile, 'utf8')
      })
    )
  })
  return { pid: child.pid as number, done }
}
