import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { BackendError } from '../errors.js'
import { Clock } from '../platform/clock.js'
import { deriveState } from './derive-state.js'
import { checkLease } from './lease.js'
import { StateStore } from './state-store.js'
import { RolloutPlan, RolloutRecord, RolloutState, Transition } from './types.js'

interface FileContent {
  /** Bumped when the record shape changes incompatibly. */
  schema: 1
  nextId: number
  records: RolloutRecord[]
}

/**
 * State in one JSON file (the default outside GitHub Actions). Writes are atomic (temp + rename);
 * one process at a time per file is assumed, as one job at a time per environment is.
 */
export class FileStateStore implements StateStore {
  readonly type = 'file'
  constructor(
    private readonly file: string,
    private readonly clock: Clock
  ) {}

  async load(environment: string): Promise<RolloutState | undefined> {
    const content = await this.read()
    const records = content.records.filter(r => r.environment === environment)
    return records.length === 0 ? undefined : deriveState(environment, records)
  }

  async history(environment: string, limit: number): Promise<RolloutRecord[]> {
    const content = await this.read()
    return content.records
      .filter(r => r.environment === environment)
      .sort((a, b) => b.id - a.id)
      .slice(0, limit)
  }

  async begin(plan: RolloutPlan): Promise<RolloutRecord> {
    const content = await this.read()
    const current = deriveState(plan.environment, content.records)
    const holder = current.inProgress
    const { takeOver, why } = checkLease(current, plan, holder ? processEnded(holder) : false)
    const now = this.clock.isoNow()
    if (takeOver !== undefined) {
      const held = content.records.find(r => r.id === takeOver) as RolloutRecord
      applyTransition(held, { phase: 'failed', description: why ?? 'taken over' }, now)
    }
    const record: RolloutRecord = {
      id: content.nextId,
      environment: plan.environment,
      kind: plan.kind,
      version: plan.version,
      color: plan.color,
      phase: 'deploying',
      createdAt: now,
      updatedAt: now,
      actor: plan.actor,
      runId: plan.runId,
      runUrl: plan.runUrl,
      sha: plan.sha,
      events: [
        {
          at: now,
          phase: 'deploying',
          description: plan.description,
          ...(plan.startFleet ? { fleet: plan.startFleet } : {})
        }
      ],
      ...(plan.rollback ? { rollback: plan.rollback } : {}),
      ...(plan.fleet ? { fleet: plan.fleet } : {}),
      ...(plan.process ? { process: plan.process } : {})
    }
    content.nextId += 1
    content.records.push(record)
    await this.write(content)
    return structuredClone(record)
  }

  async transition(record: RolloutRecord, transition: Transition): Promise<void> {
    const content = await this.read()
    const stored = content.records.find(r => r.id === record.id)
    if (!stored)
      throw new BackendError(
        `state file ${this.file} has no record ${record.id}; was it edited by hand?`
      )
    const now = this.clock.isoNow()
    applyTransition(stored, transition, now)
    applyTransition(record, transition, now)
    await this.write(content)
  }

  private async read(): Promise<FileContent> {
    let text: string
    try {
      text = await fs.readFile(this.file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { schema: 1, nextId: 1, records: [] }
      throw new BackendError(`cannot read state file ${this.file}: ${(error as Error).message}`)
    }
    try {
      const parsed = JSON.parse(text) as FileContent
      if (parsed.schema !== 1 || !Array.isArray(parsed.records)) throw new Error('unknown layout')
      return parsed
    } catch (error) {
      throw new BackendError(
        `state file ${this.file} is damaged (${(error as Error).message}); restore it from a backup or move it away to start afresh.`
      )
    }
  }

  private async write(content: FileContent): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true })
    const temp = `${this.file}.${process.pid}.tmp`
    await fs.writeFile(temp, `${JSON.stringify(content, null, 2)}\n`, 'utf8')
    await fs.rename(temp, this.file)
  }
}

/**
 * A local run records host:pid. On the same host, a holder whose process is gone (killed, or a
 * cancelled job on a self-hosted runner) no longer holds the lease.
 */
function processEnded(holder: RolloutRecord): boolean {
  const [host, pid] = (holder.process ?? '').split(':')
  if (host !== os.hostname() || !/^\d+$/.test(pid ?? '')) return false
  try {
    process.kill(Number(pid), 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

function applyTransition(record: RolloutRecord, transition: Transition, at: string): void {
  record.phase = transition.phase
  record.updatedAt = at
  record.events.push({
    at,
    phase: transition.phase,
    description: transition.description,
    ...(transition.step ? { step: transition.step } : {}),
    ...(transition.fleet ? { fleet: structuredClone(transition.fleet) } : {})
  })
}
