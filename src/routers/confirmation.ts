/**
 * What a router could show about a change it was asked to make. The detail is the report's line
 * for the confirmation, and says only what was seen: a message that contradicts what happened is
 * worse than none.
 */
export interface Confirmation {
  /** true: shown; false: contradicted (the detail says by what); undefined: could not tell. */
  held: boolean | undefined
  detail: string
}

/**
 * How a router's change reaches new connections: `at-once` when it holds for every new
 * connection as the call returns (HAProxy's runtime API, nginx's Lua dictionary), so a sample asks
 * all its answers at once; `settling` when old and new workers overlap for a while (an nginx
 * reload) or a controller carries it out later, so a sample also lasts a while (TrafficProbe.sample).
 */
export type ChangeTiming = 'at-once' | 'settling'

/** Answers of a bounded probe sample taken after the router showed the change. */
export interface ProbeSample {
  target: string
  answers: number
  fromTarget: number
  /** Answers from the other targets (a name each): these contradict "all traffic on target". */
  fromOthers: Readonly<Record<string, number>>
  /** Requests that failed or named no known backend: neither for nor against. */
  failed: number
  elapsedMs: number
}

/**
 * The router's own state showed the change (`routerSays`); a probe sample, when there is one,
 * either agrees or contradicts it. Pure.
 */
export function confirmWithSample(routerSays: string, sample?: ProbeSample): Confirmation {
  if (!sample) return { held: true, detail: routerSays }
  const others = Object.entries(sample.fromOthers).filter(([, n]) => n > 0)
  const failed = sample.failed > 0 ? `; ${sample.failed} probe requests failed` : ''
  if (others.length > 0) {
    const named = others.map(([name, n]) => `${n} from ${name}`).join(', ')
    return {
      held: false,
      detail: `${routerSays}, yet ${sample.answers} probe answers after it had ${named}${failed}`
    }
  }
  if (sample.fromTarget === 0)
    return {
      held: true,
      detail: `${routerSays}; the probe got no answer in ${Math.round(sample.elapsedMs)} ms${failed}`
    }
  return {
    held: true,
    detail: `${routerSays}; ${sample.fromTarget} of ${sample.answers} probe answers from ${sample.target}${failed}`
  }
}
