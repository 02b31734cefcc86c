import { execFileSync, spawn } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { haproxyConfig } from '../../demo/haproxy-lab.js'
import { initialUpstream, LUA_MODULES, nginxConfig, waitForPort } from '../../demo/nginx-lab.js'
import { luaInclude } from './nginx-lua.js'
import { answeredBy } from './lab.js'
import { ROOT } from './run-dist.js'

/**
 * Hosts on one machine, in network namespaces joined by a bridge: a load balancer host running
 * nginx, HAProxy and sshd, and three app hosts (blue, green, and a third that only the rolling
 * fleet uses). The runner is the root namespace. The tool
 * reaches the load balancer as a non-root deploy user over ssh, with sudo for exactly the
 * commands the README lists. The link to the load balancer can be cut, made lossy or slow.
 */
export interface RemoteLab {
  dir: string
  lbIp: string
  /** Through the load balancer, from the runner. */
  url: string
  addresses: { blue: string; green: string }
  /** Three instances per color (the first is the color's address). */
  pools: { blue: string[]; green: string[] }
  /**
   * Six instances on the three app hosts (two each) for rolling updates, started at v1 by the
   * deploy script a team would have: it reaches PD_HOST (here: that host's namespace) and
   * restarts PD_INSTANCE there with PD_VERSION.
   */
  fleet: {
    instances: { name: string; address: string }[]
    deployCommand: string[]
    /** The version each instance answers with, asked from the runner. */
    versions(): Promise<Record<string, string>>
    /**
     * Points nginx on the load balancer host at the fleet (as root, reloaded and waited for);
     * the function it returns puts the blue/green upstream back.
     */
    useInNginx(): Promise<() => Promise<void>>
  }
  /** HAProxy on the load balancer host: its front and its runtime API (TCP). */
  haproxy: { url: string; socket: string }
  /**
   * nginx in Lua mode on the load balancer host (the README's include), started on demand; its
   * admin socket is root's, so the deploy user reaches it only through the README's sudo rules.
   */
  startLuaNginx(): Promise<{ url: string; socket: string; configFile: string; prefix: string }>
  /** router-command-prefix: ssh as the deploy user, then sudo. */
  prefix: string[]
  nginx: { configFile: string; prefix: string; upstreamFile: string }
  /** The runner-side end of the load balancer's link. */
  lbLink: string
  linkDown(): void
  linkUp(): void
  /** Drops this share of the packets the load balancer host receives (nftables numgen). */
  loss(percent: number): void
  /** Limits the load balancer host's link to this rate (tbf), e.g. '256kbit'. */
  slow(rate: string): void
  /** Back to a clean link. */
  heal(): void
  /** Runs a command on the load balancer host as root (what the test itself may do). */
  onLb(argv: string[]): string
  stop(): Promise<void>
}

export const DEPLOY_USER = 'pd-deploy'

function run(argv: string[]): string {
  return execFileSync(argv[0], argv.slice(1), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe']
  })
}

function quietly(argv: string[]): void {
  try {
    run(argv)
  } catch {
    // cleanup of something already gone
  }
}

