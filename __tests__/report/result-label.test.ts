import { describe, expect, test } from '@jest/globals'
import { MemoryLogger } from '../../src/platform/logger.js'
import { renderMarkdown } from '../../src/report/render.js'
import { Report } from '../../src/report/report.js'
import { FakeClock } from '../support/fakes.js'

const rendered = (title: string, result: Report['result']) => {
  const report = new Report(title, new FakeClock(), new MemoryLogger())
  report.conclude(result, 'headline', {})
  return renderMarkdown(report).split('\n')[2]
}

describe('the result label of a summary', () => {
  test('status and plan report what they found; they are not "nothing to do"', () => {
    expect(rendered('status · production', 'no-op')).toBe('**ℹ️ status** — headline')
    expect(rendered('plan · production', 'no-op')).toBe('**ℹ️ plan** — headline')
    expect(rendered('status · production', 'failure')).toBe('**❌ failure** — headline')
  })
  test('a command that had nothing to do says so', () => {
    expect(rendered('switch · production', 'no-op')).toBe('**➖ nothing to do** — headline')
  })
})
