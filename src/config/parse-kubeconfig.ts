import path from 'node:path'
import { KubeConnection } from './settings.js'
import { quote } from './text-rules.js'
import { parseYamlOrJson } from './yaml.js'

/** What reading a kubeconfig needs from the machine (files it names, the environment). */
export interface KubeconfigMachine {
  readFile(path: string): string | undefined
  env: Readonly<Record<string, string | undefined>>
}

type Entry = Record<string, unknown>

/**
 * The connection a kubeconfig gives for one context: server, trust, credentials and namespace.
 * `value` is a file path, the file's content (from a secret), or '' ($KUBECONFIG, else
 * ~/.kube/config). Returns a problem sentence (with its fix) instead of throwing.
 */
export function parseKubeconfig(
  value: string,
  contextName: string,
  machine: KubeconfigMachine
): KubeConnection | string {
  const source = kubeconfigText(value, machine)
  if (typeof source === 'string') return source
  const parsed = parseYamlOrJson(source.text)
  if ('problem' in parsed) return `${source.where} is not YAML: ${firstLine(parsed.problem)}.`
  const doc = parsed.value
  if (!isEntry(doc))
    return `${source.where} is not a kubeconfig (a YAML mapping with clusters, users and contexts).`
  const name = contextName !== '' ? contextName : String(doc['current-context'] ?? '')
  if (name === '')
    return `${source.where} has no current-context; set kubernetes-context to one of: ${
      names(doc.contexts)
        .map(n => quote(n))
        .join(', ') || '(none)'
    }.`
  const context = named(doc.contexts, name, 'context')
  if (!context)
    return `context ${quote(String(name))} is not in ${source.where}; it has: ${
      names(doc.contexts)
        .map(n => quote(n))
        .join(', ') || '(none)'
    }.`
  const cluster = named(doc.clusters, String(context.cluster ?? ''), 'cluster')
  if (!cluster)
    return `context ${quote(String(name))} names cluster ${quote(String(context.cluster ?? ''))}, which ${source.where} does not define.`
  const user = named(doc.users, String(context.user ?? ''), 'user') ?? {}
  const server = String(cluster.server ?? '')
  if (!/^https?:\/\/[^\s/]+/.test(server))
    return `cluster ${quote(String(context.cluster))} has no server URL (https://host:port).`
  const readRelative = (file: string): string | undefined =>
    machine.readFile(path.isAbsolute(file) ? file : path.join(source.dir, file))
  const ca = pem(cluster, 'certificate-authority', readRelative)
  if (ca.problem) return `cluster ${quote(String(context.cluster))}: ${ca.problem}`
  if (user.exec !== undefined || user['auth-provider'] !== undefined)
    return `user ${quote(String(context.user))} gets its credentials from a plugin (exec or auth-provider), which progressive-deploy does not run: run it in a step before (e.g. aws eks get-token, gcloud auth print-access-token) and give kubeconfig a user with token, or a ServiceAccount token from a secret.`
  let token = typeof user.token === 'string' ? user.token : undefined
  if (token === undefined && typeof user.tokenFile === 'string') {
    token = readRelative(user.tokenFile)?.trim()
    if (token === undefined)
      return `user ${quote(String(context.user))}: tokenFile ${quote(String(user.tokenFile))} cannot be read.`
  }
  const cert = pem(user, 'client-certificate', readRelative)
  const key = pem(user, 'client-key', readRelative)
  const problem = cert.problem ?? key.problem
  if (problem) return `user ${quote(String(context.user))}: ${problem}`
  if (token === undefined && (cert.value === undefined || key.value === undefined))
    return `user ${quote(String(context.user))} has no token and no client certificate and key; give one of them.`
  if (token !== undefined && /[\s\0]/.test(token))
    return `user ${quote(String(context.user))}: the token holds whitespace; give it on one line.`
  const namespace = typeof context.namespace === 'string' ? context.namespace : undefined
  return {
    server: server.replace(/\/+$/, ''),
    context: name,
    insecure: cluster['insecure-skip-tls-verify'] === true,
    ...(ca.value !== undefined ? { ca: ca.value } : {}),
    ...(token !== undefined ? { token } : {}),
    ...(cert.value !== undefined ? { cert: cert.value } : {}),
    ...(key.value !== undefined ? { key: key.value } : {}),
    ...(namespace ? { namespace } : {})
  }
}

function kubeconfigText(
  value: string,
  machine: KubeconfigMachine
): { text: string; where: string; dir: string } | string {
  // Content from a secret has lines; a path has none.
  if (value.includes('\n')) return { text: value, where: 'the kubeconfig given', dir: '.' }
  const file =
    value !== ''
      ? value
      : (machine.env.KUBECONFIG?.split(':')[0] ??
        path.join(machine.env.HOME ?? '/root', '.kube', 'config'))
  const text = machine.readFile(file)
  if (text === undefined)
    return value !== ''
      ? `${quote(file)} cannot be read; give the kubeconfig's path or its content (e.g. kubeconfig: \${{ secrets.KUBECONFIG }}).`
      : `no kubeconfig: set kubeconfig (a path, or the content from a secret), or KUBECONFIG; ${quote(file)} cannot be read.`
  return { text, where: quote(file), dir: path.dirname(file) }
}

/** `<field>-data` (base64) or `<field>` (a file): the PEM text, or what is wrong with it. */
function pem(
  entry: Entry,
  field: string,
  read: (file: string) => string | undefined
): { value?: string; problem?: string } {
  const data = entry[`${field}-data`]
  if (typeof data === 'string') {
    const text = Buffer.from(data, 'base64').toString('utf8')
    return text.includes('-----BEGIN')
      ? { value: text }
      : { problem: `${field}-data is not base64 of a PEM block.` }
  }
  const file = entry[field]
  if (typeof file !== 'string') return {}
  const text = read(file)
  if (text === undefined) return { problem: `${field} ${quote(file)} cannot be read.` }
  return text.includes('-----BEGIN')
    ? { value: text }
    : { problem: `${field} ${quote(file)} holds no PEM block.` }
}

function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The inner mapping of `{name, <kind>: {...}}` in a kubeconfig list. */
function named(list: unknown, name: string, kind: string): Entry | undefined {
  if (!Array.isArray(list)) return undefined
  const found = list.find(item => isEntry(item) && item.name === name) as Entry | undefined
  const inner = found?.[kind]
  return isEntry(inner) ? inner : undefined
}

function names(list: unknown): string[] {
  return Array.isArray(list)
    ? list
        .filter(isEntry)
        .map(item => String(item.name))
        .slice(0, 10)
    : []
}

function firstLine(text: string): string {
  return text.split('\n')[0]
}
