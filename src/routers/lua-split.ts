import { RequestKey } from '../config/settings.js'
import { toPercentages, Weights } from './traffic-router.js'

/** Weight units per 100%: the Lua balancer's split is exact over every 10,000 requests. */
const UNITS = 10_000

/** A target and where it is: the split names addresses, the tool names targets. */
export interface SplitTarget {
  name: string
  address: string
}

/** How a canary step routes users and staff (CanarySettings.sticky / match), and which target is the canary. */
export interface CanaryRouting {
  canary: string
  sticky?: RequestKey
  match?: RequestKey
}

/**
 * The split the Lua balancer reads: "host:port weight" per line, weights in ten-thousandths.
 * Only IPv4 addresses: the balancer sets peers without DNS. During a canary step with sticky
 * users or canary-match, the canary's line ends in "canary" and the rules come first. Pure.
 */
export function renderSplit(
  targets: readonly SplitTarget[],
  weights: Weights,
  routing?: CanaryRouting
): string {
  const raw = targets.map(t => ({
    address: t.address,
    units: Math.round((weights[t.name] ?? 0) * (UNITS / 100))
  }))
  // Rounding may leave the total a unit off 10,000: the largest share absorbs it.
  const drift = UNITS - raw.reduce((sum, r) => sum + r.units, 0)
  const largest = raw.reduce((best, r) => (r.units > best.units ? r : best), raw[0])
  if (largest && largest.units > 0) largest.units += drift
  const canary = targets.find(t => t.name === routing?.canary)?.address
  const rules = [
    ...(routing?.sticky ? [`sticky ${routing.sticky.kind} ${routing.sticky.name}\n`] : []),
    ...(routing?.match ? [`match ${routing.match.kind} ${routing.match.name}\n`] : [])
  ]
  const marked = canary !== undefined && rules.length > 0
  return [
    ...(marked ? rules : []),
    ...raw.map(r => `${r.address} ${r.units}${marked && r.address === canary ? ' canary' : ''}\n`)
  ].join('')
}

/** Addresses that are not IPv4 host:port, which the balancer cannot use. */
export function unusableAddresses(targets: readonly SplitTarget[]): string[] {
  return targets.map(t => t.address).filter(a => !/^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/.test(a))
}

/**
 * The split as weights per target (percent). Addresses the targets do not know are reported
 * apart: someone else's server in the split.
 */
export function parseSplit(
  text: string,
  targets: readonly SplitTarget[]
): { weights: Weights; unknown: string[] } {
  const raw: Record<string, number> = Object.fromEntries(targets.map(t => [t.name, 0]))
  const unknown: string[] = []
  for (const line of text.split('\n')) {
    const match = /^(\S+) (\d+)(?: canary)?$/.exec(line.trim())
    if (!match) continue
    const target = targets.find(t => t.address === match[1])
    if (target) raw[target.name] += Number(match[2])
    else if (Number(match[2]) > 0) unknown.push(match[1])
  }
  return { weights: toPercentages(raw), unknown }
}
