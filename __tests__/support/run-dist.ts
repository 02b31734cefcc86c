import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'

export const ROOT = path.resolve(import.meta.dirname ?? '.', '../..')

export interface ProcessResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs a dist/ bundle as its own process (asynchronously, so load in this process keeps flowing). */
export function runNode(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd = ROOT
): Promise<ProcessResult> {
  return runProgram(process.execPath, args, env, cwd)
}

export function runProgram(
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = ROOT
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('error', reject)
    child.on('close', code => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

/** CLI flags from an inputs map. */
export function flags(inputs: Record<string, string>): string[] {
  return Object.entries(inputs).flatMap(([name, value]) => [`--${name}`, value])
}

/** Reads a GITHUB_OUTPUT file as @actions/core writes it (name<<delimiter ... delimiter). */
export function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = readFileSync(file, 'utf8').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const value: string[] = []
      while (++i < lines.length && lines[i] !== heredoc[2]) value.push(lines[i])
      outputs[heredoc[1]] = value.join('\n')
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return outputs
}