export async function startRemoteLab(name: string): Promise<RemoteLab> {
  // One /24 and a set of names per process: parallel test files never share one.
  const id = 20 + (process.pid % 200)
  const net = `10.66.${id}`
  const ns = { lb: `pd${id}lb`, blue: `pd${id}a1`, green: `pd${id}a2`, third: `pd${id}a3` }
  const bridge = `pd${id}br`
  const dir = mkdtempSync(path.join(os.tmpdir(), `pd-remote-${name}-`))
  chmodSync(dir, 0o755)
  const hosts: [keyof typeof ns, number][] = [
    ['lb', 2],
    ['blue', 3],
    ['green', 4],
    ['third', 5]
  ]
  const pids: number[] = []
  const cleanup = () => {
    for (const pid of [...pids, ...fleetPids(dir)]) quietly(['kill', '-TERM', String(pid)])
    // Whatever still runs in a host (an sshd session whose client vanished with a cut link)
    // would keep its namespace, and the veth into it, alive after `ip netns del`.
    for (const n of Object.values(ns)) {
      for (const pid of namespacePids(n)) quietly(['kill', '-KILL', String(pid)])
      quietly(['ip', 'netns', 'del', n])
    }
    for (const [host] of hosts) quietly(['ip', 'link', 'del', `pd${id}${host}`])
    quietly(['ip', 'link', 'del', bridge])
    rmSync(`/etc/sudoers.d/${DEPLOY_USER}-${id}`, { force: true })
  }
  cleanup()
  try {
    run(['ip', 'link', 'add', bridge, 'type', 'bridge'])
    run(['ip', 'addr', 'add', `${net}.1/24`, 'dev', bridge])
    run(['ip', 'link', 'set', bridge, 'up'])
    for (const [host, octet] of hosts) {
      const link = `pd${id}${host}`
      run(['ip', 'netns', 'add', ns[host]])
      run(['ip', 'link', 'add', link, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns[host]])
      run(['ip', 'link', 'set', link, 'master', bridge, 'up'])
      const inNs = (argv: string[]) => run(['ip', 'netns', 'exec', ns[host], ...argv])
      inNs(['ip', 'addr', 'add', `${net}.${octet}/24`, 'dev', 'eth0'])
      inNs(['ip', 'link', 'set', 'eth0', 'up'])
      inNs(['ip', 'link', 'set', 'lo', 'up'])
    }
    const lbIp = `${net}.2`
    // Three instances per color on each app host; the first is the color's address.
    const pools = {
      blue: [8001, 8002, 8003].map(port => `${net}.3:${port}`),
      green: [8011, 8012, 8013].map(port => `${net}.4:${port}`)
    }
    const addresses = { blue: pools.blue[0], green: pools.green[0] }

    // The app hosts: v1 on blue, v2 on green.
    for (const color of ['blue', 'green'] as const)
      for (const address of pools[color]) {
        const [host, port] = address.split(':')
        const child = spawn(
          'ip',
          [
            'netns',
            'exec',
            ns[color],
            process.execPath,
            path.join(ROOT, 'dist/demo.js'),
            'serve',
            '--port',
            port,
            '--host',
            host,
            '--version',
            color === 'blue' ? 'v1' : 'v2',
            '--color',
            color
          ],
          { stdio: 'ignore', detached: true }
        )
        child.unref()
        pids.push(child.pid!)
      }

    const fleet = startFleet(dir, net, ns)

    // HAProxy on the load balancer host too: the pools, runtime API over TCP (no reload, no ssh).
    const haproxyConfigFile = path.join(dir, 'haproxy.cfg')
    writeFileSync(
      haproxyConfigFile,
      haproxyConfig('unused', 8090, {
        ...Object.fromEntries(
          pools.blue.map((a, i) => [`blue-${i + 1}`, { address: a, weight: 100 }])
        ),
        ...Object.fromEntries(
          pools.green.map((a, i) => [`green-${i + 1}`, { address: a, weight: 0 }])
        )
      })
        .replace(
          'stats socket unused mode 600 level admin',
          `stats socket ipv4@${lbIp}:9999 level admin`
        )
        .replace('bind 127.0.0.1:8090', `bind ${lbIp}:8090`)
    )
    run([
      'ip',
      'netns',
      'exec',
      ns.lb,
      'haproxy',
      '-D',
      '-f',
      haproxyConfigFile,
      '-p',
      path.join(dir, 'haproxy.pid')
    ])

    // The load balancer host: nginx, owned by root, as on a real one.
    const prefix = path.join(dir, 'nginx')
    for (const sub of ['logs', 'tmp/body', 'tmp/proxy', 'tmp/fcgi', 'tmp/uwsgi', 'tmp/scgi'])
      mkdirSync(path.join(prefix, sub), { recursive: true })
    const upstreamFile = path.join(prefix, 'upstream.conf')
    const configFile = path.join(prefix, 'nginx.conf')
    writeFileSync(upstreamFile, initialUpstream(addresses.blue))
    writeFileSync(
      configFile,
      nginxConfig(prefix, 8080, upstreamFile).replace(
        'listen 127.0.0.1:8080',
        `listen ${lbIp}:8080`
      )
    )
    run(['ip', 'netns', 'exec', ns.lb, 'nginx', '-c', configFile, '-p', prefix])

    // sshd on the load balancer host, keys only, for the deploy user.
    if (!existsSync(`/home/${DEPLOY_USER}`))
      run(['useradd', '--create-home', '--shell', '/bin/sh', DEPLOY_USER])
    // Not locked (sshd refuses a locked account), but no password either.
    run(['usermod', '-p', '*', DEPLOY_USER])
    run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'id'), '-C', 'runner'])
    run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'hostkey')])
    writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'id.pub')))
    chmodSync(path.join(dir, 'authorized_keys'), 0o644)
    mkdirSync('/run/sshd', { recursive: true })
    const sshdConfig = path.join(dir, 'sshd_config')
    writeFileSync(
      sshdConfig,
      [
        `ListenAddress ${lbIp}`,
        'Port 22',
        `HostKey ${dir}/hostkey`,
        `PidFile ${dir}/sshd.pid`,
        `AuthorizedKeysFile ${dir}/authorized_keys`,
        'StrictModes no',
        'UsePAM no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        `AllowUsers ${DEPLOY_USER}`,
        'MaxStartups 100:30:200',
        // A session whose client is gone (the link was cut) ends instead of living on.
        'ClientAliveInterval 1',
        'ClientAliveCountMax 5',
        ''
      ].join('\n')
    )
    run([
      'ip',
      'netns',
      'exec',
      ns.lb,
      '/usr/sbin/sshd',
      '-f',
      sshdConfig,
      '-E',
      path.join(dir, 'sshd.log')
    ])

    const luaPrefix = path.join(dir, 'nginx-lua')
    const luaSocket = path.join(luaPrefix, 'admin.sock')
    // sudo for exactly the commands the README lists, with the lab's paths for its examples.
    const rules = readmeSudoers()
      .replaceAll('/usr/sbin/nginx -T', `/usr/sbin/nginx -c ${configFile} -p ${prefix} -T`)
      .replaceAll(
        '/usr/sbin/nginx -s reload',
        `/usr/sbin/nginx -c ${configFile} -p ${prefix} -s reload`
      )
      .replaceAll('/etc/nginx/conf.d/.recs-upstream.conf', `${prefix}/.upstream.conf`)
      .replaceAll('/etc/nginx/conf.d/recs-upstream.conf', upstreamFile)
      .replaceAll('/run/nginx.pid', `${prefix}/nginx.pid`)
      .replaceAll('/var/log/nginx/recs.json', `${prefix}/logs/access.json`)
      .replaceAll('/run/nginx-progressive-deploy.sock', luaSocket)
      .replace(/^deploy /, `${DEPLOY_USER} `)
    const sudoers = `/etc/sudoers.d/${DEPLOY_USER}-${id}`
    writeFileSync(sudoers, `${rules}\n`, { mode: 0o440 })
    run(['visudo', '-c', '-q', '-f', sudoers])

    await waitForPort(8080, 5000, lbIp)
    await waitForPort(22, 5000, lbIp)
    await waitForPort(8090, 5000, lbIp)
    const fleetAddresses = fleet.instances.map(i => i.address)
    for (const address of [...pools.blue, ...pools.green, ...fleetAddresses]) {
      const [host, port] = address.split(':')
      await waitForPort(Number(port), 5000, host)
    }

    const lbLink = `pd${id}lb`
    const onLb = (argv: string[]) => run(['ip', 'netns', 'exec', ns.lb, ...argv])
    const heal = () => {
      quietly(['ip', 'link', 'set', lbLink, 'up'])
      quietly(['tc', 'qdisc', 'del', 'dev', lbLink, 'root'])
      quietly(['ip', 'netns', 'exec', ns.lb, 'nft', 'delete', 'table', 'inet', 'pdloss'])
    }
    return {
      dir,
      lbIp,
      url: `http://${lbIp}:8080/`,
      addresses,
      pools,
      fleet: {
        ...fleet,
        useInNginx: async () => {
          const inFleet = (name: string) => fleet.instances.some(i => i.name === name)
          const reload = async (upstream: string, fleetServes: boolean) => {
            writeFileSync(upstreamFile, upstream)
            onLb(['nginx', '-c', configFile, '-p', prefix, '-s', 'reload'])
            await nginxServes(`http://${lbIp}:8080/`, name => inFleet(name) === fleetServes)
          }
          const before = readFileSync(upstreamFile, 'utf8')
          await reload(
            `upstream app {\n${fleet.instances.map(i => `    server ${i.address};`).join('\n')}\n}\n`,
            true
          )
          return () => reload(before, false)
        }
      },
      haproxy: { url: `http://${lbIp}:8090/`, socket: `${lbIp}:9999` },
      startLuaNginx: async () => {
        for (const sub of ['logs', 'tmp/body', 'tmp/proxy', 'tmp/fcgi', 'tmp/uwsgi', 'tmp/scgi'])
          mkdirSync(path.join(luaPrefix, sub), { recursive: true })
        const include = path.join(luaPrefix, 'progressive-deploy.conf')
        writeFileSync(
          include,
          luaInclude({
            socket: luaSocket,
            splitFile: path.join(luaPrefix, 'split'),
            upstream: 'app',
            initialAddress: addresses.blue
          })
        )
        const luaConfig = path.join(luaPrefix, 'nginx.conf')
        writeFileSync(
          luaConfig,
          LUA_MODULES +
            nginxConfig(luaPrefix, 8081, include).replace(
              'listen 127.0.0.1:8081',
              `listen ${lbIp}:8081`
            )
        )
        onLb(['nginx', '-c', luaConfig, '-p', luaPrefix])
        await waitForPort(8081, 5000, lbIp)
        return {
          url: `http://${lbIp}:8081/`,
          socket: luaSocket,
          configFile: luaConfig,
          prefix: luaPrefix
        }
      },
      prefix: [
        'ssh',
        '-i',
        path.join(dir, 'id'),
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        `UserKnownHostsFile=${dir}/known_hosts`,
        '-o',
        'LogLevel=ERROR',
        '-o',
        'ConnectTimeout=3',
        '-o',
        'ServerAliveInterval=1',
        '-o',
        'ServerAliveCountMax=3',
        '-o',
        'ControlMaster=auto',
        '-o',
        `ControlPath=${dir}/cm-%C`,
        '-o',
        'ControlPersist=30',
        `${DEPLOY_USER}@${lbIp}`,
        'sudo',
        '-n'
      ],
      nginx: { configFile, prefix, upstreamFile },
      lbLink,
      linkDown: () => run(['ip', 'link', 'set', lbLink, 'down']),
      linkUp: () => run(['ip', 'link', 'set', lbLink, 'up']),
      loss: percent => {
        onLb(['nft', 'add', 'table', 'inet', 'pdloss'])
        onLb([
          'nft',
          'add',
          'chain',
          'inet',
          'pdloss',
          'input',
          '{ type filter hook input priority 0 ; }'
        ])
        onLb([
          'nft',
          'add',
          'rule',
          'inet',
          'pdloss',
          'input',
          'iifname',
          'eth0',
          'numgen',
          'random',
          'mod',
          '100',
          '<',
          String(percent),
          'drop'
        ])
      },
      slow: rate =>
        run([
          'tc',
          'qdisc',
          'add',
          'dev',
          lbLink,
          'root',
          'tbf',
          'rate',
          rate,
          'burst',
          '16kbit',
          'latency',
          '500ms'
        ]),
      heal,
      onLb,
      stop: async () => {
        heal()
        quietly(['ssh', '-O', 'exit', '-o', `ControlPath=${dir}/cm-%C`, `${DEPLOY_USER}@${lbIp}`])
        for (const pidFile of [
          path.join(prefix, 'nginx.pid'),
          path.join(luaPrefix, 'nginx.pid'),
          path.join(dir, 'sshd.pid'),
          path.join(dir, 'haproxy.pid')
        ]) {
          const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0
          if (pid > 0) pids.push(pid)
        }
        cleanup()
        rmSync(dir, { recursive: true, force: true })
      }
    }
  } catch (error) {
    cleanup()
    throw error
  }
}

