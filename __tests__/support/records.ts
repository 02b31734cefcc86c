import { Phase, RolloutRecord } from '../../src/state/types.js'

let nextId = 1

/** A record that went through `phases` (the last is where it stands), for decision tests. */
export function record(
  version: string,
  color: 'blue' | 'green',
  phases: Phase[],
  environment = 'prod'
): RolloutRecord {
  return {
    id: nextId++,
    environment,
    kind: 'release',
    version,
    color,
    phase: phases[phases.length - 1],
    createdAt: '',
    updatedAt: '',
    actor: 'a',
    runId: '',
    runUrl: '',
    sha: '',
    events: phases.map(phase => ({ at: '', phase, description: `${version} ${phase}` }))
  }
}
