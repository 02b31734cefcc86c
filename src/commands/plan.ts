import { formatDuration } from '../config/duration.js'
import { Settings } from '../config/settings.js'
import { PLAN_CONTEXT } from '../report/commit-status.js'
import { CommandContext } from './context.js'

/** Validates the settings (already done by the time this runs) and shows what a release would do. */
export async function plan(ctx: CommandContext): Promise<void> {
  const { settings, report } = ctx
  report.result = 'no-op'
  report.facts = describePlan(settings)
  report.headline = `valid blue/green plan for "${settings.environment}": deploy-green → verify → switch, router ${settings.router.type}.`
  if (settings.commitStatus) {
    await ctx.statuses.post(
      PLAN_CONTEXT,
      'success',
      `plan ok: blue/green into ${settings.environment}, gates: ${gates(settings).join(', ')}`
    )
  }
}

/** The plan as rows a person can check before anything runs. Pure. */
export function describePlan(s: Settings): [string, string][] {
  const h = s.health
  const nginx = s.router
  return [
    ['strategy', 'blue-green: deploy to the idle color, verify it, switch 100% of traffic at once'],
    [
      'steps',
      '1. deploy-green → 2. verify → 3. switch (rollback: switch back, or redeploy the last good version)'
    ],
    ['environment', s.environment],
    ['colors', `blue ${s.addresses.blue} · green ${s.addresses.green}`],
    ['deploy', s.deploy ? s.deploy.join(' ') : '(none given; deploy-green and release need one)'],
    [
      'gate: health',
      `GET http://<color address>${h.path} → ${h.expectStatus}${h.bodyMatch ? ` and body /${h.bodyMatch.source}/` : ''}; every ${formatDuration(h.intervalMs)}, ${formatDuration(h.timeoutMs)} per check, give up after ${formatDuration(h.deadlineMs)}`
    ],
    ['gate: smoke test', s.smoke ? s.smoke.join(' ') : 'none'],
    [
      'router',
      `nginx: upstream "${nginx.upstreamName}" in ${nginx.upstreamFile}${nginx.configFile ? `, config ${nginx.configFile}` : ''}${nginx.commandPrefix.length ? `, via "${nginx.commandPrefix.join(' ')}"` : ''}`
    ],
    [
      'traffic confirmation',
      nginx.probeUrl
        ? `${nginx.probeUrl} (header ${nginx.probeHeader}), within ${formatDuration(s.confirmTimeoutMs)}`
        : 'none (set probe-url)'
    ],
    [
      'state',
      s.state.type === 'github' && s.github
        ? `GitHub deployments of ${s.github.owner}/${s.github.repo}`
        : `file ${s.state.file}`
    ]
  ]
}

function gates(s: Settings): string[] {
  return [
    'health',
    ...(s.smoke ? ['smoke'] : []),
    ...(s.router.probeUrl ? ['traffic confirmation'] : [])
  ]
}
