import { Color, COLORS, Settings } from '../config/settings.js'
import { Clock } from '../platform/clock.js'
import { CommandRunner } from '../platform/command-runner.js'
import { SocketHaproxyRuntime } from '../platform/haproxy-socket.js'
import { hostFiles } from '../platform/host-files.js'
import { HttpClient } from '../platform/http-client.js'
import { Logger } from '../platform/logger.js'
import { HaproxyRouter } from './haproxy-router.js'
import { NginxRouter } from './nginx-router.js'
import { NginxLuaRouter } from './nginx-lua-router.js'
import { LuaAdmin, PrefixedLuaAdmin, SocketLuaAdmin } from '../platform/nginx-lua-admin.js'
import { ProbeTarget, TrafficProbe } from './traffic-probe.js'
import { PooledRouter } from './pooled-router.js'
import { MultiRouter } from './multi-router.js'
import { UpstreamTarget } from './nginx-upstream.js'
import { TrafficRouter } from './traffic-router.js'
import { KubeApi } from '../platform/kube-api.js'
import { isKubernetesRouter } from '../config/parse-kubernetes.js'
import { GatewayApiRouter } from './gateway-api-router.js'
import { IngressNginxRouter } from './ingress-nginx-router.js'
import { KubernetesServiceRouter } from './kubernetes-service-router.js'

export interface RouterDeps {
  runner: CommandRunner
  http: HttpClient
  clock: Clock
  log: Logger
  /** The Kubernetes API, for the Kubernetes routers (run.ts makes it when settings.kubernetes is set). */
  kube?: KubeApi
}

/** One switch per router type; an unknown type never gets this far (parse-router rejects it). */
export function createRouter(settings: Settings, deps: RouterDeps): TrafficRouter {
  // Several load balancers: the same router for each, changed as one.
  if (settings.routers.length > 1)
    return new MultiRouter(
      settings.routers.map((router, i) => ({
        name: router.name ?? `lb-${i + 1}`,
        router: createRouter({ ...settings, router, routers: [router] }, deps)
      })),
      deps.log
    )
  if (isKubernetesRouter(settings.router.type)) return kubernetesRouter(settings, deps)
  if (settings.strategy !== 'rolling' && COLORS.some(c => settings.pools[c].length > 1))
    return pooledRouter(settings, deps)
  // A fleet's targets are its instances; a blue/green pair's are the two colors.
  const targets =
    settings.strategy === 'rolling'
      ? settings.rolling.instances
      : COLORS.map(color => ({ name: color, address: settings.addresses[color] }))
  const router = settings.router
  // HAProxy's %s names the server, which may not be the color's name.
  const probe = probeFor(
    settings,
    deps,
    router.type === 'haproxy' && settings.strategy !== 'rolling'
      ? targets.map(t => ({ ...t, aliases: [router.haproxyServers[t.name as Color]] }))
      : targets
  )
  const servers =
    settings.strategy === 'rolling'
      ? Object.fromEntries(targets.map(t => [t.name, t.name]))
      : router.haproxyServers
  return instanceRouter(settings, deps, targets, servers, probe)
}

/**
 * Colors that are pools: the router below knows every instance (nginx: a server line each;
 * HAProxy: the instance names are its server names) and the probe knows which color each
 * instance belongs to.
 */
function pooledRouter(settings: Settings, deps: RouterDeps): TrafficRouter {
  const members = COLORS.flatMap(color => settings.pools[color])
  const probe = probeFor(
    settings,
    deps,
    COLORS.map(color => ({
      name: color,
      address: settings.addresses[color],
      aliases: settings.pools[color].flatMap(m => [m.address, m.name])
    }))
  )
  const servers = Object.fromEntries(members.map(m => [m.name, m.name]))
  // The load balancer below has its own probe, per instance: where nginx's file cannot be taken
  // for the truth (changed after its workers started), a sample tells where traffic goes.
  const instanceProbe = probeFor(
    settings,
    deps,
    members.map(m => ({ ...m, aliases: [m.address, m.name] }))
  )
  const inner = instanceRouter(settings, deps, members, servers, instanceProbe)
  return new PooledRouter(
    inner,
    settings.pools,
    probe,
    settings.router.type === 'haproxy' ? HAPROXY_MAX_WEIGHT : Infinity
  )
}

/** A Service selector, an HTTPRoute or the canary Ingress: one object each, read and patched through the API. */
function kubernetesRouter(settings: Settings, deps: RouterDeps): TrafficRouter {
  const k8s = settings.kubernetes
  if (!k8s || !deps.kube)
    throw new Error('bug: a Kubernetes router without kubernetes settings or API')
  const probe = probeFor(
    settings,
    deps,
    COLORS.map(color => ({
      name: color,
      address: settings.addresses[color],
      aliases: [k8s.names[color]]
    }))
  )
  switch (settings.router.type) {
    case 'gateway-api':
      return new GatewayApiRouter(
        deps.kube,
        k8s,
        probe,
        deps.clock,
        settings.confirmTimeoutMs,
        deps.log
      )
    case 'ingress-nginx':
      return new IngressNginxRouter(deps.kube, k8s, probe, deps.log, settings.canary.match)
    default:
      return new KubernetesServiceRouter(deps.kube, k8s, probe, deps.log)
  }
}

/** HAProxy's largest server weight. */
const HAPROXY_MAX_WEIGHT = 256

function probeFor(
  settings: Settings,
  deps: RouterDeps,
  targets: readonly ProbeTarget[]
): TrafficProbe | undefined {
  const router = settings.router
  if (router.probeUrl === '') return undefined
  return new TrafficProbe(
    {
      url: router.probeUrl,
      header: router.probeHeader,
      timeoutMs: settings.confirmTimeoutMs,
      tls: router.probeTls
    },
    targets,
    deps.http,
    deps.clock,
    deps.log
  )
}

function instanceRouter(
  settings: Settings,
  deps: RouterDeps,
  targets: readonly UpstreamTarget[],
  servers: Readonly<Record<string, string>>,
  probe: TrafficProbe | undefined
): TrafficRouter {
  const router = settings.router
  switch (router.type) {
    case 'nginx':
      if (router.nginxMode === 'lua')
        return new NginxLuaRouter(targets, luaAdmin(router, deps.runner), probe, deps.log, {
          ...(settings.canary.sticky ? { sticky: settings.canary.sticky } : {}),
          ...(settings.canary.match ? { match: settings.canary.match } : {})
        })
      return new NginxRouter(
        router,
        targets,
        hostFiles(router.commandPrefix, deps.runner),
        deps.runner,
        probe,
        deps.clock,
        settings.confirmTimeoutMs,
        deps.log
      )
    case 'haproxy':
      return new HaproxyRouter(
        {
          backend: router.haproxyBackend,
          servers,
          ...(settings.canary.sticky || settings.canary.match
            ? { canaryMap: settings.canaryMap }
            : {})
        },
        new SocketHaproxyRuntime(router.haproxySocket),
        probe,
        deps.log
      )
    default:
      throw new Error(`bug: router ${router.type} has no instances`)
  }
}

/** The Lua admin socket on this host, or on the load balancer host through the prefix. */
function luaAdmin(router: Settings['router'], runner: CommandRunner): LuaAdmin {
  return router.commandPrefix.length === 0
    ? new SocketLuaAdmin(router.luaSocket)
    : new PrefixedLuaAdmin(router.commandPrefix, router.luaSocket, runner)
}
