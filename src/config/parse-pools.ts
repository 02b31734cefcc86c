import { FieldReader } from './field-reader.js'
import { isHostPort } from './lists.js'
import { parseInstances } from './parse-instances.js'
import { Color, COLORS, Instance } from './settings.js'
import { quote } from './text-rules.js'

/** Deploys to one color's instances run at most this many at once unless told otherwise. */
export const DEFAULT_PARALLEL_DEPLOYS = 4

export interface Pools {
  /** Every color's instances; one (named after the color) where a single address was given. */
  pools: Record<Color, Instance[]>
  /** The first instance's address of each color: where single-address code paths look. */
  addresses: Record<Color, string>
  /** Healthy instances a color needs; undefined: all of them. */
  minHealthy?: number
  maxParallelDeploys: number
}

/**
 * The colors' addresses: `blue-address` / `green-address` (one each), or `blue-addresses` /
 * `green-addresses`, a pool per color, one instance per line as host:port or name=host:port
 * (with HAProxy the name is the server name; unnamed ones are <color>-1, <color>-2 …).
 * A rolling update has instances, not colors.
 */
export function parsePools(r: FieldReader, rolling: boolean): Pools {
  const pools = {} as Record<Color, Instance[]>
  const addresses = {} as Record<Color, string>
  for (const color of COLORS) {
    const one = r.get(`${color}-address`)
    const many = r.get(`${color}-addresses`)
    if (rolling) {
      if (many !== '')
        r.fail(
          `${color}-addresses`,
          'is for blue/green and canary; a rolling update lists its instances in `instances`.'
        )
      addresses[color] = one
      pools[color] = one === '' ? [] : [{ name: color, address: one }]
      continue
    }
    if (one !== '' && many !== '') {
      r.fail(`${color}-addresses`, `set ${color}-address or ${color}-addresses, not both.`)
    }
    pools[color] = many !== '' ? poolOf(r, color, many) : singleOf(r, color, one)
    addresses[color] = pools[color][0]?.address ?? ''
  }
  crossCheck(r, pools)
  const minHealthy = minHealthyOf(r, pools)
  const parallel = r.get('max-parallel-deploys')
  const maxParallelDeploys = parallel === '' ? DEFAULT_PARALLEL_DEPLOYS : Number(parallel)
  if (!Number.isInteger(maxParallelDeploys) || maxParallelDeploys < 1 || maxParallelDeploys > 64)
    r.fail('max-parallel-deploys', `${quote(parallel)} is not a whole number from 1 to 64.`)
  return { pools, addresses, minHealthy, maxParallelDeploys }
}

function singleOf(r: FieldReader, color: Color, value: string): Instance[] {
  const field = `${color}-address`
  if (value === '') {
    r.fail(
      field,
      `missing: the host:port where the ${color} color listens, e.g. 127.0.0.1:${color === 'blue' ? 9001 : 9002} (or ${color}-addresses for several instances).`
    )
    return []
  }
  if (!isHostPort(value)) {
    r.fail(field, `${quote(value)} is not host:port (e.g. 10.0.0.5:8080).`)
    return []
  }
  return [{ name: color, address: value }]
}

function poolOf(r: FieldReader, color: Color, text: string): Instance[] {
  // An unnamed line is named after its color and place: blue-1, blue-2 …
  let unnamed = 0
  const named = text.trim().startsWith('[')
    ? text
    : text
        .split('\n')
        .map(line => {
          const t = line.trim()
          if (t === '' || t.startsWith('#') || t.includes('=') || /\s/.test(t)) return line
          return `${color}-${++unnamed}=${t}`
        })
        .join('\n')
  const { instances, problems } = parseInstances(named)
  for (const problem of problems) r.fail(`${color}-addresses`, problem)
  if (problems.length === 0 && instances.length === 0)
    r.fail(`${color}-addresses`, 'lists no instance; give one host:port per line.')
  return instances
}

/** No instance may be in both colors, by name or by address. */
function crossCheck(r: FieldReader, pools: Record<Color, Instance[]>): void {
  for (const green of pools.green) {
    const blue = pools.blue.find(b => b.address === green.address || b.name === green.name)
    if (!blue) continue
    const field = pools.green.length > 1 ? 'green-addresses' : 'green-address'
    r.fail(
      field,
      blue.address === green.address
        ? `blue and green both point at ${green.address}; give each color its own address.`
        : `the name ${quote(green.name)} is in both colors; give every instance its own name.`
    )
  }
}

function minHealthyOf(r: FieldReader, pools: Record<Color, Instance[]>): number | undefined {
  const value = r.get('min-healthy')
  if (value === '' || value === 'all') return undefined
  const n = Number(value)
  const smallest = Math.min(...COLORS.map(c => pools[c].length || Infinity))
  if (!/^\d+$/.test(value) || n < 1) {
    r.fail('min-healthy', `${quote(value)} is not a count of instances (1 or more, or all).`)
    return undefined
  }
  if (Number.isFinite(smallest) && n > smallest) {
    r.fail(
      'min-healthy',
      `${n} is more than the ${smallest} instance(s) of the smaller color; no deploy could pass.`
    )
    return undefined
  }
  return n
}
