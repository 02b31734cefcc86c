import { COMMAND_HANDLERS } from './commands/index.js'
import { CommandContext } from './commands/context.js'
import { withConfigFile } from './config/config-file.js'
import { BackendError, ConfigurationError } from './config/errors.js'
import { parseSettings } from './config/parse-settings.js'
import { Settings } from './config/settings.js'
import { Host } from './host.js'
import { systemClock } from './platform/clock.js'
import { ExecCommandRunner } from './platform/command-runner.js'
import { NodeHttpClient } from './platform/http-client.js'
import { runInfo } from './platform/run-info.js'
import { renderMarkdown, renderText } from './report/render.js'
import { OutputName, Report } from './report/report.js'
import { createRouter } from './routers/factory.js'
import { createStateStore } from './state/factory.js'

export interface RunResult {
  exitCode: 0 | 1
  /** Why it failed, for core.setFailed / stderr; '' on success. */
  message: string
}

/**
 * Runs one command for either host. Every failure becomes exit 1 with a message that says what
 * happened to traffic: configuration errors are raised before anything is changed.
 */
export async function run(host: Host): Promise<RunResult> {
  let settings: Settings
  try {
    settings = parseSettings(withConfigFile(host.raw), host.command)
  } catch (error) {
    return failure(host, error)
  }
  const clock = systemClock
  const runner = new ExecCommandRunner()
  const http = new NodeHttpClient()
  const report = new Report(`${settings.command} · ${settings.environment}`, clock, host.log)
  const ctx: CommandContext = {
    settings,
    router: createRouter(settings, { runner, http, clock, log: host.log }),
    store: createStateStore(settings.state, clock),
    runner,
    http,
    clock,
    log: host.log,
    report,
    ...runInfo()
  }
  try {
    await COMMAND_HANDLERS[settings.command](ctx)
  } catch (error) {
    report.fail(describe(error))
    await publish(host, report)
    return failure(host, error)
  }
  await publish(host, report)
  return report.result === 'failure'
    ? { exitCode: 1, message: report.headline }
    : { exitCode: 0, message: '' }
}

async function publish(host: Host, report: Report): Promise<void> {
  report.outputs.result = report.result
  for (const [name, value] of Object.entries(report.outputs))
    host.setOutput(name as OutputName, value ?? '')
  await host.writeSummary(renderMarkdown(report), renderText(report))
}

function failure(host: Host, error: unknown): RunResult {
  const message = describe(error)
  if (!(error instanceof ConfigurationError) && !(error instanceof BackendError)) {
    host.log.debug((error as Error).stack ?? String(error))
  }
  return { exitCode: 1, message }
}

/** The user-facing sentence for an error, by kind. */
function describe(error: unknown): string {
  if (error instanceof ConfigurationError) return `${error.message}\nNothing was changed.`
  if (error instanceof BackendError) return error.message
  return `unexpected error (please report it): ${(error as Error).message ?? String(error)}`
}
