import { KubeObject } from '../platform/kube-api.js'

/** Where a Deployment's rollout stands, as `kubectl rollout status` would say. */
export interface DeploymentProgress {
  state: 'done' | 'progressing' | 'failed'
  detail: string
}

interface DeploymentStatus {
  observedGeneration?: number
  replicas?: number
  updatedReplicas?: number
  availableReplicas?: number
  conditions?: { type: string; status: string; reason?: string; message?: string }[]
}

/**
 * Done when the controller has observed the newest generation and every desired replica is
 * updated and available with no old one left; failed when the Deployment's own progress
 * deadline passed (condition Progressing, reason ProgressDeadlineExceeded). Pure.
 */
export function deploymentProgress(deployment: KubeObject): DeploymentProgress {
  const generation = deployment.metadata.generation ?? 0
  const status = (deployment.status ?? {}) as DeploymentStatus
  const desired = typeof deployment.spec?.replicas === 'number' ? deployment.spec.replicas : 1
  const stalled = status.conditions?.find(
    c => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded'
  )
  if (stalled && (status.observedGeneration ?? 0) >= generation)
    return {
      state: 'failed',
      detail: `the Deployment's progress deadline passed (${(stalled.message ?? 'ProgressDeadlineExceeded').slice(0, 200)})`
    }
  if ((status.observedGeneration ?? 0) < generation)
    return {
      state: 'progressing',
      detail: `waiting for the controller to observe generation ${generation}`
    }
  const updated = status.updatedReplicas ?? 0
  const available = status.availableReplicas ?? 0
  const total = status.replicas ?? 0
  if (updated < desired)
    return { state: 'progressing', detail: `${updated} of ${desired} replicas updated` }
  if (total > updated)
    return { state: 'progressing', detail: `${total - updated} old replicas are still terminating` }
  if (available < updated)
    return { state: 'progressing', detail: `${available} of ${updated} updated replicas available` }
  return {
    state: 'done',
    detail: `${updated} of ${desired} replicas updated and available (generation ${generation})`
  }
}
