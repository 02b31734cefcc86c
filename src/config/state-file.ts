import path from 'node:path'
import { ParseEnvironment } from './field-reader.js'
import { quote } from './text-rules.js'

/**
 * Where the file store writes. A relative state-file stays inside the workspace (GITHUB_WORKSPACE,
 * else the working directory): "../" cannot climb out of it, and neither can a symlinked folder
 * on the way (a checked-out pull request may hold one). An absolute path is taken as given: the
 * user chose it on purpose. Returns the path to use (absolute).
 */
export function parseStateFile(
  value: string,
  machine: ParseEnvironment,
  fail: (field: string, message: string) => void
): string {
  if (path.isAbsolute(value)) return value
  const workspace = path.resolve(machine.env.GITHUB_WORKSPACE || machine.cwd())
  const resolved = path.resolve(workspace, value)
  if (!inside(workspace, resolved)) {
    fail(
      'state-file',
      `${quote(value)} leads out of the workspace (${workspace}); give a path inside it, or an absolute path if the state belongs elsewhere on purpose.`
    )
    return resolved
  }
  const existing = deepestExisting(path.dirname(resolved), machine)
  const realWorkspace = machine.realPath(workspace) ?? workspace
  const realParent = inside(workspace, existing, true) ? machine.realPath(existing) : undefined
  if (realParent !== undefined && !inside(realWorkspace, realParent, true)) {
    fail(
      'state-file',
      `${quote(value)} goes through a symlink to ${realParent}, outside the workspace; give an absolute path if that is meant.`
    )
  }
  return resolved
}

function inside(root: string, candidate: string, rootItself = false): boolean {
  const relative = path.relative(root, candidate)
  if (relative === '') return rootItself
  return !relative.startsWith('..') && !path.isAbsolute(relative)
}

/** The nearest folder on the way that exists (mkdir creates the rest, below it). */
function deepestExisting(folder: string, machine: ParseEnvironment): string {
  let current = folder
  while (!machine.fileExists(current) && path.dirname(current) !== current)
    current = path.dirname(current)
  return current
}
