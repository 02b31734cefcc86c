import { LoadStats, startLoad } from '../../demo/load-generator.js'
import { FleetLab, sampleRotation } from '../../demo/fleet-lab.js'
import { Report } from '../../src/report/report.js'
import { runInProcess } from './canary-lab.js'

// No jest here: the rolling benchmark measures with the same code the tests assert on.

export interface RollingRun {
  report: Report
  log: string[]
  error?: Error
  fresh: LoadStats
  keepAlive: LoadStats
  /** The fewest instances in rotation at any sample of the router, and how many samples. */
  rotation: { min: number; samples: number }
  durationMs: number
}

/** Runs `rolling` in this process under fresh and keep-alive load, sampling the router. */
export async function rollingUnderLoad(
  lab: FleetLab,
  inputs: Record<string, string>,
  concurrency = 2
): Promise<RollingRun> {
  const fresh = startLoad({ url: lab.url, kind: 'fresh', concurrency, pauseMs: 5 })
  const keepAlive = startLoad({ url: lab.url, kind: 'keep-alive', concurrency, pauseMs: 5 })
  const rotation = sampleRotation(lab)
  const started = performance.now()
  try {
    const run = await runInProcess('rolling', { ...lab.inputs, ...inputs })
    const durationMs = performance.now() - started
    return {
      ...run,
      durationMs,
      rotation: await rotation.stop(),
      fresh: await fresh.stop(),
      keepAlive: await keepAlive.stop()
    }
  } finally {
    // Idempotent: stops the load when the run threw before its own stops.
    await Promise.all([rotation.stop(), fresh.stop(), keepAlive.stop()])
  }
}
