import { quote } from '../../config/text-rules.js'
import { ConfigurationError } from '../../errors.js'
import { describeAccess, requiredAccess } from '../../routers/kubernetes-access.js'
import { CommandContext } from '../context.js'

/**
 * Asks the API server whether this user has every permission the command's objects need
 * (SelfSubjectAccessReviews, in parallel), so a Role without `patch` stops a release before it
 * deploys instead of at the switch. A server that does not answer the question is not held
 * against the run: the calls themselves still fail with the missing verb named.
 */
export async function checkKubernetesAccess(ctx: CommandContext): Promise<void> {
  const kube = ctx.kube
  const k8s = ctx.settings.kubernetes
  if (!kube || !k8s) return
  const needed = requiredAccess(ctx.settings)
  const answers = await Promise.all(needed.map(a => kube.allowed(a.verb, a.ref)))
  const missing = needed.filter((_, i) => answers[i] === false)
  if (missing.length === 0) return
  throw ConfigurationError.single(
    'kubeconfig',
    `the user of context ${quote(k8s.connection.context)} may not ${missing.map(describeAccess).join(', ')} in namespace ${k8s.namespace}: bind the README's Role for router ${ctx.settings.router.type} (Kubernetes → RBAC).`
  )
}
