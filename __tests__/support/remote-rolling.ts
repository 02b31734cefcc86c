import { LoadStats, startLoad } from '../../demo/load-generator.js'
import { Report } from '../../src/report/report.js'
import { runInProcess } from './canary-lab.js'
import { RemoteLab } from './netns-lab.js'

// No jest here: the fleet benchmark measures with the same code the ssh test asserts on.

export interface RemoteRollingRun {
  report: Report
  error?: Error
  durationMs: number
  fresh: LoadStats
  keepAlive: LoadStats
  /** Each instance's version afterwards, asked from the runner. */
  versions: Record<string, string>
}

/**
 * A rolling update of the lab's six instances on three app hosts, nginx on the load balancer host
 * reached over ssh as the deploy user, under fresh and keep-alive load from the runner. nginx is
 * pointed at the fleet first and back at the blue/green upstream afterwards.
 */
export async function remoteRollingUnderLoad(
  lab: RemoteLab,
  settings: Record<string, string>
): Promise<RemoteRollingRun> {
  const putBack = await lab.fleet.useInNginx()
  try {
    const loads = (['fresh', 'keep-alive'] as const).map(kind =>
      startLoad({ url: lab.url, kind, concurrency: 4, pauseMs: 5, maxDurationMs: 120_000 })
    )
    const started = performance.now()
    const run = await runInProcess('rolling', {
      strategy: 'rolling',
      instances: lab.fleet.instances.map(i => `${i.name}=${i.address}`).join('\n'),
      'deploy-command': JSON.stringify(lab.fleet.deployCommand),
      'nginx-upstream-file': lab.nginx.upstreamFile,
      'nginx-config': lab.nginx.configFile,
      'nginx-prefix': lab.nginx.prefix,
      'nginx-binary': '/usr/sbin/nginx',
      'router-command-prefix': JSON.stringify(lab.prefix),
      'probe-url': lab.url,
      'health-interval': '100ms',
      'health-deadline': '10s',
      'drain-timeout': '300ms',
      ...settings
    }).catch(async (error: unknown) => {
      await Promise.all(loads.map(l => l.stop()))
      throw error
    })
    const durationMs = performance.now() - started
    const [fresh, keepAlive] = await Promise.all(loads.map(l => l.stop()))
    return {
      report: run.report,
      ...(run.error ? { error: run.error } : {}),
      durationMs,
      fresh,
      keepAlive,
      versions: await lab.fleet.versions()
    }
  } finally {
    await putBack()
  }
}
