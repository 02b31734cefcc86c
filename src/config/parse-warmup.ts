import { FieldReader } from './field-reader.js'
import { WarmupSettings } from './settings.js'
import { quote } from './text-rules.js'

/** Lines of a request file read at most: a warm-up replays a sample, not a day of traffic. */
const MAX_FILE_LINES = 100_000

export function parseWarmup(r: FieldReader): WarmupSettings | undefined {
  const listed = lines(r.get('warmup-paths'))
  const file = r.get('warmup-file')
  if (file !== '' && listed.length > 0)
    r.fail('warmup-file', 'set either warmup-paths or warmup-file, not both.')
  const text = file === '' ? undefined : r.machine.readFile(file)
  if (file !== '' && text === undefined)
    r.fail(
      'warmup-file',
      `${quote(file)} cannot be read (paths are relative to the working directory).`
    )
  const fromFile = lines(text ?? '')
    .slice(0, MAX_FILE_LINES)
    .map(line => line.replace(/^GET\s+/, ''))
  const paths = file !== '' ? fromFile : listed
  const field = file !== '' ? 'warmup-file' : 'warmup-paths'
  const bad = paths.find(p => !/^\/[^\s#]*$/.test(p) || p.length > 2000)
  if (bad !== undefined)
    r.fail(
      field,
      `${quote(bad)} is not a path: each line starts with "/" (or "GET /") and holds no spaces or "#" (e.g. /recommend?city=paris).`
    )
  if (file !== '' && text !== undefined && paths.length === 0)
    r.fail('warmup-file', `${quote(file)} holds no request (one path per line).`)
  const command = r.argv('warmup-command')
  if (paths.length > 0 && command)
    r.fail('warmup-command', `set either ${field} or warmup-command, not both.`)
  const rate = whole(r, 'warmup-rate', 1, 10_000)
  const duration = r.get('warmup-duration')
  const requests =
    duration === ''
      ? whole(r, 'warmup-requests', 1, 1_000_000)
      : Math.max(1, Math.round((r.durationMs('warmup-duration') / 1000) * rate))
  if (duration !== '' && r.given('warmup-requests'))
    r.fail('warmup-duration', 'set either warmup-duration or warmup-requests, not both.')
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

function lines(text: string): string[] {
  return text
    .split('\n')
    .map(line => line.trim())
    .filter(line => line !== '')
}
