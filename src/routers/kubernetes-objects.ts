import { BackendError } from '../errors.js'
import { KubeApi, KubeApiError, KubeObject, KubeRef } from '../platform/kube-api.js'
import { Logger } from '../platform/logger.js'
import { Weights } from './traffic-router.js'

/** Annotations a Kubernetes router writes on its object, in the same patch as the change. */
export const LIVE_COLOR_ANNOTATION = 'progressive-deploy/live-color'
export const WEIGHTS_ANNOTATION = 'progressive-deploy/weights'

/** One JSON-patch operation (RFC 6902). */
export type PatchOp =
  { op: 'test' | 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string }

/** A JSON pointer's reference token: "~" and "/" escaped (label keys hold "/"). */
export function pointer(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1')
}

/** "blue=95,green=5": the weights annotation's value. Pure. */
export function weightsText(weights: Weights): string {
  return Object.entries(weights)
    .map(([name, w]) => `${name}=${Math.round(w)}`)
    .join(',')
}

/** The target with the largest share (the first on a tie): what the live-color annotation names. */
export function liveOf(weights: Weights): string {
  return Object.entries(weights).reduce((best, next) => (next[1] > best[1] ? next : best))[0]
}

/**
 * Operations that record the split on the object: annotations set when the object has some;
 * when it has none, the map is added, guarded by the resourceVersion (an `add` of the whole map
 * would replace annotations written since the read).
 */
export function annotationOps(object: KubeObject, weights: Weights): PatchOp[] {
  const values = {
    [LIVE_COLOR_ANNOTATION]: liveOf(weights),
    [WEIGHTS_ANNOTATION]: weightsText(weights)
  }
  if (object.metadata.annotations)
    return Object.entries(values).map(([key, value]) => ({
      op: 'add',
      path: `/metadata/annotations/${pointer(key)}`,
      value
    }))
  return [
    { op: 'test', path: '/metadata/resourceVersion', value: object.metadata.resourceVersion },
    { op: 'add', path: '/metadata/annotations', value: values }
  ]
}

/**
 * Warns when the object's fields no longer hold what progressive-deploy last wrote on it: someone
 * changed the traffic by hand (kubectl, another tool). The fields are the truth either way.
 */
export function warnIfChangedElsewhere(
  object: KubeObject,
  held: Weights,
  what: string,
  log: Logger
): void {
  const recorded = object.metadata.annotations?.[WEIGHTS_ANNOTATION]
  if (recorded !== undefined && recorded !== weightsText(held))
    log.warn(
      `${what} holds ${weightsText(held)}, but progressive-deploy last set ${recorded}: it was changed by something else since. The object's fields are taken as the truth.`
    )
}

/**
 * Applies a guarded JSON patch. A failed `test` (422, or a 409) means the object changed since
 * it was read: nothing was written, and the error says so instead of overwriting.
 */
export async function guardedPatch(
  api: KubeApi,
  ref: KubeRef,
  ops: PatchOp[],
  changedMessage: () => Promise<string>
): Promise<KubeObject> {
  try {
    return await api.patch(ref, ops, 'json')
  } catch (error) {
    if (error instanceof KubeApiError && (error.status === 422 || error.status === 409))
      throw new BackendError(await changedMessage())
    throw error
  }
}

/**
 * Integer percentages for a pair of targets, or why the split cannot be written. Checked before
 * any request, so a bad split changes nothing. Pure.
 */
export function wholeSplit(weights: Weights, targets: readonly string[]): Record<string, number> {
  const names = Object.keys(weights)
  const unknown = names.filter(n => !targets.includes(n))
  if (unknown.length > 0)
    throw new BackendError(`no such color: ${unknown.join(', ')}; nothing was changed.`)
  const split: Record<string, number> = {}
  for (const target of targets) {
    const w = weights[target] ?? 0
    const whole = Math.round(w)
    if (!Number.isFinite(w) || w < 0 || w > 100 || Math.abs(w - whole) > 1e-6)
      throw new BackendError(
        `refusing the split ${names.map(n => `${n} ${weights[n]}`).join(' / ')}: each weight must be a whole percent from 0 to 100; nothing was changed.`
      )
    split[target] = whole
  }
  const total = Object.values(split).reduce((a, b) => a + b, 0)
  if (total !== 100)
    throw new BackendError(
      `refusing the split ${weightsText(split)}: the weights add up to ${total}, not 100; nothing was changed.`
    )
  return split
}
