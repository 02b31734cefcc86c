import { readFileSync } from 'node:fs'
import path from 'node:path'
import { NginxLab, startNginx } from '../../demo/nginx-lab.js'
import { freePort } from '../../demo/sample-service.js'
import { ROOT } from './run-dist.js'

/**
 * The README's nginx Lua include (examples/nginx/progressive-deploy-lua.conf) with a lab's
 * paths: its admin socket, its saved split, the lab's upstream name and first address. The
 * tests run this file, so the config users copy is the one that is tested.
 */
export function luaInclude(options: {
  socket: string
  splitFile: string
  upstream: string
  initialAddress: string
}): string {
  const example = readFileSync(
    path.join(ROOT, 'examples/nginx/progressive-deploy-lua.conf'),
    'utf8'
  )
  const replaced = example
    .replaceAll('/run/nginx-progressive-deploy.sock', options.socket)
    .replaceAll('/var/lib/nginx/progressive-deploy.split', options.splitFile)
    .replace('upstream recs {', `upstream ${options.upstream} {`)
    .replace('"127.0.0.1:8001 10000\\n"', `"${options.initialAddress} 10000\\n"`)
  for (const [what, value] of Object.entries(options))
    if (!replaced.includes(value)) throw new Error(`the Lua include has no place for ${what}`)
  return replaced
}

/** Where a lab's Lua nginx keeps its admin socket, in the folder given to startLuaNginx. */
export const luaSocketIn = (dir: string): string => path.join(dir, 'admin.sock')

/**
 * Real nginx with Debian's Lua module and the README's include, all traffic on `initialAddress`
 * until a split is set: prefix, admin socket (luaSocketIn) and saved split in `dir`. The same
 * `port` again restarts it where it was.
 */
export async function startLuaNginx(
  dir: string,
  initialAddress: string,
  port?: number
): Promise<NginxLab> {
  return startNginx({
    prefix: path.join(dir, 'nginx'),
    port: port ?? (await freePort()),
    lua: true,
    upstream: luaInclude({
      socket: luaSocketIn(dir),
      splitFile: path.join(dir, 'split'),
      upstream: 'app',
      initialAddress
    })
  })
}
