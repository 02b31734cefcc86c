/**
 * YAML is read only for a config file, a metrics list written in YAML and a kubeconfig. Its
 * parser is a quarter of the command line's start bundle, so it is loaded on demand: parsing runs
 * without it, and the first text that is not JSON stops the parse with YamlParserNeeded; the
 * caller loads the parser and parses again (see withYamlOnDemand). Parsing is pure, so the second
 * pass gives what one pass would have.
 */
type Parse = (text: string) => unknown

let yamlParse: Parse | undefined

/** Thrown (never caught by a parser) when a text needs the YAML parser that is not loaded yet. */
export class YamlParserNeeded extends Error {
  constructor() {
    super('the YAML parser is not loaded')
  }
}

export type ParsedText = { value: unknown } | { problem: string }

/** JSON as JSON (every JSON document is YAML too), anything else as YAML. */
export function parseYamlOrJson(text: string): ParsedText {
  try {
    return { value: JSON.parse(text) }
  } catch {
    // not JSON: YAML below
  }
  if (!yamlParse) throw new YamlParserNeeded()
  try {
    return { value: yamlParse(text) }
  } catch (error) {
    return { problem: (error as Error).message }
  }
}

export async function loadYamlParser(): Promise<void> {
  yamlParse ??= (await import('yaml')).parse
}

/** Runs a pure parse; when it needed YAML, loads the parser and runs it again. */
export async function withYamlOnDemand<T>(parse: () => T): Promise<T> {
  try {
    return parse()
  } catch (error) {
    if (!(error instanceof YamlParserNeeded)) throw error
    await loadYamlParser()
    return parse()
  }
}
