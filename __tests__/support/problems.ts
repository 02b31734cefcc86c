import { expect } from '@jest/globals'
import { ConfigurationError } from '../../src/errors.js'

/** The problems a ConfigurationError lists; fails the test when `run` does not throw one. */
export function problemsOf(run: () => unknown): { field: string; message: string }[] {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    return [...(error as ConfigurationError).problems]
  }
  throw new Error('expected a ConfigurationError')
}
