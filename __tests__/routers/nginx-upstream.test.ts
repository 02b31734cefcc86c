import { describe, expect, test } from '@jest/globals'
import { parseUpstream } from '../../src/routers/nginx-upstream.js'
import { soleTarget, toPercentages } from '../../src/routers/traffic-router.js'

const targets = [
  { name: 'blue', address: '127.0.0.1:9001' },
  { name: 'green', address: '127.0.0.1:9002' }
]

describe('parseUpstream', () => {
  test('reads a hand-written upstream: no weight counts 1, backup and down count 0, comments ignored', () => {
    const text = `# server 127.0.0.1:9002;\nupstream app {\n  server 127.0.0.1:9001 max_fails=3;\n  server 127.0.0.1:9002 backup;\n  keepalive 16;\n}\n`
    const parsed = parseUpstream(text, 'app', targets)
    expect(parsed).toEqual({ weights: { blue: 1, green: 0 }, unknown: [], found: true })
    expect(soleTarget(toPercentages(parsed.weights))).toBe('blue')
  })

  test('finds the named upstream among others and reports servers of neither color', () => {
    const text = `upstream other { server 127.0.0.1:9002; }\nupstream api { server 127.0.0.1:9002 weight=3; server 10.0.0.7:80; }`
    expect(parseUpstream(text, 'api', targets)).toEqual({
      weights: { blue: 0, green: 3 },
      unknown: ['10.0.0.7:80'],
      found: true
    })
  })

  test('says when the upstream is not there', () => {
    expect(parseUpstream('upstream web { server 127.0.0.1:9001; }', 'app', targets).found).toBe(
      false
    )
  })
})

describe('weights', () => {
  test('soleTarget is undefined for a split or nothing', () => {
    expect(soleTarget({ blue: 50, green: 50 })).toBeUndefined()
    expect(soleTarget({ blue: 0, green: 0 })).toBeUndefined()
    expect(soleTarget({ blue: 0, green: 100 })).toBe('green')
  })
  test('toPercentages of nothing is all zero', () => {
    expect(toPercentages({ blue: 0, green: 0 })).toEqual({ blue: 0, green: 0 })
  })
})
