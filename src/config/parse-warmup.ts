import { FieldReader } from './field-reader.js'
import { WarmupSettings } from './settings.js'
import { quote } from './text-rules.js'

export function parseWarmup(r: FieldReader): WarmupSettings | undefined {
  const paths = r
    .get('warmup-paths')
    .split('\n')
    .map(p => p.trim())
    .filter(p => p !== '')
  for (const p of paths)
    if (!/^\/[^\s#]*$/.test(p) || p.length > 2000)
      r.fail(
        'warmup-paths',
        `${quote(p)} is not a path: each line starts with "/" and holds no spaces or "#" (e.g. /recommend?city=paris).`
      )
  const command = r.argv('warmup-command')
  if (paths.length > 0 && command)
    r.fail('warmup-command', 'set either warmup-paths or warmup-command, not both.')
  const requests = whole(r, 'warmup-requests', 1, 1_000_000)
  const rate = whole(r, 'warmup-rate', 1, 10_000)
  const percent = Number(r.get('warmup-max-error-rate').replace(/%$/, ''))
  if (!/^\d+(\.\d+)?%$/.test(r.get('warmup-max-error-rate')) || percent > 100)
    r.fail(
      'warmup-max-error-rate',
      `${quote(r.get('warmup-max-error-rate'))} is not a share like 1% or 0.5%.`
    )
  if (paths.length === 0 && !command) return undefined
  return { paths, requests, rate, maxErrorRate: percent / 100, ...(command ? { command } : {}) }
}

function whole(r: FieldReader, field: string, min: number, max: number): number {
  const value = Number(r.get(field))
  if (!/^\d+$/.test(r.get(field)) || value < min || value > max) {
    r.fail(field, `${quote(r.get(field))} is not a whole number from ${min} to ${max}.`)
    return min
  }
  return value
}
