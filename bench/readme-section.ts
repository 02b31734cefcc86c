import { readFileSync } from 'node:fs'
import path from 'node:path'
import {
  analysisTable,
  blueGreenTable,
  canaryTable,
  fleetTable,
  githubApiTable,
  switchPeersTable,
  kubernetesTable,
  stickyTables,
  rollingTable,
  runLine
} from './tables.js'

const RESULTS = [
  'bluegreen-nginx',
  'canary',
  'analysis',
  'rolling',
  'github-api',
  'fleet',
  'switch-peers',
  'kubernetes',
  'sticky'
] as const

/** The README's benchmark figures, between its markers, from the result files. */
export function benchSection(dir = path.resolve(import.meta.dirname, 'results')): string {
  const r = Object.fromEntries(
    RESULTS.map(name => [name, JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8'))])
  )
  return [
    '<!-- bench:start -->',
    runLine(r),
    '',
    '**Blue/green on nginx** (`bluegreen-nginx`): switches and rollbacks through `node dist/cli.js` under load from 4 fresh-connection and 4 keep-alive clients:',
    '',
    ...blueGreenTable(r['bluegreen-nginx']),
    '',
    '**Canary** (`canary`): a full 1 → 5 → 20 → 50 → 100 canary (3 s bake per step) under load from 4 fresh and 4 keep-alive clients on each router; then canaries answering 10% errors, each aborted by the http gate, timed from the failed verdict to the last answer any client (fresh or keep-alive) got from the canary — negative when the last one came before the verdict:',
    '',
    ...canaryTable(r.canary),
    '',
    '**Canary analysis** (`analysis`):',
    '',
    ...analysisTable(r.analysis),
    '',
    "**Beside kamal-proxy** (`switch-peers`): 20 switches per system under load from 4 fresh-connection and 4 keep-alive clients; kamal-proxy's `deploy` talks to its resident proxy; ours runs either as a new process (`node dist/cli.js switch`, as in CI) or `via the agent` (`bin/progressive-deploy switch` with `PROGRESSIVE_DEPLOY_AGENT` set: a shell script hands the command to a resident `progressive-deploy agent`, as kamal's CLI does); all new = from the command's start until fresh requests sent back to back answer only from the target:",
    '',
    ...switchPeersTable(r['switch-peers']),
    '',
    '**Fleets** (`fleet`): 10 switches per setup under load from 4 fresh and 4 keep-alive clients on each front, then a rolling update of the fleet through the remote nginx under the same kind of load; the other hosts are network namespaces behind a bridge (no added delay):',
    '',
    ...fleetTable(r.fleet),
    '',
    '**Kubernetes** (`kubernetes`): each router against real API servers on this machine (kube-apiserver 1.20, apiextensions-apiserver 0.36 for the Gateway API CRDs, behind one TLS front); a change is the guarded JSON patch plus its confirmation (the object read back; no Gateway controller writes status here), 20 switches and 20 canary steps per router:',
    '',
    ...kubernetesTable(r.kubernetes),
    '',
    '**Sticky canaries and business gates** (`sticky`): 10,000 users with a cookie through 0 → 1 → 5 → 20 → 50 → 100 on each router (10,000 keyed and 10,000 unkeyed requests per step), then canaries with a lower click-through at 200 requests/s of sticky users through nginx, judged by a webhook business gate (higher-is-better):',
    '',
    ...stickyTables(r.sticky),
    '',
    '**Rolling** (`rolling`):',
    '',
    ...rollingTable(r.rolling),
    '',
    '**GitHub API requests** per command with state in GitHub deployments (`github-api`, counted at the local API server):',
    '',
    ...githubApiTable(r['github-api']),
    '<!-- bench:end -->'
  ].join('\n')
}
