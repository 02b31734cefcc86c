import { MeasureWindow } from '../../src/metrics/metric-provider.js'

/** A measurement window for provider tests: canary v2 on green at 5%, stable v1 on blue. */
export function measureWindow(
  windowMs: number,
  addresses = { canary: 'a:1', stable: 'b:1' }
): MeasureWindow {
  return {
    windowMs,
    environment: 'prod',
    weight: 5,
    canary: { color: 'green', version: 'v2', address: addresses.canary },
    stable: { color: 'blue', version: 'v1', address: addresses.stable }
  }
}
