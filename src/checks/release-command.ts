import { Argv, Color, Instance, Settings } from '../config/settings.js'
import { CommandRunner } from '../platform/command-runner.js'

/** The facts a deploy or smoke command gets in its environment. */
export function releaseEnvironment(
  settings: Settings,
  color: Color,
  version: string,
  liveColor: Color | undefined
): Record<string, string> {
  const address = settings.addresses[color]
  const separator = address.lastIndexOf(':')
  return {
    PD_COLOR: color,
    PD_ADDRESS: address,
    PD_HOST: address.slice(0, separator).replace(/^\[|\]$/g, ''),
    PD_PORT: address.slice(separator + 1),
    PD_URL: `http://${address}`,
    // Every instance of the color (one, or a pool), comma-separated: a smoke test may try each.
    PD_ADDRESSES: settings.pools[color].map(m => m.address).join(','),
    PD_VERSION: version,
    PD_ENVIRONMENT: settings.environment,
    PD_LIVE_COLOR: liveColor ?? ''
  }
}

/** Runs the user's command with its output shown live; resolves to its exit code. */
export async function runReleaseCommand(
  runner: CommandRunner,
  argv: Argv,
  env: Record<string, string>,
  /** Stops the command (the run lost its lease). */
  signal?: AbortSignal
): Promise<number> {
  const result = await runner.run(argv, { env, echo: true, ...(signal ? { signal } : {}) })
  return result.exitCode
}

/** The facts a rolling update's deploy command gets for one instance. */
export function instanceEnvironment(
  settings: Settings,
  instance: Instance,
  version: string,
  previousVersion: string
): Record<string, string> {
  const separator = instance.address.lastIndexOf(':')
  return {
    PD_INSTANCE: instance.name,
    PD_ADDRESS: instance.address,
    PD_HOST: instance.address.slice(0, separator).replace(/^\[|\]$/g, ''),
    PD_PORT: instance.address.slice(separator + 1),
    PD_URL: `http://${instance.address}`,
    PD_VERSION: version,
    PD_PREVIOUS_VERSION: previousVersion,
    PD_ENVIRONMENT: settings.environment
  }
}
