import { applyChanges, commitMessage, zoneCandidates } from './apply-changes';
import type { RecordChange } from './record-change';
import { ZoneModel } from './zone-model';

const ZONE = '$ORIGIN example.com.\n@ 600 IN SOA ns. h. 7 1 1 1 1\n';
const change = (
  kind: RecordChange['kind'],
  name: string,
  value: string,
  username = 'alice',
): RecordChange => ({
  kind,
  name,
  value,
  username,
});

describe('applyChanges', () => {
  const zones = new Set(['example.com', 'example.org']);
  const files: Record<string, string> = {
    'example.com': ZONE,
    'example.org': '$ORIGIN example.org.\n',
  };
  const read = (zone: string) => ZoneModel.parse(files[zone], zone);

  it('applies a batch in order, each change with its own outcome', () => {
    const result = applyChanges(
      [
        change('present', '_acme-challenge.example.com', 'v1'),
        change('present', '_acme-challenge.example.com', 'v1'),
        change('present', '_acme-challenge.www.example.org', 'v2', 'bob'),
        change('cleanup', '_acme-challenge.example.com', 'absent'),
        change('present', '_acme-challenge.example.net', 'v3'),
      ],
      zones,
      read,
      { ttl: 60, bumpSerial: false },
    );
    expect(result.outcomes).toEqual([
      { status: 'pending', zone: 'example.com' },
      { status: 'unchanged', zone: 'example.com' },
      { status: 'pending', zone: 'example.org' },
      { status: 'unchanged', zone: 'example.com' },
      {
        status: 'zone_not_found',
        candidates: ['_acme-challenge.example.net', 'example.net', 'net'],
      },
    ]);
    expect(result.files).toEqual(
      new Map([
        ['example.com', `${ZONE}_acme-challenge 60 IN TXT "v1"\n`],
        ['example.org', '$ORIGIN example.org.\n_acme-challenge.www 60 IN TXT "v2"\n'],
      ]),
    );
  });

  it('writes nothing for a value presented and cleaned up in the same batch', () => {
    const result = applyChanges(
      [
        change('present', '_acme-challenge.example.com', 'brief'),
        change('cleanup', '_acme-challenge.example.com', 'brief'),
      ],
      zones,
      read,
      { ttl: 60, bumpSerial: false },
    );
    expect(result.outcomes).toEqual([
      { status: 'unchanged', zone: 'example.com' },
      { status: 'unchanged', zone: 'example.com' },
    ]);
    expect(result.files.size).toBe(0);
  });

  it('bumps the serial once per changed zone when asked', () => {
    const result = applyChanges(
      [
        change('present', '_acme-challenge.example.com', 'a'),
        change('present', '_acme-challenge.example.com', 'b'),
      ],
      zones,
      read,
      { ttl: 60, bumpSerial: true },
    );
    expect(result.files.get('example.com')).toContain('SOA ns. h. 8 1 1 1 1');
  });

  it('reports a zone file it cannot edit, and still applies the other changes', () => {
    const broken: Record<string, string> = { ...files, 'example.org': 'x IN TXT ( "unclosed"\n' };
    const result = applyChanges(
      [
        change('present', '_acme-challenge.example.org', 'a'),
        change('present', '_acme-challenge.example.com', 'b'),
      ],
      zones,
      (zone) => ZoneModel.parse(broken[zone], zone),
      { ttl: 60, bumpSerial: false },
    );
    expect(result.outcomes).toEqual([
      {
        status: 'zone_invalid',
        zone: 'example.org',
        reason: 'the zone file has an unclosed parenthesis (opened on line 1)',
      },
      { status: 'pending', zone: 'example.com' },
    ]);
    expect([...result.files.keys()]).toEqual(['example.com']);
  });
});

describe('commitMessage', () => {
  it('keeps the Python service\u2019s subject for one change and lists every change', () => {
    const changes = [change('present', '_acme-challenge.example.com', 'v1')];
    expect(commitMessage(changes, [{ status: 'pending', zone: 'example.com' }])).toBe(
      'Add _acme-challenge.example.com record\n\npresent _acme-challenge.example.com TXT "v1" (by alice)\n',
    );
    const many = [
      change('cleanup', '_acme-challenge.a.example.com', 'x'),
      change('present', '_acme-challenge.b.example.com', 'y', 'bob'),
      change('present', '_acme-challenge.c.example.com', 'z'),
    ];
    expect(
      commitMessage(many, [
        { status: 'pending', zone: 'example.com' },
        { status: 'pending', zone: 'example.com' },
        { status: 'unchanged', zone: 'example.com' },
      ]),
    ).toBe(
      'Update 2 ACME challenge records\n\ncleanup _acme-challenge.a.example.com TXT "x" (by alice)\npresent _acme-challenge.b.example.com TXT "y" (by bob)\n',
    );
  });

  it('says Update for an acme-dns update', () => {
    const changes = [change('update', 'd420c923.acme.example.com', 'v1', 'd420c923')];
    expect(commitMessage(changes, [{ status: 'pending', zone: 'acme.example.com' }])).toBe(
      'Update d420c923.acme.example.com record\n\nupdate d420c923.acme.example.com TXT "v1" (by d420c923)\n',
    );
  });
});

describe('zoneCandidates', () => {
  it('lists every suffix, longest first', () => {
    expect(zoneCandidates('_acme-challenge.a.example.com')).toEqual([
      '_acme-challenge.a.example.com',
      'a.example.com',
      'example.com',
      'com',
    ]);
  });
});
