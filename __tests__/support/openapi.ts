import { Ajv, ValidateFunction } from 'ajv'
import formatsModule from 'ajv-formats'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

/**
 * GitHub's published OpenAPI description (@octokit/openapi), used to check every request our
 * client sends and every response the local server gives back.
 */
type Schema = Record<string, unknown>
interface Operation {
  parameters?: Schema[]
  requestBody?: { content: Record<string, { schema: Schema }> }
  responses: Record<string, { content?: Record<string, { schema: Schema }>; $ref?: string }>
}

const require = createRequire(import.meta.url)
const spec = JSON.parse(
  readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')
) as {
  paths: Record<string, Record<string, Operation>>
  components: Record<string, Record<string, Schema>>
}
const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false })
// ajv-formats is CommonJS: its function is the default export's default under NodeNext.
const addFormats = ((formatsModule as unknown as { default?: typeof formatsModule }).default ??
  formatsModule) as unknown as (a: Ajv) => void
addFormats(ajv)
ajv.addSchema({ $id: 'gh', components: spec.components })
const cache = new Map<string, ValidateFunction>()

/** Points #/components refs of an inline schema at the registered spec. */
function anchored(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(anchored)
  if (schema === null || typeof schema !== 'object') return schema
  return Object.fromEntries(
    Object.entries(schema as Schema).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `gh${v}` : anchored(v)
    ])
  )
}

function validator(key: string, schema: unknown): ValidateFunction {
  const cached = cache.get(key)
  if (cached) return cached
  const compiled = ajv.compile(anchored(schema) as Schema)
  cache.set(key, compiled)
  return compiled
}

function resolve<T>(item: T | { $ref: string }): T {
  const ref = (item as { $ref?: string }).$ref
  if (!ref) return item as T
  const [, , group, name] = ref.split('/')
  return spec.components[group][name] as T
}

export interface OperationMatch {
  template: string
  method: string
  params: Record<string, string>
  operation: Operation
}

export function findOperation(method: string, path: string): OperationMatch | undefined {
  for (const [template, item] of Object.entries(spec.paths)) {
    const operation = item[method.toLowerCase()]
    if (!operation) continue
    const names: string[] = []
    const pattern = new RegExp(
      `^${template.replace(/\{([^}]+)\}/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`
    )
    const match = pattern.exec(path)
    if (match)
      return {
        template,
        method,
        operation,
        params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1])]))
      }
  }
  return undefined
}

function errorsOf(v: ValidateFunction): string[] {
  return (v.errors ?? []).map(
    e =>
      `${e.instancePath || '(root)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`
  )
}

/** Problems with a request: path and query parameters, and the JSON body. */
export function checkRequest(
  match: OperationMatch,
  query: URLSearchParams,
  body: unknown
): string[] {
  const problems: string[] = []
  type Parameter = { name: string; in: string; required?: boolean; schema: Schema }
  const parameters = (match.operation.parameters ?? []).map(p => resolve<Parameter>(p as Parameter))
  // GitHub ignores what it does not know; a test must not: an unknown name is a bug of ours.
  for (const name of new Set(query.keys()))
    if (!parameters.some(p => p.in === 'query' && p.name === name))
      problems.push(`unknown query parameter ${name}`)
  for (const parameter of parameters) {
    const raw =
      parameter.in === 'path'
        ? match.params[parameter.name]
        : parameter.in === 'query'
          ? (query.get(parameter.name) ?? undefined)
          : undefined
    if (parameter.in !== 'path' && parameter.in !== 'query') continue
    if (raw === undefined) {
      if (parameter.required) problems.push(`missing ${parameter.in} parameter ${parameter.name}`)
      continue
    }
    const type = (parameter.schema as { type?: string }).type
    const value =
      type === 'integer' || type === 'number'
        ? Number(raw)
        : type === 'boolean'
          ? raw === 'true'
          : raw
    if (
      (type === 'integer' && !Number.isInteger(value)) ||
      (type === 'boolean' && raw !== 'true' && raw !== 'false')
    ) {
      problems.push(`${parameter.in} parameter ${parameter.name}="${raw}" is not ${type}`)
      continue
    }
    const v = validator(
      `${match.method} ${match.template} param ${parameter.name}`,
      parameter.schema
    )
    if (!v(value))
      problems.push(...errorsOf(v).map(e => `${parameter.in} parameter ${parameter.name}: ${e}`))
  }
  const bodySchema = match.operation.requestBody?.content['application/json']?.schema
  if (bodySchema) {
    const v = validator(`${match.method} ${match.template} body`, bodySchema)
    if (!v(body)) problems.push(...errorsOf(v).map(e => `body ${e}`))
    const known = (resolve<Schema>(bodySchema as Schema) as { properties?: Schema }).properties
    if (known && body !== null && typeof body === 'object')
      for (const field of Object.keys(body as Schema))
        if (!(field in known)) problems.push(`unknown body field ${field}`)
  }
  return problems
}

/** Problems with a response we are about to send. */
export function checkResponse(match: OperationMatch, status: number, body: unknown): string[] {
  const response = resolve<{ content?: Record<string, { schema: Schema }> }>(
    match.operation.responses[String(status)] ?? { content: undefined }
  )
  if (!match.operation.responses[String(status)])
    return [`status ${status} is not a documented response of ${match.method} ${match.template}`]
  const schema = response.content?.['application/json']?.schema
  if (!schema) return []
  const v = validator(`${match.method} ${match.template} ${status}`, schema)
  return v(body) ? [] : errorsOf(v).map(e => `response ${status} ${e}`)
}

/** The smallest value a schema accepts (required properties only), to build complete responses. */
export function exampleOf(schemaName: string): Record<string, unknown> {
  return example(spec.components.schemas[schemaName], 0) as Record<string, unknown>
}

function example(schemaOrRef: Schema, depth: number): unknown {
  const schema = resolve<Schema>(schemaOrRef)
  if (schema.nullable) return null
  if (Array.isArray(schema.allOf))
    return Object.assign({}, ...(schema.allOf as Schema[]).map(s => example(s, depth)))
  const choices = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined
  if (choices) return example(choices[0], depth)
  if (Array.isArray(schema.enum)) return schema.enum[0]
  switch (schema.type) {
    case 'array':
      return []
    case 'integer':
    case 'number':
      return (schema.minimum as number | undefined) ?? 1
    case 'boolean':
      return false
    case 'string':
      return schema.format === 'date-time'
        ? '2026-11-27T00:00:00Z'
        : schema.format === 'uri'
          ? 'https://api.github.com/example'
          : schema.format === 'email'
            ? 'octocat@example.com'
            : 'x'
    default: {
      const properties = (schema.properties ?? {}) as Record<string, Schema>
      const object: Record<string, unknown> = {}
      if (depth > 8) return object
      for (const name of (schema.required ?? []) as string[])
        object[name] = example(properties[name] ?? {}, depth + 1)
      return object
    }
  }
}
