import { ConfigurationError } from '../errors.js'
import { Color } from '../config/settings.js'
import { RolloutRecord } from './types.js'

/** A release of a blue/green pair (blue/green and canary): it runs on one color. */
export type ColorRecord = RolloutRecord & { color: Color }

/**
 * Narrows a record for the blue/green and canary commands. A rolling update runs on a fleet, not
 * a color: those commands cannot act on it, and say which strategy can.
 */
export function colorRecord(record: RolloutRecord): ColorRecord {
  if (record.color === 'fleet') {
    throw ConfigurationError.single(
      'strategy',
      `${record.version} in "${record.environment}" is a rolling update across instances, not a release on a color; use strategy: rolling (command rolling or status).`
    )
  }
  return record as ColorRecord
}

export function isColorRecord(record: RolloutRecord | undefined): record is ColorRecord {
  return record !== undefined && record.color !== 'fleet'
}
