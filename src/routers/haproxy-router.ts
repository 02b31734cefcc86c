import { BackendError } from '../errors.js'
import { HaproxyRuntime } from '../platform/haproxy-socket.js'
import { Logger } from '../platform/logger.js'
import { ChangeTiming, Confirmation, confirmWithSample } from './confirmation.js'
import { TrafficProbe } from './traffic-probe.js'
import {
  describeSplit,
  soleTarget,
  toPercentages,
  TrafficRouter,
  Weights
} from './traffic-router.js'

export interface HaproxySettings {
  backend: string
  /** HAProxy server name per target (color). */
  servers: Readonly<Record<string, string>>
  /**
   * The map file of examples/haproxy/progressive-deploy-sticky.cfg, when sticky or canary-match
   * is set: a canary step names its canary's server and share there, every other change clears it.
   */
  canaryMap?: string
}

/**
 * HAProxy through its runtime API: weights and server states change without a reload. Runtime
 * changes do not survive a reload, so verify() re-applies a split that HAProxy no longer holds.
 */
export class HaproxyRouter implements TrafficRouter {
  readonly type = 'haproxy'
  /** The runtime API changes what the next connection gets, in every thread. */
  readonly timing: ChangeTiming = 'at-once'
  constructor(
    private readonly settings: HaproxySettings,
    private readonly runtime: HaproxyRuntime,
    private readonly probe: TrafficProbe | undefined,
    private readonly log: Logger
  ) {}

  /** Weights as HAProxy holds them; a server not in the ready state takes no new traffic (0). */
  async getWeights(): Promise<Weights> {
    const states = await this.serverStates()
    const raw: Record<string, number> = {}
    for (const [target, server] of Object.entries(this.settings.servers)) {
      const state = states.get(server)
      if (!state)
        throw new BackendError(
          `HAProxy backend ${this.settings.backend} has no server "${server}" (for ${target}); check haproxy-backend and the server names.`
        )
      raw[target] = state.adminState === 0 ? state.weight : 0
    }
    return toPercentages(raw)
  }

  /** The canary of the last change, so a split applied again after a reload keeps it. */
  private canary: string | undefined

  async setWeights(weights: Weights, canary?: string): Promise<void> {
    if (!Object.values(weights).some(w => w > 0)) {
      throw new BackendError(
        'refusing a split that leaves no server taking traffic; nothing was changed.'
      )
    }
    await this.probe?.ready()
    const before = await this.getWeights()
    // Raise first, lower after: at no moment does every server stand at 0. All of it is one
    // runtime-API request, run by HAProxy in one go: no other command (and no other run of this
    // tool) comes between, and the split is mixed only for the microseconds between two lines.
    const order = Object.entries(weights).sort(
      ([a, wa], [b, wb]) => wb - (before[b] ?? 0) - (wa - (before[a] ?? 0))
    )
    try {
      await this.commands([
        ...order.flatMap(([target, weight]) => this.applying(target, weight)),
        ...this.mapping(weights, canary)
      ])
      this.canary = canary
    } catch (error) {
      await this.commands(
        Object.entries(before).flatMap(([target, weight]) => this.applying(target, weight))
      ).catch(() => {})
      throw new BackendError(`${(error as Error).message}\nThe previous split was put back.`)
    }
  }

  async drain(targets: readonly string[]): Promise<void> {
    const weights = await this.getWeights()
    if (!Object.entries(weights).some(([name, w]) => !targets.includes(name) && w > 0)) {
      throw new BackendError(
        `refusing to drain ${targets.join(', ')}: no other server would take traffic.`
      )
    }
    await this.probe?.ready()
    await this.commands(targets.map(t => `set server ${this.server(t)} state drain`))
  }

  async enable(targets: readonly string[]): Promise<void> {
    await this.probe?.ready()
    await this.commands(targets.map(t => `set server ${this.server(t)} state ready`))
  }