/** The processes running in a network namespace (none when it does not exist). */
function namespacePids(name: string): number[] {
  try {
    return run(['ip', 'netns', 'pids', name])
      .split('\n')
      .map(Number)
      .filter(pid => pid > 0)
  } catch {
    return []
  }
}

/** The rolling fleet: two instances on each app host, started at v1 by its deploy script. */
function startFleet(
  dir: string,
  net: string,
  ns: Record<'blue' | 'green' | 'third', string>
): Pick<RemoteLab['fleet'], 'instances' | 'deployCommand' | 'versions'> {
  const hosts = [
    [`${net}.3`, ns.blue],
    [`${net}.4`, ns.green],
    [`${net}.5`, ns.third]
  ] as const
  const instances = hosts.flatMap(([host], h) =>
    [8101, 8102].map((port, i) => ({ name: `app-${h * 2 + i + 1}`, address: `${host}:${port}` }))
  )
  const fleetDir = path.join(dir, 'fleet')
  mkdirSync(fleetDir)
  // The team's deploy script: which host an instance lives on comes from PD_HOST, as it would
  // for `ssh "$PD_HOST" …`; here the host is a namespace.
  const script = path.join(dir, 'deploy-on-host')
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      'case "$PD_HOST" in',
      ...hosts.map(([host, name]) => `  ${host}) host_ns=${name} ;;`),
      '  *) echo "deploy-on-host: no host $PD_HOST" >&2; exit 2 ;;',
      'esac',
      `exec ip netns exec "$host_ns" ${process.execPath} ${path.join(ROOT, 'dist/demo.js')} deploy --dir ${fleetDir}`,
      ''
    ].join('\n'),
    { mode: 0o755 }
  )
  const deployCommand = ['/bin/sh', script]
  for (const instance of instances) {
    const [host, port] = instance.address.split(':')
    execFileSync(deployCommand[0], deployCommand.slice(1), {
      env: {
        ...process.env,
        PD_INSTANCE: instance.name,
        PD_HOST: host,
        PD_PORT: port,
        PD_VERSION: 'v1'
      },
      stdio: 'ignore'
    })
  }
  return {
    instances,
    deployCommand,
    versions: async () =>
      Object.fromEntries(
        await Promise.all(
          instances.map(async i => [i.name, await versionAt(`http://${i.address}/`)] as const)
        )
      )
  }
}

