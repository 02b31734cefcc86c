import { FieldReader } from './field-reader.js'
import { isKubernetesRouter } from './parse-kubernetes.js'
import { isHostPort, wordList } from './lists.js'
import { RouterSettings } from './settings.js'
import { headerNameProblem, nameProblem, quote, wordProblem } from './text-rules.js'

/** The router part of the settings: nginx (include file + reload) or HAProxy (runtime API). */
/** With `fleet` (rolling), HAProxy servers are named after the instances, not the colors. */
export function parseRouter(r: FieldReader, fleet = false): RouterSettings {
  const type = r.get('router') as RouterSettings['type']
  if (type !== 'nginx' && type !== 'haproxy' && !isKubernetesRouter(type))
    r.fail(
      'router',
      `unknown router ${quote(type)}; use nginx, haproxy, kubernetes-service, gateway-api or ingress-nginx.`
    )
  const commandPrefix = wordList(r.get('router-command-prefix'))
  if (commandPrefix === undefined)
    r.fail(
      'router-command-prefix',
      'a JSON list must hold only strings, e.g. ["ssh", "deploy@lb1"].'
    )
  const prefixProblem = commandPrefix?.map(w => wordProblem(w, true)).find(p => p !== undefined)
  if (prefixProblem) r.fail('router-command-prefix', prefixProblem)
  const local = (commandPrefix ?? []).length === 0
  const upstreamFile = r.get('nginx-upstream-file')
  const configFile = r.get('nginx-config')
  const nginxMode = r.get('nginx-mode') as RouterSettings['nginxMode']
  if (nginxMode !== 'reload' && nginxMode !== 'lua')
    r.fail('nginx-mode', `unknown mode ${quote(nginxMode)}; use reload or lua.`)
  const luaSocket = r.get('nginx-lua-socket')
  const lua = type === 'nginx' && nginxMode === 'lua'
  if (lua) {
    if (!luaSocket.startsWith('/') || /[\s\0]/.test(luaSocket))
      r.fail(
        'nginx-lua-socket',
        `${quote(luaSocket)} is not an absolute path; give the unix socket of the admin endpoint (see examples/nginx/progressive-deploy-lua.conf).`
      )
  }
  if (type === 'nginx' && !lua) {
    if (upstreamFile === '') {
      r.fail(
        'nginx-upstream-file',
        'missing: the upstream include file that your nginx config includes (e.g. /etc/nginx/conf.d/app-upstream.conf).'
      )
    } else if (local && !r.machine.fileExists(upstreamFile)) {
      r.fail(
        'nginx-upstream-file',
        `${quote(upstreamFile)} does not exist. Create it with an upstream block for the live color and include it from your nginx config.`
      )
    }
    if (configFile !== '' && local && !r.machine.fileExists(configFile)) {
      r.fail(
        'nginx-config',
        `${quote(configFile)} does not exist; give the main nginx config file or leave it empty for nginx's default.`
      )
    }
  }
  const upstreamName = r.get('nginx-upstream-name')
  if (!/^[\w.-]{1,64}$/.test(upstreamName))
    r.fail(
      'nginx-upstream-name',
      `${quote(upstreamName)} is not an nginx upstream name (1 to 64 letters, digits, _ . -).`
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
        `${quote(haproxySocket)} does not exist; give the path of HAProxy's admin socket or host:port.`
      )
    }
  }
  const haproxyBackend = r.get('haproxy-backend')
  const backendProblem = nameProblem(haproxyBackend, 'an HAProxy backend name')
  if (backendProblem) r.fail('haproxy-backend', backendProblem)
  const names = { blue: r.get('haproxy-blue-server'), green: r.get('haproxy-green-server') }
  for (const [color, name] of Object.entries(names)) {
    if (fleet) break
    const problem = nameProblem(name, 'an HAProxy server name')
    if (problem) r.fail(`haproxy-${color}-server`, problem)
  }
  if (!fleet && names.blue === names.green)
    r.fail(
      'haproxy-green-server',
      `blue and green are both ${quote(names.blue)}; give each color its own server.`
    )
  const probeHeader = r.get('probe-header')
  const headerProblem = headerNameProblem(probeHeader)
  if (headerProblem) r.fail('probe-header', headerProblem)

  const probeUrl = r.httpUrl('probe-url')
  return {
    type,
    nginxMode,
    luaSocket,
    upstreamFile,
    upstreamName,
    configFile,
    prefixDir: r.get('nginx-prefix'),
    binary: r.get('nginx-binary'),
    commandPrefix: commandPrefix ?? [],
    haproxySocket,
    haproxyBackend,
    haproxyServers: names,
    probeUrl,
    probeHeader: probeHeader.toLowerCase(),
    probeTls: probeTrust(r, probeUrl)
  }
}

/** probe-ca-file (read now, so a bad file stops the run before anything) or probe-insecure. */
function probeTrust(r: FieldReader, probeUrl: string): RouterSettings['probeTls'] {
  const caFile = r.get('probe-ca-file')
  const insecure = r.bool('probe-insecure')
  if (caFile === '' && !insecure) return { insecure: false }
  const field = caFile !== '' ? 'probe-ca-file' : 'probe-insecure'
  if (caFile !== '' && insecure) {
    r.fail('probe-insecure', 'set probe-ca-file or probe-insecure, not both.')
    return { insecure: false }
  }
  if (!probeUrl.startsWith('https:')) {
    r.fail(
      field,
      `applies to an https probe-url; probe-url is ${probeUrl === '' ? 'empty' : quote(probeUrl)}.`
    )
    return { insecure: false }
  }
  if (insecure) return { insecure: true }
  const pem = r.machine.readFile(caFile)
  if (pem === undefined || !pem.includes('-----BEGIN CERTIFICATE-----')) {
    r.fail(
      'probe-ca-file',
      `${quote(caFile)} ${pem === undefined ? 'cannot be read' : 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)'}; give the CA certificate that signed the load balancer's certificate.`
    )
    return { insecure: false }
  }
  return { ca: pem, insecure: false }
}
