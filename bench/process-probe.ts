import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'

export interface ProbedRun {
  code: number
  ms: number
  /** Peak resident memory (VmHWM) in MB, sampled from /proc while the process ran. */
  peakRssMb: number
  output: string
}

/** Runs a process and follows its memory high-water mark until it exits. */
export function runProbed(
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv
): Promise<ProbedRun> {
  return new Promise(resolve => {
    const started = performance.now()
    const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    let peakKb = 0
    child.stdout.on('data', chunk => (output += chunk))
    child.stderr.on('data', chunk => (output += chunk))
    const sample = (): void => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
        if (match) peakKb = Math.max(peakKb, Number(match[1]))
      } catch {
        // the process has exited
      }
    }
    const timer = setInterval(sample, 2)
    child.on('close', code => {
      clearInterval(timer)
      resolve({
        code: code ?? -1,
        ms: performance.now() - started,
        peakRssMb: peakKb / 1024,
        output
      })
    })
  })
}
