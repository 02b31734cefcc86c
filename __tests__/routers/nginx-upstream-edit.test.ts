import { describe, expect, test } from '@jest/globals'
import { parseUpstream } from '../../src/routers/nginx-upstream.js'
import { MARKER, rewriteUpstream } from '../../src/routers/nginx-upstream-edit.js'
import { soleTarget, toPercentages } from '../../src/routers/traffic-router.js'

const targets = [
  { name: 'blue', address: '127.0.0.1:9001' },
  { name: 'green', address: '127.0.0.1:9002' }
]
const FIRST = 'upstream app {\n    server 127.0.0.1:9001;\n}\n'

describe('rewriteUpstream', () => {
  test('all traffic on one color keeps the other listed as down', () => {
    expect(rewriteUpstream(FIRST, 'app', targets, { blue: 0, green: 100 })).toBe(
      [
        MARKER,
        'upstream app {',
        '    server 127.0.0.1:9001 down; # blue',
        '    server 127.0.0.1:9002 weight=100; # green',
        '}',
        ''
      ].join('\n')
    )
  })

  test('a split becomes nginx weights', () => {
    expect(rewriteUpstream(FIRST, 'app', targets, { blue: 95, green: 5 })).toContain(
      'server 127.0.0.1:9001 weight=95; # blue\n    server 127.0.0.1:9002 weight=5; # green'
    )
  })

  test.each([[{ blue: 100, green: 0 }], [{ blue: 0, green: 100 }], [{ blue: 80, green: 20 }]])(
    'reads back what it wrote: %j',
    weights => {
      const parsed = parseUpstream(rewriteUpstream(FIRST, 'app', targets, weights), 'app', targets)
      expect(parsed.found).toBe(true)
      expect(toPercentages(parsed.weights)).toEqual(weights)
    }
  )

  test('keeps every other directive of the block, its comments, and the text around it', () => {
    const text = [
      '# our pool, see wiki',
      'upstream other { server 10.0.0.9:80; }',
      'upstream app {',
      '    zone app 64k;',
      '    least_conn;',
      '    # the old box',
      '    server 127.0.0.1:9001 max_fails=3;',
      '    keepalive 16; # per worker',
      '    keepalive_timeout 60s;',
      '}',
      'map $x $y { default "a;b}"; }',
      ''
    ].join('\n')
    const once = rewriteUpstream(text, 'app', targets, { blue: 0, green: 100 })
    expect(once).toBe(
      [
        MARKER,
        '# our pool, see wiki',
        'upstream other { server 10.0.0.9:80; }',
        'upstream app {',
        '    zone app 64k;',
        '    least_conn;',
        '    # the old box',
        '    server 127.0.0.1:9001 down; # blue',
        '    server 127.0.0.1:9002 weight=100; # green',
        '    keepalive 16; # per worker',
        '    keepalive_timeout 60s;',
        '}',
        'map $x $y { default "a;b}"; }',
        ''
      ].join('\n')
    )
    // The next change finds its own file and changes only the weights again.
    const twice = rewriteUpstream(once, 'app', targets, { blue: 100, green: 0 })
    expect(twice).toBe(
      once
        .replace('9001 down; # blue', '9001 weight=100; # blue')
        .replace('9002 weight=100; # green', '9002 down; # green')
    )
    expect(soleTarget(toPercentages(parseUpstream(twice, 'app', targets).weights))).toBe('blue')
  })

  test('a one-line block, a commented-out decoy and an older marker', () => {
    const text =
      '# Managed by progressive-deploy. Edits by hand are overwritten at the next switch.\n# upstream app { server 1.1.1.1:1; }\nupstream app { hash $remote_addr consistent; server 127.0.0.1:9002; }\n'
    expect(rewriteUpstream(text, 'app', targets, { blue: 100, green: 0 })).toBe(
      [
        MARKER,
        '# upstream app { server 1.1.1.1:1; }',
        'upstream app {',
        '    hash $remote_addr consistent;',
        '    server 127.0.0.1:9001 weight=100; # blue',
        '    server 127.0.0.1:9002 down; # green',
        '}',
        ''
      ].join('\n')
    )
  })

  test('refuses, naming the fix, a server line over several lines or a missing block', () => {
    expect(() =>
      rewriteUpstream(
        'upstream app {\n  server 127.0.0.1:9001\n         weight=5;\n}\n',
        'app',
        targets,
        { blue: 100, green: 0 }
      )
    ).toThrow(/nginx-upstream-file.*server line spans several lines.*on one line of its own/s)
    expect(() =>
      rewriteUpstream('upstream web { server 127.0.0.1:9001; }', 'app', targets, {
        blue: 100,
        green: 0
      })
    ).toThrow(/nginx-upstream-name/)
  })
})
