import { recoveryFor } from '../../strategies/recovery.js'
import { describeFleet } from '../../strategies/rolling.js'
import { FleetSnapshot } from '../../state/types.js'
import { CommandContext } from '../context.js'
import { nothingToDo, Outcome } from '../../report/outcome.js'

/** status for a fleet: which instance runs which version (state) and takes traffic (router). */
export async function fleetStatus(ctx: CommandContext): Promise<Outcome> {
  const { settings, report } = ctx
  const weights = await ctx.router.getWeights()
  const state = await ctx.store.load(settings.environment)
  const recorded = state?.fleet
  const now: FleetSnapshot = {
    batchesDone: recorded?.snapshot.batchesDone ?? 0,
    batches: recorded?.snapshot.batches ?? 0,
    instances: {}
  }
  const disagree: string[] = []
  for (const { name } of settings.rolling.instances) {
    const known = recorded?.snapshot.instances[name]
    const inRotation = (weights[name] ?? 0) > 0
    if (known && known.inRotation !== inRotation)
      disagree.push(
        `${name} is ${inRotation ? 'in' : 'out of'} rotation, recorded ${known.inRotation ? 'in' : 'out'}`
      )
    now.instances[name] = { version: known?.version ?? '', inRotation }
  }
  const record = recorded?.record
  let headline = `fleet of ${settings.rolling.instances.length}: ${describeFleet(now)}.${
    record
      ? ` Last update: ${record.version} (${record.phase}${['rolling', 'paused', 'deploying'].includes(record.phase) ? `, ${now.batchesDone}/${now.batches} batches done` : ''}).`
      : ' No rolling update is recorded.'
  }`
  if (record && ['rolling', 'paused', 'deploying'].includes(record.phase)) {
    const { state: where, command } = recoveryFor(
      record,
      weights,
      await ctx.store.holderGone(record)
    )
    headline += ` In progress: ${where}.${command ? ` Run ${command}.` : ''}`
  }
  if (disagree.length > 0) {
    ctx.log.warn(`the router and the state disagree: ${disagree.join('; ')}.`)
    headline += ` Warning: ${disagree.join('; ')}.`
  }
  // One table: each instance's version (the records) and rotation (the router), with its address.
  report.fleetColumns.push({ label: 'now', atMs: 0, instances: now.instances })
  report.fleetAddresses = Object.fromEntries(
    settings.rolling.instances.map(i => [i.name, i.address])
  )
  report.history = await ctx.store.history(settings.environment, 10)
  return nothingToDo(headline, {
    ...(record ? { release: record } : {}),
    fleet: { snapshot: now, version: record?.phase === 'live' ? record.version : '' }
  })
}
