import { describe, expect, test } from '@jest/globals'
import { decideRetry } from '../../src/platform/github-retry.js'

const policy = { attempts: 4, baseDelayMs: 100, maxWaitMs: 10_000 }
const now = 1_000_000_000_000

describe('decideRetry', () => {
  test.each([
    ['500 backs off', { status: 500, headers: {} }, 1, { retry: true, delayMs: 100 }],
    [
      '502 backs off twice as long the second time',
      { status: 502, headers: {} },
      2,
      { retry: true, delayMs: 200 }
    ],
    ['no answer backs off', { status: undefined, headers: {} }, 3, { retry: true, delayMs: 400 }],
    ['503 on the last attempt gives up', { status: 503, headers: {} }, 4, { retry: false }],
    [
      'primary rate limit waits for the reset',
      {
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 3) }
      },
      1,
      { retry: true, delayMs: 3250 }
    ],
    [
      'secondary rate limit waits retry-after',
      { status: 429, headers: { 'retry-after': '2' } },
      1,
      { retry: true, delayMs: 2000 }
    ],
    [
      'a rate limit resetting too late gives up',
      {
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 3600) }
      },
      1,
      { retry: false }
    ],
    [
      '403 without rate-limit headers is an answer (permissions)',
      { status: 403, headers: { 'x-ratelimit-remaining': '4999' } },
      1,
      { retry: false }
    ],
    ['401 is an answer', { status: 401, headers: {} }, 1, { retry: false }],
    ['422 is an answer', { status: 422, headers: {} }, 1, { retry: false }]
  ])('%s', (_name, outcome, attempt, expected) => {
    expect(decideRetry(outcome, attempt, now, policy)).toMatchObject(expected)
  })

  test('says why, for the log', () => {
    expect(
      decideRetry(
        {
          status: 403,
          headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 3600) }
        },
        1,
        now,
        policy
      ).why
    ).toMatch(/rate limited \(403\); resets in 3601 s/)
  })
})
