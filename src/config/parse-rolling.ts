import { FieldReader } from './field-reader.js'
import { parseInstances } from './parse-instances.js'
import {
  parseCountSpec,
  presetCount,
  resolveCount,
  ROLLING_PRESETS,
  RollingPreset
} from './rolling-batches.js'
import { CanarySettings, RollingSettings } from './settings.js'
import { quote } from './text-rules.js'

/**
 * The rolling part of the settings. Checked only for strategy rolling; the limits are resolved
 * against the fleet here, so nothing later can drain more than the user allowed.
 */
export function parseRolling(
  r: FieldReader,
  active: boolean,
  canary: CanarySettings
): RollingSettings {
  const off: RollingSettings = {
    instances: [],
    batchSize: 1,
    maxUnavailable: 1,
    minReadyMs: 0,
    progressDeadlineMs: 0,
    drainTimeoutMs: 0,
    onFailure: 'rollback',
    onInterrupted: 'resume',
    gates: []
  }
  if (!active) return off
  const { instances, problems } = parseInstances(r.get('instances'))
  for (const problem of problems) r.fail('instances', problem)
  if (r.get('instances') === '') {
    r.fail(
      'instances',
      'missing: list the instances to update, one per line as name=host:port (e.g. web-1=10.0.0.11:8080).'
    )
  } else if (problems.length === 0 && instances.length < 2) {
    r.fail(
      'instances',
      `a rolling update needs at least 2 instances (got ${instances.length}): with one, every update takes the service down. Add instances or use strategy: blue-green.`
    )
  }
  const total = instances.length

  const presetText = r.get('rolling-preset')
  const preset = presetText === '' ? undefined : (presetText as RollingPreset)
  if (preset !== undefined && !ROLLING_PRESETS.includes(preset))
    r.fail(
      'rolling-preset',
      `unknown preset ${quote(presetText)}; use ${ROLLING_PRESETS.join(' or ')}, or leave it empty and set batch-size.`
    )
  const fromPreset =
    preset && ROLLING_PRESETS.includes(preset) ? presetCount(preset, total) : undefined

  const maxUnavailable = count(r, 'max-unavailable', total, 'down', fromPreset)
  const batchSize = count(r, 'batch-size', total, 'up', fromPreset) ?? maxUnavailable
  if (total >= 2 && maxUnavailable !== undefined) {
    if (maxUnavailable >= total) {
      r.fail(
        'max-unavailable',
        `${r.get('max-unavailable')} of ${total} instances is ${maxUnavailable}: that would take every instance out of rotation. Allow at most ${total - 1} (the router never drains all).`
      )
    } else if (batchSize !== undefined && batchSize > maxUnavailable) {
      r.fail(
        'batch-size',
        `a batch of ${batchSize} drains more instances at once than max-unavailable allows (${maxUnavailable} of ${total}); lower batch-size or raise max-unavailable.`
      )
    }
  }

  const onFailure = r.get('on-failure') as RollingSettings['onFailure']
  if (onFailure !== 'rollback' && onFailure !== 'leave-drained')
    r.fail('on-failure', `${quote(onFailure)} is not a choice; use rollback or leave-drained.`)
  const onInterrupted = r.get('on-interrupted') as RollingSettings['onInterrupted']
  if (onInterrupted !== 'resume' && onInterrupted !== 'rollback')
    r.fail('on-interrupted', `${quote(onInterrupted)} is not a choice; use resume or rollback.`)
  const maxBatchesText = r.get('max-batches')
  const maxBatches = maxBatchesText === '' ? undefined : Number(maxBatchesText)
  if (maxBatches !== undefined && !(Number.isInteger(maxBatches) && maxBatches >= 1))
    r.fail(
      'max-batches',
      `${quote(maxBatchesText)} is not a number of batches (1 or more); leave it empty to run them all.`
    )

  const gates = r.get('metrics') === '' ? [] : canary.metrics
  for (const gate of gates) {
    if (gate.compare === 'baseline')
      r.fail(
        'metrics',
        `gate "${gate.name}": compare: baseline needs one stable version beside the canary; rolling updates judge each batch against max/min instead.`
      )
  }

  return {
    instances,
    batchSize: batchSize ?? 1,
    maxUnavailable: maxUnavailable ?? 1,
    minReadyMs: r.durationMs('min-ready', { allowZero: true }),
    progressDeadlineMs: r.durationMs('progress-deadline'),
    drainTimeoutMs: r.durationMs('drain-timeout', { allowZero: true }),
    onFailure,
    onInterrupted,
    ...(maxBatches !== undefined ? { maxBatches } : {}),
    gates
  }
}

/** An explicit value wins over the preset; the preset wins over the input's default. */
function count(
  r: FieldReader,
  field: 'batch-size' | 'max-unavailable',
  total: number,
  round: 'up' | 'down',
  fromPreset: number | undefined
): number | undefined {
  const text = r.given(field)
    ? r.get(field)
    : fromPreset !== undefined
      ? String(fromPreset)
      : r.get(field)
  if (text === '') return undefined
  const spec = parseCountSpec(text)
  if (typeof spec === 'string') {
    r.fail(field, `${spec}.`)
    return undefined
  }
  return resolveCount(spec, Math.max(total, 1), round)
}
