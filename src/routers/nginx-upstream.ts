import { Weights } from './traffic-router.js'

/** A target of the upstream: its name (color) and address. */
export interface UpstreamTarget {
  name: string
  address: string
}

/**
 * The server lines for a split. Weights are percentages; nginx's weighted round robin then gives
 * exactly that share. A target at 0 is kept, marked `down`, so the file always says where every
 * color lives.
 */
export function serverLines(targets: readonly UpstreamTarget[], weights: Weights): string[] {
  return targets.map(target => {
    const weight = Math.round(weights[target.name] ?? 0)
    const state = weight > 0 ? `weight=${weight}` : 'down'
    return `    server ${target.address} ${state}; # ${target.name}`
  })
}

/**
 * Reads the split back from an upstream file, ours or the user's first hand-written one. Servers
 * are matched to targets by address; a server with no weight counts 1, `down` and `backup` 0.
 * Returns raw weights (not percentages) and any server that matches no target.
 */
export function parseUpstream(
  text: string,
  name: string,
  targets: readonly UpstreamTarget[]
): { weights: Record<string, number>; unknown: string[]; found: boolean } {
  const block = findBlock(stripComments(text), name)
  const weights: Record<string, number> = Object.fromEntries(targets.map(t => [t.name, 0]))
  const unknown: string[] = []
  if (block === undefined) return { weights, unknown, found: false }
  for (const statement of block.split(';')) {
    const words = statement.trim().split(/\s+/)
    if (words[0] !== 'server' || words.length < 2) continue
    const target = targets.find(t => t.address === words[1])
    if (!target) {
      unknown.push(words[1])
      continue
    }
    const params = words.slice(2)
    const weightParam = params.find(p => p.startsWith('weight='))
    const off = params.includes('down') || params.includes('backup')
    weights[target.name] += off ? 0 : weightParam ? Number(weightParam.slice('weight='.length)) : 1
  }
  return { weights, unknown, found: true }
}

function stripComments(text: string): string {
  return text.replace(/#[^\n]*/g, '')
}

function findBlock(text: string, name: string): string | undefined {
  const start = new RegExp(`upstream\\s+${name.replace(/[.]/g, '\\.')}\\s*\\{`).exec(text)
  if (!start) return undefined
  const end = text.indexOf('}', start.index + start[0].length)
  return end === -1 ? undefined : text.slice(start.index + start[0].length, end)
}
