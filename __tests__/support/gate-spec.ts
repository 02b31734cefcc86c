import { MetricSpec } from '../../src/metrics/metric-spec.js'

/** A gate with every field at its parsed default, overridden where a test cares. */
export function gateSpec(over: Partial<MetricSpec> = {}): MetricSpec {
  return {
    name: 'gate',
    provider: 'prometheus',
    query: 'q',
    target: 'canary',
    rate: 20,
    url: '',
    paths: [],
    path: '',
    failureLimit: 0,
    consecutiveErrorLimit: 2,
    onNoData: 'pause',
    onError: 'pause',
    compare: 'none',
    alpha: 0.01,
    toleranceRelative: 0,
    toleranceAbsolute: 0,
    requestsQuery: '',
    eventsQuery: '',
    versionLabel: 'version',
    direction: 'lower-is-better',
    ...over
  }
}