/** The pids of the fleet's instances (the deploy script's pid files). */
function fleetPids(dir: string): number[] {
  const fleetDir = path.join(dir, 'fleet')
  if (!existsSync(fleetDir)) return []
  return readdirSync(fleetDir)
    .filter(f => f.endsWith('.pid'))
    .map(f => Number(readFileSync(path.join(fleetDir, f), 'utf8')))
    .filter(pid => pid > 0)
}

async function versionAt(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) })
    return ((await response.json()) as { version?: string }).version ?? '?'
  } catch {
    return 'down'
  }
}

/** Waits until 12 answers in a row through nginx come from instances `fits` accepts (a reload took). */
async function nginxServes(url: string, fits: (answeredBy: string) => boolean): Promise<void> {
  const deadline = Date.now() + 10_000
  let inARow = 0
  while (inARow < 12) {
    if (Date.now() > deadline) throw new Error(`nginx at ${url} did not take the lab's upstream`)
    inARow = fits(await answeredBy(url)) ? inARow + 1 : 0
  }
}

/** The sudoers rules of the README, between its sudoers markers. */
function readmeSudoers(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const block = /<!-- sudoers:start -->\n```\n([\s\S]*?)\n```\n<!-- sudoers:end -->/.exec(readme)
  if (!block) throw new Error('README.md has no sudoers block between its markers')
  return block[1]
}
