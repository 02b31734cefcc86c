import { describe, expect, test } from '@jest/globals'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './support/run-dist.js'

/**
 * The shape of src/: no file imports itself back through others, and the folders form layers
 * (config never imports metrics back, state never imports report ...). The entries and errors.ts
 * sit at the root: errors.ts imports nothing, so every folder may use it.
 */

const SRC = path.join(ROOT, 'src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return sourceFiles(full)
    return full.endsWith('.ts') ? [full] : []
  })
}

function importGraph(): Map<string, string[]> {
  const files = sourceFiles(SRC)
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    const targets = [...text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)].map(m =>
      path.resolve(path.dirname(file), m[1].replace(/\.js$/, '.ts'))
    )
    graph.set(
      file,
      targets.filter(t => files.includes(t))
    )
  }
  return graph
}

/** Every cycle found by a depth-first walk, as readable paths. */
function cycles<T>(graph: Map<T, T[]>, name: (node: T) => string): string[] {
  const found: string[] = []
  const done = new Set<T>()
  const stack: T[] = []
  const visit = (node: T): void => {
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      const at = stack.indexOf(next)
      if (at !== -1) found.push([...stack.slice(at), next].map(name).join(' → '))
      else if (!done.has(next)) visit(next)
    }
    stack.pop()
    done.add(node)
  }
  for (const node of graph.keys()) if (!done.has(node)) visit(node)
  return found
}

describe('architecture', () => {
  const graph = importGraph()
  const relative = (file: string) => path.relative(SRC, file)

  test('no file imports itself back through others', () => {
    expect(cycles(graph, relative)).toEqual([])
  })

  test('the folders of src/ form layers', () => {
    const folders = new Map<string, string[]>()
    for (const [file, targets] of graph) {
      const from = path.dirname(relative(file)).split(path.sep)[0]
      if (from === '.') continue
      for (const target of targets) {
        const to = path.dirname(relative(target)).split(path.sep)[0]
        if (to === '.' || to === from) continue
        folders.set(from, [...new Set([...(folders.get(from) ?? []), to])])
      }
    }
    expect(cycles(folders, folder => folder)).toEqual([])
  })

  test('errors.ts imports nothing of ours, and no folder imports an entry', () => {
    expect(graph.get(path.join(SRC, 'errors.ts'))).toEqual([])
    for (const [file, targets] of graph) {
      if (path.dirname(file) === SRC) continue
      const intoRoot = targets.filter(t => path.dirname(t) === SRC && !t.endsWith('errors.ts'))
      expect(`${relative(file)}: ${intoRoot.map(relative).join(', ')}`).toBe(`${relative(file)}: `)
    }
  })
})
