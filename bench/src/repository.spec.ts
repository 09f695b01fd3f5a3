import { fastImportStream } from './repository';

/** The text of each zone file at the end of the stream, and how many commits wrote it. */
function replay(chunks: Iterable<string>) {
  const files = new Map<string, { text: string; writes: number }>();
  let commits = 0;
  for (const chunk of chunks) {
    commits += 1;
    for (const [, name, body] of chunk.matchAll(/M 100644 inline (\S+)\ndata \d+\n([^]*?\n)\n/g))
      files.set(name, { text: body, writes: (files.get(name)?.writes ?? 0) + 1 });
  }
  const hosts = (name: string) =>
    (files.get(name)?.text.match(/^host\d+ /gm) ?? []).map((host) => host.trim());
  return { files, commits, hosts };
}

describe('fastImportStream', () => {
  it('seeds every zone with 50 hosts, then adds one per commit to the zones in turn', () => {
    const { commits, hosts, files } = replay(fastImportStream(2, 5));
    expect(commits).toBe(6);
    expect(hosts('zone0.example.domain')).toHaveLength(53);
    expect(hosts('zone1.example.domain')).toHaveLength(52);
    expect(files.get('zone0.example.domain')?.writes).toBe(4);
    expect(files.get('zone0.example.domain')?.text).toMatch(
      /^\$ORIGIN zone0\.example\.\n[^]*\nhost52 600 IN A 192\.0\.2\.54\n$/,
    );
  });

  it('sizes zone 0 once and leaves it out of the history, which keeps the others bounded', () => {
    const { hosts, files } = replay(
      fastImportStream(3, 1000, { firstZoneRecords: 7, maxRecords: 60 }),
    );
    expect(hosts('zone0.example.domain')).toHaveLength(7);
    expect(files.get('zone0.example.domain')?.writes).toBe(1);
    expect(files.get('zone1.example.domain')?.writes).toBe(501);
    // 50 seeded + 500 added, the oldest dropped past 60: host490 to host549.
    expect(hosts('zone1.example.domain')).toEqual(
      Array.from({ length: 60 }, (_, i) => `host${490 + i}`),
    );
  });

  it('refuses a history with no zone to go to', () => {
    expect(() => [...fastImportStream(1, 1, { firstZoneRecords: 10 })]).toThrow('no zone left');
  });
});
