import { readFileSync } from 'node:fs'
import { ConfigurationError } from '../errors.js'
import { INPUTS } from './input-definitions.js'
import { RawSource } from './parse-settings.js'
import { quote, textProblem } from './text-rules.js'
import { parseYamlOrJson } from './yaml.js'

/**
 * Layers a YAML config file under the direct source: inputs and flags win, the file fills gaps.
 * Keys are the input names; an unknown key is an error (a typo would otherwise be ignored).
 */
export function withConfigFile(direct: RawSource): RawSource {
  const path = direct('config-file')?.trim()
  if (!path) return direct
  const problem = textProblem(path, { maxLength: 1024 })
  if (problem) throw ConfigurationError.single('config-file', problem)
  const fromFile = readConfigFile(path)
  return name => {
    const value = direct(name)
    return value !== undefined && value.trim() !== '' ? value : fromFile[name]
  }
}

export function readConfigFile(path: string): Record<string, string> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw ConfigurationError.single(
      'config-file',
      `cannot read ${path}: ${(error as Error).message}.`
    )
  }
  const parsed = parseYamlOrJson(text)
  if ('problem' in parsed)
    throw ConfigurationError.single('config-file', `${path} is not valid YAML: ${parsed.problem}`)
  const doc = parsed.value
  if (doc === null || doc === undefined) return {}
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw ConfigurationError.single(
      'config-file',
      `${path} must be a mapping of input names to values.`
    )
  }
  const known = new Set(INPUTS.map(i => i.name))
  const values: Record<string, string> = {}
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    if (!known.has(key) || key === 'config-file') {
      throw ConfigurationError.single(
        `config-file`,
        `${path}: unknown key ${quote(key)}. Keys are the action's input names (e.g. blue-address).`
      )
    }
    values[key] =
      value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value ?? '')
  }
  return values
}
