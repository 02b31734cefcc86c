import { FleetPlan, FleetSnapshot, InstanceState } from './types.js'

/**
 * A fleet snapshot in a few characters, for GitHub deployment status descriptions (140 characters
 * at most): one letter per instance in plan order — n new version, o the version it ran before
 * the update, u unknown; upper case when drained — run-length encoded. Batches are contiguous,
 * so "2n1N3o" is typical however large the fleet.
 */
export function encodeFleet(plan: FleetPlan, version: string, snapshot: FleetSnapshot): string {
  const letters = plan.instances.map(({ name, from }) => {
    const state = snapshot.instances[name] ?? { version: '', inRotation: false }
    const letter =
      state.version === version ? 'n' : state.version === from && from !== '' ? 'o' : 'u'
    return state.inRotation ? letter : letter.toUpperCase()
  })
  let encoded = ''
  for (let i = 0; i < letters.length;) {
    let run = 1
    while (letters[i + run] === letters[i]) run += 1
    encoded += `${run}${letters[i]}`
    i += run
  }
  return encoded
}

/** The inverse of encodeFleet; undefined when the code does not fit the plan. */
export function decodeFleet(
  plan: FleetPlan,
  version: string,
  code: string
): Record<string, InstanceState> | undefined {
  const letters: string[] = []
  for (const [, count, letter] of code.matchAll(/(\d+)([nNoOuU])/g))
    letters.push(...Array<string>(Number(count)).fill(letter))
  if (letters.length !== plan.instances.length) return undefined
  const instances: Record<string, InstanceState> = {}
  plan.instances.forEach(({ name, from }, i) => {
    const lower = letters[i].toLowerCase()
    instances[name] = {
      version: lower === 'n' ? version : lower === 'o' ? from : '',
      inRotation: letters[i] === lower
    }
  })
  return instances
}
