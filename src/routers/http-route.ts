import { Color, COLORS } from '../config/settings.js'
import { KubeObject } from '../platform/kube-api.js'

/** An HTTPRoute's backendRef, as far as weights go. */
export interface BackendRef {
  name: string
  kind?: string
  weight?: number
}

/** The rule that carries the two colors, and where each color's backendRef is in it. */
export interface ColorRule {
  index: number
  refs: Record<Color, number>
}

function rulesOf(route: KubeObject): { backendRefs?: BackendRef[] }[] {
  const rules = route.spec?.rules
  return Array.isArray(rules) ? (rules as { backendRefs?: BackendRef[] }[]) : []
}

/**
 * Finds the rule whose backendRefs are the two colors' Services (the given index, or the one
 * rule that names both); a problem sentence when there is none or more than one. Pure.
 */
export function findColorRule(
  route: KubeObject,
  services: Record<Color, string>,
  index: number | undefined
): ColorRule | string {
  const rules = rulesOf(route)
  const locate = (i: number): ColorRule | string => {
    const refs = rules[i]?.backendRefs ?? []
    const found: Partial<Record<Color, number>> = {}
    for (const color of COLORS) {
      const at = refs.findIndex(
        ref => ref.name === services[color] && (ref.kind ?? 'Service') === 'Service'
      )
      if (at < 0) return `rule ${i} has no backendRef to Service ${services[color]}`
      found[color] = at
    }
    return { index: i, refs: found as Record<Color, number> }
  }
  if (index !== undefined) {
    if (index >= rules.length)
      return `the route has ${rules.length} rules; kubernetes-route-rule ${index} is not one of them`
    return locate(index)
  }
  const matching = rules
    .map((_, i) => locate(i))
    .filter((r): r is ColorRule => typeof r !== 'string')
  if (matching.length === 1) return matching[0]
  if (matching.length === 0)
    return `no rule of the route has backendRefs to both ${services.blue} and ${services.green}; add them to the rule that serves the app (weights 100 and 0)`
  return `rules ${matching.map(m => m.index).join(' and ')} both name ${services.blue} and ${services.green}; set kubernetes-route-rule to the one to move`
}

/** Each color's weight in the rule (Gateway API's default weight is 1). Pure. */
export function ruleWeights(route: KubeObject, rule: ColorRule): Record<Color, number> {
  const refs = rulesOf(route)[rule.index]?.backendRefs ?? []
  return {
    blue: refs[rule.refs.blue]?.weight ?? 1,
    green: refs[rule.refs.green]?.weight ?? 1
  }
}

/** What the Gateway's controller says about the route's newest generation. */
export interface RouteAcceptance {
  state: 'no-controller' | 'pending' | 'accepted' | 'rejected'
  detail: string
}

interface Condition {
  type: string
  status: string
  reason?: string
  message?: string
  observedGeneration?: number
}

/**
 * The route's status, per parent Gateway: accepted when every parent's Accepted and ResolvedRefs
 * conditions are True for the route's current generation; rejected when one is False for it;
 * pending while a parent has not observed it yet. No parents: no controller writes status. Pure.
 */
export function routeAcceptance(route: KubeObject): RouteAcceptance {
  const generation = route.metadata.generation ?? 0
  const parents = (route.status?.parents ?? []) as {
    parentRef?: { name?: string }
    conditions?: Condition[]
  }[]
  if (parents.length === 0)
    return { state: 'no-controller', detail: "no controller has written the route's status" }
  for (const parent of parents) {
    const name = parent.parentRef?.name ?? '?'
    for (const type of ['Accepted', 'ResolvedRefs']) {
      const condition = parent.conditions?.find(c => c.type === type)
      if (!condition) continue
      if ((condition.observedGeneration ?? 0) < generation)
        return {
          state: 'pending',
          detail: `Gateway ${name} has not observed generation ${generation} yet`
        }
      if (condition.status === 'False')
        return {
          state: 'rejected',
          detail: `Gateway ${name} reports ${type} False for generation ${generation} (${condition.reason ?? 'no reason'}: ${(condition.message ?? '').slice(0, 200)})`
        }
    }
    if (!parent.conditions?.some(c => c.type === 'Accepted'))
      return {
        state: 'pending',
        detail: `Gateway ${name} has not accepted generation ${generation} yet`
      }
  }
  return {
    state: 'accepted',
    detail: `${parents.map(p => p.parentRef?.name ?? '?').join(', ')} accepted generation ${generation}`
  }
}
