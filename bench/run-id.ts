import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/**
 * Every result of one `npm run bench` carries the same run id, timestamp and machine
 * (scripts/bench.sh sets BENCH_RUN_ID and BENCH_STARTED); a benchmark run on its own gets its own.
 */
export interface BenchRun {
  runId: string
  date: string
  machine: { cpus: number; model: string; memoryGiB: number; node: string }
}

export function benchRun(): BenchRun {
  const started = process.env.BENCH_STARTED || new Date().toISOString()
  return {
    runId: process.env.BENCH_RUN_ID || `single-${started}`,
    date: started,
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version
    }
  }
}

/** Writes one result file of this run. */
export function writeResult(name: string, result: object): void {
  const dir = path.resolve(import.meta.dirname, 'results')
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    path.join(dir, `${name}.json`),
    `${JSON.stringify({ ...benchRun(), ...result }, null, 2)}\n`
  )
}

/** Reads a result file (for the README tables). */
export function readResult<T>(name: string): T {
  return JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, 'results', `${name}.json`), 'utf8')
  ) as T
}
