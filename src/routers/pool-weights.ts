import { Instance } from '../config/settings.js'
import { Weights } from './traffic-router.js'

/**
 * A color split as weights of each color's instances: a color's share is divided evenly over its
 * instances, in whole numbers, exactly where the router allows (nginx: any weight), else as close
 * as `cap` lets (HAProxy: 256 at most). Pure.
 */
export function memberWeights(
  split: Weights,
  pools: Readonly<Record<string, readonly Instance[]>>,
  cap = Infinity
): Record<string, number> {
  const sizes = Object.values(pools).map(p => p.length)
  const common = sizes.reduce((a, b) => lcm(a, b), 1)
  const raw: Record<string, number> = {}
  for (const [color, members] of Object.entries(pools))
    for (const member of members) raw[member.name] = ((split[color] ?? 0) * common) / members.length
  const largest = Math.max(...Object.values(raw))
  const scale = largest > cap ? cap / largest : 1
  for (const name of Object.keys(raw)) {
    const w = raw[name] * scale
    // A member with a share keeps at least weight 1: rounding must not take it out of rotation.
    raw[name] = w > 0 ? Math.max(1, Math.round(w)) : 0
  }
  return raw
}

/** Shares per color from shares per instance (both in percent). Pure. */
export function colorShares(
  members: Weights,
  pools: Readonly<Record<string, readonly Instance[]>>
): Record<string, number> {
  const shares: Record<string, number> = {}
  for (const [color, list] of Object.entries(pools))
    shares[color] = list.reduce((sum, m) => sum + (members[m.name] ?? 0), 0)
  return shares
}

function lcm(a: number, b: number): number {
  return (a * b) / gcd(a, b)
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}
