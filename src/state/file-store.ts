import { promises as fs } from 'node:fs'
import path from 'node:path'
import { BackendError, LeaseLost } from '../errors.js'
import { Clock } from '../platform/clock.js'
import { deriveState } from './derive-state.js'
import { processGone } from './local-process.js'
import { raceWinner } from './race.js'
import { StateStore } from './state-store.js'
import { IN_PROGRESS, RolloutPlan, RolloutRecord, RolloutState, Transition } from './types.js'
import { withFileLock } from './file-lock.js'
import { lostTo, notHeld } from './lease.js'

interface FileContent {
  /** Bumped when the record shape changes incompatibly. */
  schema: 1
  nextId: number
  records: RolloutRecord[]
}

/**
 * State in one JSON file (the default outside GitHub Actions). Every change is a read-modify-
 * write under a lock file next to it, and lands atomically (temp + rename), so runs on one
 * machine that start together see each other's claims.
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

  known(environment: string): Promise<RolloutState | undefined> {
    return this.load(environment)
  }

  async history(environment: string, limit: number): Promise<RolloutRecord[]> {
    const content = await this.read()
    return content.records
      .filter(r => r.environment === environment)
      .sort((a, b) => b.id - a.id)
      .slice(0, limit)
  }

  async holderGone(holder: RolloutRecord): Promise<boolean> {
    return processGone(holder.process)
  }

  async begin(plan: RolloutPlan): Promise<RolloutRecord> {
    return this.change<RolloutRecord | LeaseLost>(async content => {
      const now = this.clock.isoNow()
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
      const winner = raceWinner(
        content.records.filter(r => r.environment === plan.environment),
        plan.seenUpTo,
        record.id
      )
      if (winner) {
        const lost = lostTo(winner)
        applyTransition(record, { phase: 'failed', description: lost }, now)
        return { content, result: new LeaseLost(lost) }
      }
      return { content, result: structuredClone(record) }
    }).then(result => {
      if (result instanceof LeaseLost) throw result
      return result
    })
  }

  async transition(record: RolloutRecord, transition: Transition): Promise<void> {
    const now = this.clock.isoNow()
    await this.change(async content => {
      const stored = content.records.find(r => r.id === record.id)
      if (!stored)
        throw new BackendError(
          `state file ${this.file} has no record ${record.id}; was it edited by hand?`
        )
      if (IN_PROGRESS.includes(transition.phase) && !IN_PROGRESS.includes(stored.phase))
        throw new LeaseLost(notHeld(stored))
      applyTransition(stored, transition, now)
      return { content, result: undefined }
    })
    applyTransition(record, transition, now)
  }

  async confirmHeld(record: RolloutRecord): Promise<void> {
    const stored = (await this.read()).records.find(r => r.id === record.id)
    if (!stored || !IN_PROGRESS.includes(stored.phase))
      throw new LeaseLost(stored ? notHeld(stored) : `record ${record.id} is gone`)
  }

  /** A read-modify-write under the lock; `work` returns the new content and its result. */
  private async change<T>(
    work: (content: FileContent) => Promise<{ content: FileContent; result: T }>
  ): Promise<T> {
    await fs.mkdir(path.dirname(this.file), { recursive: true })
    return withFileLock(`${this.file}.lock`, this.clock, async () => {
      const { content, result } = await work(await this.read())
      await this.write(content)
      return result
    })
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
    const temp = `${this.file}.${process.pid}.tmp`
    await fs.writeFile(temp, `${JSON.stringify(content, null, 2)}\n`, 'utf8')
    await fs.rename(temp, this.file)
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
    ...(transition.fleet ? { fleet: structuredClone(transition.fleet) } : {}),
    ...(transition.evidence ? { evidence: [...transition.evidence] } : {})
  })
}
