import { FieldReader, isHostPort } from './field-reader.js'
import { RouterSettings } from './settings.js'

/** The router part of the settings: nginx (include file + reload) or HAProxy (runtime API). */
/** With `fleet` (rolling), HAProxy servers are named after the instances, not the colors. */
export function parseRouter(r: FieldReader, fleet = false): RouterSettings {
  const type = r.get('router') as RouterSettings['type']
  if (type !== 'nginx' && type !== 'haproxy')
    r.fail('router', `unknown router "${type}"; use nginx or haproxy.`)
  const commandPrefix = r
    .get('router-command-prefix')
    .split(/\s+/)
    .filter(w => w !== '')
  const local = commandPrefix.length === 0
  const upstreamFile = r.get('nginx-upstream-file')
  const configFile = r.get('nginx-config')
  if (type === 'nginx') {
    if (upstreamFile === '') {
      r.fail(
        'nginx-upstream-file',
        'missing: the upstream include file that your nginx config includes (e.g. /etc/nginx/conf.d/app-upstream.conf).'
      )
    } else if (local && !r.machine.fileExists(upstreamFile)) {
      r.fail(
        'nginx-upstream-file',
        `${upstreamFile} does not exist. Create it with an upstream block for the live color and include it from your nginx config.`
      )
    }
    if (configFile !== '' && local && !r.machine.fileExists(configFile)) {
      r.fail(
        'nginx-config',
        `${configFile} does not exist; give the main nginx config file or leave it empty for nginx's default.`
      )
    }
  }
  const upstreamName = r.get('nginx-upstream-name')
  if (!/^[\w.-]+$/.test(upstreamName))
    r.fail(
      'nginx-upstream-name',
      `"${upstreamName}" is not an nginx upstream name (letters, digits, _ . -).`
    )

  const haproxySocket = r.get('haproxy-socket')
  if (type === 'haproxy') {
    if (haproxySocket === '')
      r.fail(
        'haproxy-socket',
        'missing: the HAProxy admin socket (a unix socket path, or host:port), from "stats socket ... level admin".'
      )
    else if (!isHostPort(haproxySocket) && !r.machine.fileExists(haproxySocket)) {
      r.fail(
        'haproxy-socket',
        `${haproxySocket} does not exist; give the path of HAProxy's admin socket or host:port.`
      )
    }
  }
  const names = { blue: r.get('haproxy-blue-server'), green: r.get('haproxy-green-server') }
  for (const [color, name] of Object.entries(names)) {
    if (fleet) break
    if (!/^[\w.-]+$/.test(name))
      r.fail(`haproxy-${color}-server`, `"${name}" is not an HAProxy server name.`)
  }
  if (!fleet && names.blue === names.green)
    r.fail(
      'haproxy-green-server',
      `blue and green are both "${names.blue}"; give each color its own server.`
    )

  return {
    type,
    upstreamFile,
    upstreamName,
    configFile,
    prefixDir: r.get('nginx-prefix'),
    binary: r.get('nginx-binary'),
    commandPrefix,
    haproxySocket,
    haproxyBackend: r.get('haproxy-backend'),
    haproxyServers: names,
    probeUrl: r.httpUrl('probe-url'),
    probeHeader: r.get('probe-header').toLowerCase()
  }
}
