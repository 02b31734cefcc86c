import { afterEach, describe, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { FleetLab, startFleetLab } from '../../demo/fleet-lab.js'
import { runInProcess } from './canary-lab.js'
import { reloadResets } from './lab.js'
import { rollingUnderLoad } from './rolling-runs.js'
import { flags, ROOT, runNode } from './run-dist.js'

const DEMO = path.join(ROOT, 'dist/demo.js')
const CLI = path.join(ROOT, 'dist/cli.js')

/**
 * The rolling update scenarios of issue 5, against one real router: 6 instances of the sample
 * service, each its own process, replaced by the demo's deploy script.
 */
export function rollingScenarios(router: 'nginx' | 'haproxy'): void {
  let lab: FleetLab | undefined
  const start = async (name: string, size = 6): Promise<FleetLab> => {
    lab = await startFleetLab({ name: `${router}-${name}`, router, size, demoScript: DEMO })
    return lab
  }
  afterEach(async () => {
    await lab?.stop()
    lab = undefined
  })

  describe(`rolling update on real ${router}`, () => {
    test('6 instances in batches of 2 under load: no failed request, every instance ends on v2, never fewer than 4 in rotation', async () => {
      const fleet = await start('load')
      const run = await rollingUnderLoad(fleet, {
        version: 'v2',
        'batch-size': '2',
        'max-unavailable': '2'
      })
      expect(run.error).toBeUndefined()
      expect(run.report.result).toBe('success')
      expect(run.fresh.requests).toBeGreaterThan(200)
      expect(run.fresh.non2xx).toBe(0)
      // HAProxy changes without a reload: none; nginx reloads may reset a few (see reloadResets).
      expect(run.fresh.connectionErrors).toBeLessThanOrEqual(
        router === 'nginx' ? reloadResets(run.fresh.requests) : 0
      )
      expect(run.keepAlive.non2xx).toBe(0)
      // Both versions answered through the load balancer while the update ran.
      expect(run.fresh.byVersion.v1).toBeGreaterThan(0)
      expect(run.fresh.byVersion.v2).toBeGreaterThan(0)
      // POSTs, which no proxy retries, were half the load.
      expect(run.fresh.posts).toBeGreaterThan(run.fresh.requests / 3)
      expect(run.rotation.samples).toBeGreaterThan(router === 'nginx' ? 10 : 20)
      expect(run.rotation.min).toBe(4)
      // One ordered log, from the instances, the deploy script and the router: every instance
      // had had no request from the load balancer for a while when its deploy began (its own
      // clock, not a sampler that may run late), and rejoined only after.
      // An instance in rotation gets a request every gapMs on average (about 11 ms here); five
      // gaps without one is an instance the router no longer sends to.
      const gapMs = (run.durationMs * 6) / (run.fresh.requests + run.keepAlive.requests)
      const events = readFileSync(fleet.eventsFile, 'utf8').split('\n')
      for (const { name } of fleet.instances) {
        const deployed = events.indexOf(`deploy ${name} v2`)
        const idleLine = events
          .slice(0, deployed)
          .reverse()
          .find(e => e.startsWith(`idle ${name} `))
        const back = events.indexOf(`in ${name}`, deployed)
        expect(`${name}: ${idleLine} < deploy ${deployed} < in ${back}`).toMatch(
          /^[\w-]+: idle [\w-]+ (\d+|Infinity) < deploy \d+ < in \d+$/
        )
        expect(Number(idleLine?.split(' ')[2])).toBeGreaterThanOrEqual(5 * gapMs)
        expect(back).toBeGreaterThan(deployed)
      }
      expect(Object.values(await fleet.versions())).toEqual(Array(6).fill('v2'))
      expect(await fleet.inRotation()).toBe(6)
      expect(run.report.outputs).toMatchObject({ phase: 'live', version: 'v2', fleet: '6 × v2' })
      // The summary's table: start, 3 batches, end.
      expect(run.report.fleetColumns.map(c => c.label)).toEqual([
        'start',
        'batch 1/3',
        'batch 2/3',
        'batch 3/3',
        'end'
      ])
      expect(run.report.fleetColumns[2].instances['web-4']).toEqual({
        version: 'v2',
        inRotation: true
      })
      expect(run.report.fleetColumns[2].instances['web-5'].version).not.toBe('v2')
    }, 90_000)

    test('an instance failing its health check in batch 2 stops the update; updated instances go back to v1; no failed request; status lists every instance', async () => {
      const fleet = await start('unhealthy')
      const run = await rollingUnderLoad(fleet, {
        version: 'v2',
        'batch-size': '2',
        'max-unavailable': '2',
        'rollback-version': 'v1',
        'health-deadline': '2s',
        'deploy-command': JSON.stringify([
          process.execPath,
          DEMO,
          'deploy',
          '--dir',
          fleet.dir,
          '--unhealthy-on',
          'web-3@v2'
        ])
      })
      expect(run.report.result).toBe('failure')
      expect(run.report.headline).toMatch(/batch 2\/3 failed \(web-3 failed its health check/)
      expect(run.report.headline).toMatch(/web-3, web-4, web-1, web-2 were put back/)
      expect(run.fresh.non2xx + run.keepAlive.non2xx).toBe(0)
      expect(run.fresh.connectionErrors).toBeLessThanOrEqual(
        router === 'nginx' ? reloadResets(run.fresh.requests) : 0
      )
      expect(run.rotation.min).toBeGreaterThanOrEqual(4)
      expect(Object.values(await fleet.versions())).toEqual(Array(6).fill('v1'))
      expect(await fleet.inRotation()).toBe(6)
      // A later status (its own process) reads the fleet back from the state alone.
      const status = await runNode([CLI, 'status', ...flags(fleet.inputs)])
      expect(status.code).toBe(0)
      for (const i of fleet.instances)
        expect(status.stdout).toMatch(new RegExp(`${i.name} ${i.address}\\s+v1\\s`))
      expect(status.stdout).toMatch(/Last update: v2 \(failed\)/)
    }, 90_000)

    test.each(['resume', 'rollback', 'the rollback command'] as const)(
      'a run killed in the middle of batch 2: a new run sees the recorded progress; %s',
      async how => {
        const onInterrupted = how === 'resume' ? 'resume' : 'rollback'
        const fleet = await start(`killed-${onInterrupted}`)
        const inputs = {
          ...fleet.inputs,
          version: 'v2',
          'batch-size': '2',
          'max-unavailable': '2',
          'rollback-version': 'v1'
        }
        // Its own process group, killed as a whole: a cancelled job loses its deploy commands too.
        const child = spawn(process.execPath, [CLI, 'rolling', ...flags(inputs)], {
          stdio: 'ignore',
          detached: true
        })
        const stateFile = fleet.inputs['state-file']
        await waitFor(
          () =>
            existsSync(stateFile) &&
            readFileSync(stateFile, 'utf8').includes('batch 2/3: web-3, web-4 out of rotation'),
          30_000
        )
        process.kill(-(child.pid as number), 'SIGKILL')
        await new Promise(resolve => child.once('exit', resolve))

        if (how === 'the rollback command') {
          // status says the run is gone and names the command; rollback undoes the update.
          const status = await runInProcess('status', { ...inputs, strategy: 'rolling' })
          expect(status.report.headline).toMatch(/is gone, the fleet half-updated\. Run rollback/)
          const rolled = await runInProcess('rollback', {
            ...inputs,
            strategy: 'rolling',
            reason: 'killed mid-batch'
          })
          expect(rolled.error).toBeUndefined()
          expect(rolled.report.result).toBe('success')
          expect(rolled.report.headline).toMatch(/rollback of the update to v2: .*put back/)
          expect(Object.values(await fleet.versions())).toEqual(Array(6).fill('v1'))
          expect(await fleet.inRotation()).toBe(6)
          const records = JSON.parse(readFileSync(stateFile, 'utf8')).records
          expect(records[0].phase).toBe('failed')
          expect(records[1]).toMatchObject({ kind: 'rollback', version: 'v1', phase: 'live' })
          return
        }
        const run = await runInProcess('rolling', { ...inputs, 'on-interrupted': onInterrupted })
        expect(run.error).toBeUndefined()
        expect(run.report.result).toBe('success')
        const deployed = run.log.filter(line => line.startsWith('▶ deploy'))
        if (onInterrupted === 'resume') {
          expect(run.report.facts.find(([k]) => k === 'resumed')?.[1]).toMatch(/after batch 1\/3/)
          // Batch 1 is not touched again; the interrupted batch and the last one are.
          expect(deployed.map(line => /to (web-\d)/.exec(line)?.[1]).sort()).toEqual([
            'web-3',
            'web-4',
            'web-5',
            'web-6'
          ])
          expect(Object.values(await fleet.versions())).toEqual(Array(6).fill('v2'))
        } else {
          expect(run.report.headline).toMatch(/interrupted update to v2 was undone/)
          expect(deployed.every(line => line.startsWith('▶ deploy v1'))).toBe(true)
          expect(Object.values(await fleet.versions())).toEqual(Array(6).fill('v1'))
        }
        expect(await fleet.inRotation()).toBe(6)
        // The killed run's record is closed, not left holding the environment.
        const records = JSON.parse(readFileSync(stateFile, 'utf8')).records
        expect(records[0].phase).toBe('failed')
        expect(records[0].events.at(-1).description).toMatch(/ended without finishing it/)
      },
      90_000
    )

    test('a gate failing on one instance of batch 1 stops the update and puts the batch back', async () => {
      const fleet = await start('gate', 4)
      const gate = {
        name: 'instance-check',
        provider: 'command',
        command: [
          process.execPath,
          '-e',
          "process.exit(process.env.PD_CANARY_TARGET === 'web-2' ? 1 : 0)"
        ]
      }
      const run = await runInProcess('rolling', {
        ...fleet.inputs,
        version: 'v2',
        'batch-size': '2',
        'max-unavailable': '2',
        'rollback-version': 'v1',
        metrics: JSON.stringify([gate]),
        'analysis-interval': '500ms'
      })
      expect(run.report.result).toBe('failure')
      expect(run.report.headline).toMatch(/batch 1\/2 failed \(gate failed: web-2: /)
      expect(run.report.headline).toMatch(/web-1, web-2 were put back on their previous version/)
      expect(Object.values(await fleet.versions())).toEqual(Array(4).fill('v1'))
      expect(await fleet.inRotation()).toBe(4)
    }, 60_000)

    test('max-batches stops after one batch (phase paused); the next run goes on from there', async () => {
      const fleet = await start('paused', 4)
      const inputs = { ...fleet.inputs, version: 'v2', 'batch-size': '2', 'max-unavailable': '2' }
      const first = await runInProcess('rolling', { ...inputs, 'max-batches': '1' })
      expect(first.report.result).toBe('success')
      expect(first.report.outputs).toMatchObject({ phase: 'paused', fleet: '2 × v2, 2 × unknown' })
      expect(Object.values(await fleet.versions())).toEqual(['v2', 'v2', 'v1', 'v1'])
      const second = await runInProcess('rolling', inputs)
      expect(second.report.result).toBe('success')
      expect(second.log.filter(line => line.startsWith('▶ deploy'))).toHaveLength(2)
      expect(second.report.outputs).toMatchObject({ phase: 'live', fleet: '4 × v2' })
      expect(Object.values(await fleet.versions())).toEqual(Array(4).fill('v2'))
    }, 60_000)

    test.each([
      [
        'batch size 0',
        { 'batch-size': '0' },
        'batch-size',
        /0 instances per batch would never update anything/
      ],
      [
        'max unavailable 100% with a single instance',
        { instances: 'web-1=127.0.0.1:1', 'max-unavailable': '100%' },
        'instances',
        /at least 2 instances/
      ],
      [
        'max unavailable 100% of the fleet',
        { 'max-unavailable': '100%' },
        'max-unavailable',
        /every instance out of rotation/
      ],
      ['duplicate instance names', 'duplicate', 'instances', /the name "web-1" is used twice/],
      [
        'an unreachable address',
        'unreachable',
        'instances',
        /web-6 \(127\.0\.0\.1:1\): connect ECONNREFUSED/
      ]
    ])(
      'invalid input (%s): exit 1, the field named, nothing drained',
      async (_, change, field, message) => {
        const fleet = await start('invalid', 3)
        const before = await fleet.inRotation()
        const lines = fleet.inputs.instances.split('\n')
        const inputs: Record<string, string> = { ...fleet.inputs, version: 'v2' }
        if (change === 'duplicate')
          inputs.instances = [...lines, lines[0].replace(/:\d+$/, ':1')].join('\n')
        else if (change === 'unreachable')
          inputs.instances = [...lines, 'web-6=127.0.0.1:1'].join('\n')
        else Object.assign(inputs, change)
        if (change === 'unreachable' && router === 'haproxy') {
          // HAProxy must know the server to be asked about it: name an instance it has.
          inputs.instances = [...lines.slice(0, 2), lines[2].replace(/:\d+$/, ':1')].join('\n')
        }
        const result = await runNode([CLI, 'rolling', ...flags(inputs)])
        expect(result.code).toBe(1)
        expect(result.stderr).toContain(field)
        if (change === 'unreachable' && router === 'haproxy')
          expect(result.stderr).toMatch(/web-3 \(127\.0\.0\.1:1\): connect ECONNREFUSED/)
        else expect(result.stderr).toMatch(message)
        expect(result.stderr).toMatch(/[Nn]othing was (changed|drained)/)
        expect(await fleet.inRotation()).toBe(before)
        expect(Object.values(await fleet.versions())).toEqual(Array(3).fill('v1'))
      },
      60_000
    )
  })
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise(r => setTimeout(r, 20))
  }
}
