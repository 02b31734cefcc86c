import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ensureNginx, initialUpstream, startNginx } from './nginx-lab.js'
import { deploy, stopPid } from './sample-commands.js'
import { freePort } from './sample-service.js'

/**
 * `demo.js lab <dir>`: nginx and the sample service v0 on blue, left running for an end-to-end
 * workflow; prints KEY=value lines for $GITHUB_ENV. `demo.js lab-stop <dir>` stops them.
 */
export async function labStart(self: string, dir: string): Promise<number> {
  mkdirSync(dir, { recursive: true })
  const binary = ensureNginx(line => console.error(line))
  const [nginxPort, bluePort, greenPort] = [await freePort(), await freePort(), await freePort()]
  const nginx = await startNginx({
    prefix: path.join(dir, 'nginx'),
    port: nginxPort,
    upstream: initialUpstream(`127.0.0.1:${bluePort}`),
    binary
  })
  Object.assign(process.env, {
    DEMO_DIR: dir,
    PD_COLOR: 'blue',
    PD_PORT: String(bluePort),
    PD_VERSION: 'v0'
  })
  const code = await deploy(self)
  const facts = {
    DEMO_DIR: dir,
    LAB_URL: nginx.url,
    LAB_BLUE: `127.0.0.1:${bluePort}`,
    LAB_GREEN: `127.0.0.1:${greenPort}`,
    LAB_UPSTREAM: nginx.upstreamFile,
    LAB_NGINX_CONFIG: nginx.configFile,
    LAB_NGINX_PREFIX: nginx.prefix,
    LAB_NGINX: binary
  }
  writeFileSync(path.join(dir, 'lab.json'), JSON.stringify(facts))
  for (const [key, value] of Object.entries(facts)) console.log(`${key}=${value}`)
  return code
}

export async function labStop(dir: string): Promise<number> {
  for (const file of readdirSync(dir).filter(f => f.endsWith('.pid')))
    await stopPid(Number(readFileSync(path.join(dir, file), 'utf8')))
  const nginxPid = path.join(dir, 'nginx', 'nginx.pid')
  if (existsSync(nginxPid)) await stopPid(Number(readFileSync(nginxPid, 'utf8')))
  return 0
}
