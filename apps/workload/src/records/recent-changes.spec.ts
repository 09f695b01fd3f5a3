import { commitMessage } from './apply-changes';
import type { RecordChange } from './record-change';
import { changesInMessage, LOG_FORMAT, parseLog, recentChanges } from './recent-changes';

const log = (...commits: [string, string, string, string][]) =>
  commits
    .map(([id, time, author, message]) => `${id}\x1f${time}\x1f${author}\x1f${message}\x1e`)
    .join('\n');

describe('recent changes from the commit log', () => {
  it('uses the format it parses', () => {
    expect(LOG_FORMAT).toBe('%H\x1f%aI\x1f%an\x1f%B\x1e');
  });

  it('reads one change per line of our commits, the Python service’s subjects, and others', () => {
    const output = log(
      [
        'c3',
        '2026-01-02T10:00:00+00:00',
        'httprequest-lego-provider',
        'Update 3 ACME challenge records\n\npresent _acme-challenge.a.example.com TXT "v1" (by alice)\ncleanup _acme-challenge.b.example.com TXT "v2" (by bob)\nupdate d420c923.acme.example.com TXT "v4" (by d420c923)\n',
      ],
      [
        'c2',
        '2026-01-01T10:00:00+00:00',
        'carol',
        'Add _acme-challenge.c.example.com record\n\npresent _acme-challenge.c.example.com TXT "v3" (by carol)\n',
      ],
      [
        'c1',
        '2025-12-01T10:00:00+02:00',
        'legacy',
        'Remove _acme-challenge.old.example.com record\n',
      ],
      ['c0', '2025-11-01T10:00:00+00:00', 'Jane Ops', 'Add the example.org zone\n'],
    );
    const changes = recentChanges(parseLog(output), 10);
    expect(
      changes.map(({ commit, kind, name, username, value }) => [
        commit,
        kind,
        name,
        username,
        value,
      ]),
    ).toEqual([
      ['c3', 'present', '_acme-challenge.a.example.com', 'alice', 'v1'],
      ['c3', 'cleanup', '_acme-challenge.b.example.com', 'bob', 'v2'],
      ['c3', 'update', 'd420c923.acme.example.com', 'd420c923', 'v4'],
      ['c2', 'present', '_acme-challenge.c.example.com', 'carol', 'v3'],
      ['c1', 'cleanup', '_acme-challenge.old.example.com', 'legacy', undefined],
      ['c0', 'other', 'Add the example.org zone', 'Jane Ops', undefined],
    ]);
    expect(changes[4].time.toISOString()).toBe('2025-12-01T08:00:00.000Z');
  });

  it('reads back, in order, the changes a commit message lists', () => {
    const changes: RecordChange[] = [
      { kind: 'present', name: '_acme-challenge.a.example.com', value: 'v1', username: 'alice' },
      { kind: 'cleanup', name: '_acme-challenge.b.example.com', value: 'v2', username: 'bob' },
      { kind: 'update', name: 'x.acme.example.com', value: 'v3', username: 'acme-dns user' },
      { kind: 'present', name: '_acme-challenge.c.example.com', value: 'v4', username: 'carol' },
    ];
    const outcomes = changes.map((_, i) =>
      i === 3
        ? { status: 'unchanged' as const, zone: 'example.com' }
        : { status: 'pending' as const, zone: 'example.com' },
    );
    expect(changesInMessage(commitMessage(changes, outcomes))).toEqual(changes.slice(0, 3));
    expect(changesInMessage(commitMessage(changes.slice(0, 1), outcomes))).toEqual(
      changes.slice(0, 1),
    );
  });

  it('stops at the limit', () => {
    const output = log(
      [
        'c2',
        '2026-01-01T10:00:00Z',
        'a',
        'x\n\npresent _acme-challenge.a.example.com TXT "1" (by a)\npresent _acme-challenge.b.example.com TXT "2" (by a)\n',
      ],
      ['c1', '2026-01-01T09:00:00Z', 'a', 'y\n'],
    );
    expect(recentChanges(parseLog(output), 1)).toHaveLength(1);
    expect(recentChanges(parseLog(''), 5)).toEqual([]);
  });
});
