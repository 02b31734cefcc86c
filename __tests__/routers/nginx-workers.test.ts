import { describe, expect, test } from '@jest/globals'
import { HostFiles } from '../../src/platform/host-files.js'
import {
  acceptingWorkers,
  isAcceptingWorker,
  loadedAtMs,
  pidFileOf,
  startTicks
} from '../../src/routers/nginx-workers.js'

/** Files from a table; records every path read. */
class TableFiles implements HostFiles {
  readonly reads: string[] = []
  constructor(private readonly table: Record<string, string>) {}
  async read(file: string): Promise<string | undefined> {
    this.reads.push(file)
    return this.table[file]
  }
  async writeAtomic(): Promise<void> {
    throw new Error('not used')
  }
  async size(): Promise<number | undefined> {
    return undefined
  }
  async readFrom(): Promise<string> {
    return ''
  }
  async modifiedMs(): Promise<number | undefined> {
    return undefined
  }
}

describe('pidFileOf: where nginx keeps its pid', () => {
  test('the pid directive of the tested configuration wins; a relative one is under the prefix', () => {
    expect(
      pidFileOf(
        '# configuration file /etc/nginx/nginx.conf:\nuser www-data;\npid /run/nginx.pid;\n',
        '',
        ''
      )
    ).toBe('/run/nginx.pid')
    expect(pidFileOf('pid "logs/x.pid";', '', '/srv/nginx/')).toBe('/srv/nginx/logs/x.pid')
    expect(
      pidFileOf('  pid  logs/x.pid ;', '--prefix=/usr/share/nginx --pid-path=/run/nginx.pid', '')
    ).toBe('/usr/share/nginx/logs/x.pid')
  })
  test('without a directive, how nginx was built', () => {
    expect(
      pidFileOf(
        'worker_processes 2;',
        'configure arguments: --prefix=/usr/share/nginx --pid-path=/run/nginx.pid',
        ''
      )
    ).toBe('/run/nginx.pid')
    expect(pidFileOf('worker_processes 2;', '', '')).toBeUndefined()
    // A word that only contains "pid" is not the directive.
    expect(pidFileOf('rapid on;\nproxy_pid_thing x;', '', '')).toBeUndefined()
  })
})

describe('acceptingWorkers: nginx workers that take new connections, from /proc', () => {
  const proc = {
    '/run/nginx.pid': '100\n',
    '/proc/100/task/100/children': '101 102 103 ',
    '/proc/101/cmdline': 'nginx: worker process is shutting down\0\0\0',
    '/proc/102/cmdline': 'nginx: worker process\0\0\0\0',
    '/proc/103/cmdline': 'nginx: cache manager process\0'
  }

  test('skips workers shutting down and other nginx processes', async () => {
    expect(await acceptingWorkers(new TableFiles(proc), '/run/nginx.pid')).toEqual({ pids: [102] })
    expect(isAcceptingWorker('nginx: worker process')).toBe(true)
    expect(isAcceptingWorker('nginx: worker process is shutting down')).toBe(false)
  })

  test('what is read from files reaches a path only as digits', async () => {
    const files = new TableFiles({ '/run/nginx.pid': '../../etc/passwd' })
    expect(await acceptingWorkers(files, '/run/nginx.pid')).toEqual({
      unreadable: 'no nginx master pid in /run/nginx.pid'
    })
    const children = new TableFiles({
      '/run/nginx.pid': '100',
      '/proc/100/task/100/children': '101 ../x 102',
      '/proc/101/cmdline': 'nginx: worker process',
      '/proc/102/cmdline': 'nginx: worker process'
    })
    expect(await acceptingWorkers(children, '/run/nginx.pid')).toEqual({ pids: [101, 102] })
    expect(children.reads).not.toContain('/proc/../x/cmdline')
  })

  test('a kernel without /proc/<pid>/task/<pid>/children: unreadable, with the reason', async () => {
    expect(
      await acceptingWorkers(new TableFiles({ '/run/nginx.pid': '100' }), '/run/nginx.pid')
    ).toEqual({
      unreadable: '/proc/100/task/100/children cannot be read'
    })
  })
})

describe('when nginx last loaded its configuration', () => {
  test('the start of its oldest accepting worker, from /proc (boot time + start ticks)', async () => {
    const files = new TableFiles({
      '/proc/stat': 'cpu  1 2 3\nbtime 1795977219\nprocesses 5\n',
      // The name may hold spaces and parentheses; the start time is the 22nd field.
      '/proc/41/stat':
        '41 (nginx: worker (x)) S 40 40 40 0 -1 4194624 1 0 0 0 0 0 0 0 20 0 1 0 12345 0 0',
      '/proc/42/stat': '42 (nginx) S 40 40 40 0 -1 4194624 1 0 0 0 0 0 0 0 20 0 1 0 12400 0 0'
    })
    expect(startTicks(files['table']['/proc/41/stat'])).toBe(12345)
    expect(await loadedAtMs(files, [41, 42])).toBe(1795977219_000 + 123_450)
    expect(await loadedAtMs(files, [])).toBeUndefined()
  })
})
