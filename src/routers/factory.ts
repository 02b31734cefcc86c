import { Color, COLORS, Settings } from '../config/settings.js'
import { Clock } from '../platform/clock.js'
import { CommandRunner } from '../platform/command-runner.js'
import { SocketHaproxyRuntime } from '../platform/haproxy-socket.js'
import { hostFiles } from '../platform/host-files.js'
import { HttpClient } from '../platform/http-client.js'
import { Logger } from '../platform/logger.js'
import { HaproxyRouter } from './haproxy-router.js'
import { NginxRouter } from './nginx-router.js'
import { TrafficProbe } from './traffic-probe.js'
import { TrafficRouter } from './traffic-router.js'

export interface RouterDeps {
  runner: CommandRunner
  http: HttpClient
  clock: Clock
  log: Logger
}

/** One switch per router type; an unknown type never gets this far (parse-router rejects it). */
export function createRouter(settings: Settings, deps: RouterDeps): TrafficRouter {
  // A fleet's targets are its instances; a blue/green pair's are the two colors.
  const targets =
    settings.strategy === 'rolling'
      ? settings.rolling.instances
      : COLORS.map(color => ({ name: color, address: settings.addresses[color] }))
  const router = settings.router
  const probe =
    router.probeUrl === ''
      ? undefined
      : new TrafficProbe(
          {
            url: router.probeUrl,
            header: router.probeHeader,
            timeoutMs: settings.confirmTimeoutMs,
            tls: router.probeTls
          },
          // HAProxy's %s names the server, which may not be the color's name.
          router.type === 'haproxy' && settings.strategy !== 'rolling'
            ? targets.map(t => ({ ...t, aliases: [router.haproxyServers[t.name as Color]] }))
            : targets,
          deps.http,
          deps.clock,
          deps.log
        )
  switch (router.type) {
    case 'nginx':
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
          servers:
            settings.strategy === 'rolling'
              ? Object.fromEntries(targets.map(t => [t.name, t.name]))
              : router.haproxyServers
        },
        new SocketHaproxyRuntime(router.haproxySocket),
        probe,
        deps.log
      )
  }
}
