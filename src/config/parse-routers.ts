import { FieldReader } from './field-reader.js'
import { parseRouter } from './parse-router.js'
import { RouterSettings } from './settings.js'
import { quote, textProblem } from './text-rules.js'

/** The settings a load balancer of `routers` may give for itself; the rest are shared. */
export const PER_ROUTER_KEYS = [
  'router',
  'nginx-upstream-file',
  'nginx-upstream-name',
  'nginx-config',
  'nginx-prefix',
  'nginx-binary',
  'nginx-mode',
  'nginx-lua-socket',
  'router-command-prefix',
  'haproxy-socket',
  'haproxy-backend',
  'haproxy-blue-server',
  'haproxy-green-server',
  'probe-url',
  'probe-header',
  'probe-ca-file',
  'probe-insecure'
] as const

/** Load balancers of one service, at most this many. */
const MAX_ROUTERS = 16

/**
 * `routers`: several load balancers that serve the same colors, as one (a YAML list in the config
 * file, or its JSON). Each entry names itself (`name`, default lb-1, lb-2 …) and gives its own
 * router settings (the keys in PER_ROUTER_KEYS); what it leaves out comes from the shared
 * settings. Without `routers`: the one router of the shared settings. Problems are named
 * `routers[N].<field>`.
 */
export function parseRouters(r: FieldReader, fleet: boolean): RouterSettings[] {
  const text = r.get('routers')
  if (text === '') return [parseRouter(r, fleet)]
  let list: unknown
  try {
    list = JSON.parse(text)
  } catch {
    r.fail(
      'routers',
      'must be a list of load balancers (a YAML list in the config file, or JSON), each a mapping like {name: lb1, nginx-upstream-file: /etc/nginx/conf.d/app.conf, router-command-prefix: ssh deploy@lb1}.'
    )
    return [parseRouter(r, fleet)]
  }
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_ROUTERS) {
    r.fail('routers', `must be a list of 1 to ${MAX_ROUTERS} load balancers.`)
    return [parseRouter(r, fleet)]
  }
  const names = new Set<string>()
  return list.map((entry, i) => {
    const at = `routers[${i + 1}]`
    const values = entryValues(r, entry, at)
    const name = values.name ?? `lb-${i + 1}`
    if (!/^[A-Za-z0-9][\w.-]{0,31}$/.test(name))
      r.fail(`${at}.name`, `${quote(name)} is not a name (1 to 32 letters, digits, _ . -).`)
    else if (names.has(name))
      r.fail(`${at}.name`, `${quote(name)} is used twice; give every load balancer its own name.`)
    names.add(name)
    return { ...parseRouter(r.child(values, at), fleet), name }
  })
}

/** An entry's values as strings, refusing unknown keys and values that are not plain text. */
function entryValues(r: FieldReader, entry: unknown, at: string): Record<string, string> {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    r.fail(
      at,
      'must be a mapping of router settings, e.g. {name: lb1, haproxy-socket: 10.0.0.5:9999}.'
    )
    return {}
  }
  const values: Record<string, string> = {}
  for (const [key, raw] of Object.entries(entry)) {
    if (key !== 'name' && !(PER_ROUTER_KEYS as readonly string[]).includes(key)) {
      r.fail(
        at,
        `unknown key ${quote(key)}; a load balancer takes name and ${PER_ROUTER_KEYS.join(', ')}.`
      )
      continue
    }
    const value = Array.isArray(raw) ? JSON.stringify(raw) : String(raw ?? '')
    const problem = textProblem(value, { maxLength: 1024 })
    if (problem) {
      r.fail(`${at}.${key}`, problem)
      continue
    }
    values[key] = value
  }
  return values
}
