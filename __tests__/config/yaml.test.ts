import { describe, expect, jest, test } from '@jest/globals'

// A module of its own per test: the parser is loaded once per process, and the test setup has
// already loaded it in the shared registry (__tests__/support/load-yaml.ts).
async function freshYaml(): Promise<typeof import('../../src/config/yaml.js')> {
  let loaded: typeof import('../../src/config/yaml.js') | undefined
  await jest.isolateModulesAsync(async () => {
    loaded = await import('../../src/config/yaml.js')
  })
  return loaded!
}

describe('YAML on demand', () => {
  test('JSON parses without the YAML parser; the first YAML text asks for it', async () => {
    const yaml = await freshYaml()
    expect(yaml.parseYamlOrJson('[{"name": "errors", "max": 0.01}]')).toEqual({
      value: [{ name: 'errors', max: 0.01 }]
    })
    expect(() => yaml.parseYamlOrJson('- name: errors')).toThrow(yaml.YamlParserNeeded)
  })

  test('withYamlOnDemand loads the parser and parses again, once', async () => {
    const yaml = await freshYaml()
    let passes = 0
    const value = await yaml.withYamlOnDemand(() => {
      passes++
      return yaml.parseYamlOrJson('- name: errors\n  max: 0.01\n')
    })
    expect(value).toEqual({ value: [{ name: 'errors', max: 0.01 }] })
    expect(passes).toBe(2)
    // Loaded now: no second pass.
    passes = 0
    await yaml.withYamlOnDemand(() => {
      passes++
      return yaml.parseYamlOrJson('a: 1')
    })
    expect(passes).toBe(1)
  })

  test('a text that is neither JSON nor YAML is a problem to report, not a throw', async () => {
    const yaml = await freshYaml()
    await yaml.loadYamlParser()
    expect(yaml.parseYamlOrJson('a: [1, 2')).toEqual({ problem: expect.stringMatching(/flow/i) })
  })

  test('errors other than the missing parser pass through untouched', async () => {
    const yaml = await freshYaml()
    await expect(
      yaml.withYamlOnDemand(() => {
        throw new RangeError('not ours')
      })
    ).rejects.toThrow(RangeError)
  })
})
