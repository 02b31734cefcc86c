import { imageFor } from '../config/parse-kubernetes.js'
import { Color, KubernetesSettings } from '../config/settings.js'
import { Clock } from '../platform/clock.js'
import { KubeApi, KubeRef } from '../platform/kube-api.js'
import { Logger } from '../platform/logger.js'
import { guardedPatch, pointer } from '../routers/kubernetes-objects.js'
import { deploymentProgress } from './deployment-progress.js'

/** How often the Deployment is read while it rolls out, and how often that is said. */
const POLL_MS = 1000
const PROGRESS_LINE_MS = 10_000

/** What setting the image did: the image, and the failure (undefined when the rollout is done). */
export interface ImageRollout {
  image: string
  failure?: string
  detail: string
}

/**
 * Sets the version's image on the color's Deployment (one JSON patch, guarded by the container's
 * name) and waits until every replica is updated and available, or the progress deadline. The
 * Deployment only; the traffic objects are not touched.
 */
export async function rollOutImage(
  api: KubeApi,
  k8s: KubernetesSettings,
  color: Color,
  version: string,
  clock: Clock,
  log: Logger,
  signal?: AbortSignal
): Promise<ImageRollout> {
  const image = imageFor(k8s.image ?? '', version)
  const ref: KubeRef = {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    namespace: k8s.namespace,
    name: k8s.names[color]
  }
  const deployment = await api.get(ref)
  const containers =
    (deployment.spec?.template as { spec?: { containers?: { name: string; image?: string }[] } })
      ?.spec?.containers ?? []
  const index =
    k8s.container === ''
      ? containers.length === 1
        ? 0
        : -1
      : containers.findIndex(c => c.name === k8s.container)
  if (index < 0)
    return {
      image,
      detail: '',
      failure:
        k8s.container === ''
          ? `Deployment ${ref.name} has ${containers.length} containers (${containers.map(c => c.name).join(', ')}); set kubernetes-container to the one that runs the app`
          : `Deployment ${ref.name} has no container ${k8s.container} (it has ${containers.map(c => c.name).join(', ')})`
    }
  const path = `/spec/template/spec/containers/${index}`
  await guardedPatch(
    api,
    ref,
    [
      { op: 'test', path: `${path}/name`, value: containers[index].name },
      { op: 'replace', path: `${path}/image`, value: image },
      ...(deployment.metadata.annotations
        ? [
            {
              op: 'add' as const,
              path: `/metadata/annotations/${pointer('progressive-deploy/version')}`,
              value: version
            }
          ]
        : [])
    ],
    async () =>
      `Deployment ${ref.name} changed while its image was being set; nothing was overwritten. Run again.`
  )
  const started = clock.now()
  let said = started
  let last = ''
  for (;;) {
    const progress = deploymentProgress(await api.get(ref))
    if (progress.state === 'done') return { image, detail: progress.detail }
    if (progress.state === 'failed')
      return { image, detail: progress.detail, failure: `${ref.name}: ${progress.detail}` }
    const elapsed = clock.now() - started
    if (elapsed >= k8s.progressDeadlineMs || signal?.aborted)
      return {
        image,
        detail: progress.detail,
        failure: `${ref.name} did not finish rolling out ${image} within progress-deadline (${progress.detail})`
      }
    if (progress.detail !== last || clock.now() - said >= PROGRESS_LINE_MS) {
      log.info(`  ${ref.name}: ${progress.detail} (${Math.round(elapsed / 1000)} s)`)
      said = clock.now()
      last = progress.detail
    }
    await clock.sleep(POLL_MS, signal)
  }
}
