import { isHostPort } from './lists.js'
import { Instance } from './settings.js'
import { quote } from './text-rules.js'

/**
 * Parses the instance list: one per line as "name=host:port" (or "name host:port"), or a JSON
 * list of {name, address} (what a YAML list in the config file becomes). Returns the instances
 * and every problem found, each naming the line or entry.
 */
export function parseInstances(text: string): { instances: Instance[]; problems: string[] } {
  const problems: string[] = []
  const entries = readEntries(text, problems)
  const instances: Instance[] = []
  const seenNames = new Map<string, number>()
  const seenAddresses = new Map<string, string>()
  entries.forEach(({ name, address, where }) => {
    if (!/^[A-Za-z0-9][\w.-]{0,63}$/.test(name)) {
      problems.push(
        `${where}: ${quote(name)} is not an instance name (1 to 64 letters, digits, _ . -; with HAProxy it is the server name).`
      )
      return
    }
    if (!isHostPort(address)) {
      problems.push(`${where}: ${quote(address)} is not host:port (e.g. 10.0.0.5:8080).`)
      return
    }
    if (seenNames.has(name)) {
      problems.push(
        `${where}: the name ${quote(name)} is used twice; give every instance its own name.`
      )
      return
    }
    const other = seenAddresses.get(address)
    if (other !== undefined) {
      problems.push(`${where}: ${name} and ${other} both point at ${address}.`)
      return
    }
    seenNames.set(name, instances.length)
    seenAddresses.set(address, name)
    instances.push({ name, address })
  })
  return { instances, problems }
}

function readEntries(
  text: string,
  problems: string[]
): { name: string; address: string; where: string }[] {
  const trimmed = text.trim()
  if (trimmed.startsWith('[')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(trimmed)
    } catch (error) {
      problems.push(`not a valid JSON list: ${(error as Error).message}.`)
      return []
    }
    if (!Array.isArray(parsed)) return []
    return parsed.map((entry: unknown, i) => {
      const e = (entry ?? {}) as { name?: unknown; address?: unknown }
      if (typeof entry === 'string') return fromLine(entry, `entry ${i + 1}`)
      return {
        name: String(e.name ?? ''),
        address: String(e.address ?? ''),
        where: `entry ${i + 1}`
      }
    })
  }
  return trimmed
    .split('\n')
    .map((line, i) => ({ line: line.trim(), where: `line ${i + 1}` }))
    .filter(({ line }) => line !== '' && !line.startsWith('#'))
    .map(({ line, where }) => fromLine(line, where))
}

function fromLine(line: string, where: string): { name: string; address: string; where: string } {
  const text = line.trim()
  const equals = text.indexOf('=')
  if (equals !== -1)
    return { name: text.slice(0, equals).trim(), address: text.slice(equals + 1).trim(), where }
  const words = text.split(/\s+/)
  return words.length === 2
    ? { name: words[0], address: words[1], where }
    : { name: text, address: '', where }
}
