import { CommandName } from '../config/settings.js'
import { Outcome } from './outcome.js'

export type NotifyEvent = 'start' | 'pause' | 'promote' | 'abort' | 'rollback' | 'finish'

/** One notification: Slack reads `text`; a plain JSON receiver reads the fields. */
export interface Notification {
  text: string
  event: NotifyEvent
  environment: string
  command: CommandName
  result?: Outcome['result']
  version?: string
  color?: string
  phase?: string
  headline?: string
  run_url?: string
}

/** Commands that move traffic or deploy: the ones a team wants to hear about. */
const NOTIFIED: readonly CommandName[] = [
  'release',
  'switch',
  'canary-step',
  'promote',
  'abort',
  'rolling',
  'rollback'
]

/**
 * Text as Slack shows it, never as its markup: `<!channel>` in a version or a gate's message must
 * not ping anyone, `<url|label>` must not make a link. Slack's own escaping: & < > only.
 */
function slack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** The notification a command's start or ending makes, if any. Pure. */
export function notificationOf(
  command: CommandName,
  environment: string,
  ending: Outcome | 'start',
  runUrl: string
): Notification | undefined {
  if (!NOTIFIED.includes(command)) return undefined
  const link = runUrl ? ` <${runUrl}|run>` : ''
  if (ending === 'start') {
    if (command === 'abort' || command === 'rollback' || command === 'promote') return undefined
    return {
      text: `progressive-deploy: ${command} started in ${slack(environment)}.${link}`,
      event: 'start',
      environment,
      command,
      ...(runUrl ? { run_url: runUrl } : {})
    }
  }
  const release = ending.release
  const event: NotifyEvent =
    command === 'rollback'
      ? 'rollback'
      : release?.phase === 'paused'
        ? 'pause'
        : command === 'abort' || (release?.phase === 'failed' && release.events.some(e => e.step))
          ? 'abort'
          : command === 'promote' && ending.result === 'success'
            ? 'promote'
            : 'finish'
  const icon = ending.result === 'failure' ? '❌' : event === 'pause' ? '⏸' : '✅'
  return {
    text: `${icon} progressive-deploy ${event} in ${slack(environment)}: ${slack(ending.headline)}${link}`,
    event,
    environment,
    command,
    result: ending.result,
    headline: ending.headline,
    ...(release ? { version: release.version, color: release.color, phase: release.phase } : {}),
    ...(runUrl ? { run_url: runUrl } : {})
  }
}
