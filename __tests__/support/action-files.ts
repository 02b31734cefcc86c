import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/action-parser'
import { ROOT } from './run-dist.js'

export interface ActionFile {
  path: string
  text: string
  doc: {
    inputs: Record<string, { default?: string }>
    outputs: Record<string, { value?: string }>
    runs: {
      using: string
      main?: string
      steps?: { id?: string; shell?: string; env?: Record<string, string>; run?: string }[]
    }
  }
}

export const SUB_ACTIONS = readdirSync(path.join(ROOT, 'actions')).sort()

export function loadAction(relative: string): ActionFile {
  const text = readFileSync(path.join(ROOT, relative), 'utf8')
  return { path: relative, text, doc: parse(text) }
}

/** Validation errors from GitHub's own action.yml schema (the parser the Actions toolkit ships). */
export function actionSchemaErrors(file: ActionFile): string[] {
  const result = parseAction({ name: file.path, content: file.text }, new NoOperationTraceWriter())
  return result.context.errors.getErrors().map(e => e.message)
}

export function workflowSchemaErrors(relative: string): string[] {
  const content = readFileSync(path.join(ROOT, relative), 'utf8')
  const result = parseWorkflow({ name: relative, content }, new NoOperationTraceWriter())
  return result.context.errors.getErrors().map(e => e.message)
}

/** Every run: script in a YAML document (actions and workflows), with where it stands. */
export function runScripts(doc: unknown, where = ''): { where: string; run: string }[] {
  if (Array.isArray(doc)) return doc.flatMap((item, i) => runScripts(item, `${where}[${i}]`))
  if (doc === null || typeof doc !== 'object') return []
  return Object.entries(doc as Record<string, unknown>).flatMap(([key, value]) =>
    key === 'run' && typeof value === 'string'
      ? [{ where: `${where}.run`, run: value }]
      : runScripts(value, `${where}.${key}`)
  )
}