  /** Current sessions on the server (scur in `show stat`). */
  async inFlight(target: string): Promise<number | undefined> {
    const server = this.settings.servers[target]
    const csv = await this.runtime.send(`show stat ${this.settings.backend} 4 -1`)
    const lines = csv.split('\n')
    const header = (lines[0] ?? '').replace(/^# /, '').split(',')
    const [px, sv, scur] = ['pxname', 'svname', 'scur'].map(name => header.indexOf(name))
    for (const line of lines.slice(1)) {
      const fields = line.split(',')
      if (fields[px] === this.settings.backend && fields[sv] === server) return Number(fields[scur])
    }
    return undefined
  }

  /**
   * HAProxy's runtime state is the truth for new requests: read back (and applied again when a
   * reload dropped it); with all traffic on one target, a probe sample agrees or contradicts.
   */
  async verify(weights: Weights): Promise<Confirmation> {
    const held = await this.getWeights()
    if (differs(held, weights)) {
      this.log.warn(
        `HAProxy holds ${describeSplit(held)} instead of ${describeSplit(weights)} (reloaded since?); applying it again.`
      )
      await this.setWeights(weights, this.canary)
      const again = await this.getWeights()
      if (differs(again, weights))
        return {
          held: false,
          detail: `HAProxy holds ${describeSplit(again)} instead of ${describeSplit(weights)}, even after applying it again`
        }
    }
    const sole = soleTarget(weights)
    if (sole !== undefined && this.probe)
      return confirmWithSample(
        `HAProxy holds 100% ${sole}`,
        await this.probe.sample(sole, this.timing)
      )
    return { held: true, detail: `HAProxy holds ${describeSplit(weights)}` }
  }

  /** The commands that give a target its weight (and take it out of drain when it has one). */
  private applying(target: string, weight: number): string[] {
    const server = this.server(target)
    const set = `set weight ${server} ${Math.round(weight)}`
    return weight > 0 ? [set, `set server ${server} state ready`] : [set]
  }

  /** The map entries sticky users and canary-match are routed by; none without a map. */
  private mapping(weights: Weights, canary: string | undefined): string[] {
    const map = this.settings.canaryMap
    if (map === undefined) return []
    const server = canary === undefined ? 'none' : this.settings.servers[canary]
    const limit = canary === undefined ? 0 : Math.round((weights[canary] ?? 0) * 100)
    return [`set map ${map} canary ${server}`, `set map ${map} limit ${limit}`]
  }

  private server(target: string): string {
    const name = this.settings.servers[target]
    if (!name) throw new Error(`bug: no HAProxy server for ${target}`)
    return `${this.settings.backend}/${name}`
  }

  /**
   * Runs commands as one request (HAProxy runs `a; b; c` in order, in one go); it answers nothing
   * for a command that succeeded and a message for one it refused.
   */
  private async commands(commands: readonly string[]): Promise<void> {
    if (commands.length === 0) return
    const request = commands.join('; ')
    const answer = await this.runtime.send(request)
    if (answer === '') return
    const fix = /map/i.test(answer)
      ? ' Create the map file (examples/haproxy/progressive-deploy.map) and use it in the backend as examples/haproxy/progressive-deploy-sticky.cfg does, reload HAProxy once, and give its path in haproxy-map.'
      : ''
    throw new BackendError(`HAProxy refused "${request}": ${answer.trim()}.${fix}`)
  }

  private async serverStates(): Promise<Map<string, { weight: number; adminState: number }>> {
    const answer = await this.runtime.send(`show servers state ${this.settings.backend}`)
    if (/^(No such backend|Can't find backend)/i.test(answer)) {
      throw new BackendError(
        `HAProxy has no backend "${this.settings.backend}"; set haproxy-backend to the backend that serves the service.`
      )
    }
    // Format 1: be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight ...
    const states = new Map<string, { weight: number; adminState: number }>()
    for (const line of answer.split('\n')) {
      if (line.startsWith('#') || !/^\d/.test(line)) continue
      const f = line.trim().split(/\s+/)
      if (f[1] === this.settings.backend)
        states.set(f[3], { weight: Number(f[7]), adminState: Number(f[6]) })
    }
    return states
  }
}

function differs(held: Weights, wanted: Weights): boolean {
  return Object.entries(wanted).some(([target, w]) => Math.abs((held[target] ?? 0) - w) > 0.5)
}
