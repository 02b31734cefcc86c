import { BackendError } from '../errors.js'
import { Clock } from '../platform/clock.js'
import { CommandRunner } from '../platform/command-runner.js'
import { HaproxyRuntime } from '../platform/haproxy-socket.js'
import { HostFiles } from '../platform/host-files.js'
import { HttpClient } from '../platform/http-client.js'
import { HaproxyStatsProvider } from './haproxy-stats-provider.js'
import { NginxLogProvider } from './nginx-log-provider.js'
import { CommandProvider } from './command-provider.js'
import { HttpProvider } from './http-provider.js'
import { MetricProvider } from './metric-provider.js'
import { ProviderType } from './metric-spec.js'
import { PrometheusProvider } from './prometheus-provider.js'
import { WebhookProvider } from './webhook-provider.js'

export interface ProviderDeps {
  http: HttpClient
  clock: Clock
  /** Files on the load balancer's machine (nginx's access log). */
  files: HostFiles
  nginxAccessLog: string
  /** HAProxy's runtime API and the server of each target, when the router is HAProxy. */
  haproxy?: {
    runtime: HaproxyRuntime
    backend: string
    serversOf: (target: string) => readonly string[]
  }
  runner: CommandRunner
  prometheusUrl: string
  probeUrl: string
}

/** One provider per type, created once per run (the http probe shares its requests between gates). */
export function createProviders(deps: ProviderDeps): (type: ProviderType) => MetricProvider {
  const made = new Map<ProviderType, MetricProvider>()
  return type => {
    let provider = made.get(type)
    if (!provider) {
      provider = create(type, deps)
      made.set(type, provider)
    }
    return provider
  }
}

function create(type: ProviderType, deps: ProviderDeps): MetricProvider {
  switch (type) {
    case 'http':
      return new HttpProvider(deps.http, deps.probeUrl, deps.clock)
    case 'prometheus':
      return new PrometheusProvider(deps.http, deps.prometheusUrl, deps.clock)
    case 'command':
      return new CommandProvider(deps.runner, deps.clock)
    case 'webhook':
      return new WebhookProvider(deps.http, deps.clock)
    case 'nginx-log':
      return new NginxLogProvider(deps.files, deps.nginxAccessLog, deps.clock)
    case 'haproxy':
      if (!deps.haproxy) throw new BackendError('bug: a haproxy gate without router: haproxy')
      return new HaproxyStatsProvider(
        deps.haproxy.runtime,
        deps.haproxy.backend,
        deps.haproxy.serversOf,
        deps.clock
      )
    default:
      throw new BackendError(`bug: no metric provider ${String(type)}`)
  }
}
