import { parseCanarySteps } from './canary-steps.js'
import { FieldReader } from './field-reader.js'
import { DEFAULT_METRICS, parseMetrics } from './parse-metrics.js'
import { CanarySettings } from './settings.js'

/** The canary part of the settings: steps, gates, and where the gates measure. */
export function parseCanary(r: FieldReader): CanarySettings {
  const bakeMs = r.durationMs('bake-time')
  const steps = parseCanarySteps(r.get('canary-steps'), bakeMs)
  if (typeof steps === 'string') r.fail('canary-steps', `${steps}.`)
  const metrics = parseMetrics(r.get('metrics') || DEFAULT_METRICS, (field, message) =>
    r.fail(field, message)
  )
  const prometheusUrl = r.httpUrl('prometheus-url')
  if (prometheusUrl === '' && metrics.some(m => m.provider === 'prometheus')) {
    r.fail(
      'prometheus-url',
      'missing: a prometheus gate needs the Prometheus base URL (e.g. http://prometheus:9090).'
    )
  }
  return {
    steps: typeof steps === 'string' ? [] : steps,
    metrics,
    analysisIntervalMs: r.durationMs('analysis-interval'),
    prometheusUrl,
    abortCommand: r.argv('abort-command'),
    full: r.bool('full')
  }
}
