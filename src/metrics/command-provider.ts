import { CommandRunner } from '../platform/command-runner.js'
import { Clock } from '../platform/clock.js'
import { errorMeasurement, MeasureWindow, MetricProvider } from './metric-provider.js'
import { Measurement, MetricSpec } from './metric-spec.js'
import { reportedCounts } from './reported-counts.js'

/**
 * A check script run at the end of each window. Exit 0 passes, any other exit fails; when it
 * prints JSON {"value": n} the value is judged against max/min instead. With compare: baseline it
 * prints both sides' counts for the window (reported-counts.ts), judged like every compare gate.
 */
export class CommandProvider implements MetricProvider {
  readonly type = 'command'
  constructor(
    private readonly runner: CommandRunner,
    private readonly clock: Clock
  ) {}

  async measure(
    metric: MetricSpec,
    window: MeasureWindow,
    signal: AbortSignal
  ): Promise<Measurement> {
    await this.clock.sleep(window.windowMs, signal)
    const env = {
      PD_CANARY_VERSION: window.canary.version,
      PD_CANARY_ADDRESS: window.canary.address,
      /** The canary's color, or the instance of a rolling batch. */
      PD_CANARY_TARGET: window.canary.color,
      PD_STABLE_VERSION: window.stable.version,
      PD_STABLE_ADDRESS: window.stable.address,
      PD_CANARY_WEIGHT: String(window.weight),
      PD_WINDOW_SECONDS: String(Math.round(window.windowMs / 1000)),
      PD_ENVIRONMENT: window.environment
    }
    try {
      const result = await this.runner.run(metric.command ?? [], { env })
      if (metric.compare === 'baseline')
        return result.exitCode === 0
          ? reportedCounts(result.stdout, metric.name)
          : {
              phase: 'error',
              message: `${metric.name}: exited ${result.exitCode}${firstLine(result.stderr)}; no counts`
            }
      const value = jsonValue(result.stdout)
      if (result.exitCode !== 0)
        return {
          phase: 'ok',
          passed: false,
          message: `${metric.name}: exited ${result.exitCode}${firstLine(result.stderr)}`
        }
      if (value !== undefined && (metric.max !== undefined || metric.min !== undefined))
        return { phase: 'ok', value, message: `value ${value}` }
      return { phase: 'ok', passed: true, message: `${metric.name}: exit 0` }
    } catch (error) {
      return errorMeasurement(error)
    }
  }
}

function jsonValue(stdout: string): number | undefined {
  try {
    const value = (JSON.parse(stdout.trim().split('\n').pop() ?? '') as { value?: unknown }).value
    return typeof value === 'number' ? value : undefined
  } catch {
    return undefined
  }
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0]
  return line ? ` (${line.slice(0, 100)})` : ''
}
