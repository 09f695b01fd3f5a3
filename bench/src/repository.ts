import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { git, gitWithInput } from './git';

/** Host records of a zone that is not given a size of its own. */
const SEED_HOSTS = 50;

/** A zone file holding the host records `host<first>` to `host<end - 1>`. */
function zoneText(zone: string, first: number, end: number): string {
  const lines = [
    `$ORIGIN ${zone}.`,
    '$TTL 600',
    `@ 600 IN SOA ns1.${zone}. hostmaster.${zone}. 1 3600 600 86400 60`,
    `@ 600 IN NS ns1.${zone}.`,
    'ns1 600 IN A 192.0.2.1',
  ];
  for (let i = first; i < end; i += 1) lines.push(`host${i} 600 IN A 192.0.2.${(i % 250) + 2}`);
  return `${lines.join('\n')}\n`;
}

export const zoneName = (index: number): string => `zone${index}.example`;

export interface RepositoryShape {
  /**
   * Host records of zone 0, written by the seed commit only: the zone a bench writes to, at the
   * size it measures, however long the history (without it zone 0 is like the others).
   */
  readonly firstZoneRecords?: number;
  /**
   * The most host records a zone the history goes to holds: past it, each commit also drops the
   * oldest, so that a long history keeps its files (and the import's input) small. Default: none,
   * every commit adds one.
   */
  readonly maxRecords?: number;
}

/**
 * The `git fast-import` stream of a repository of `zones` zone files: a seed commit, then
 * `commits` one-record commits spread over the zones in turn (zone 0 left out when it is given
 * a size of its own). Yielded a commit at a time: a long history need not be held whole.
 */
export function* fastImportStream(
  zones: number,
  commits: number,
  shape: RepositoryShape = {},
): Generator<string> {
  const { firstZoneRecords, maxRecords = Number.POSITIVE_INFINITY } = shape;
  const first = Array.from({ length: zones }, () => 0);
  const end = Array.from({ length: zones }, (_, i) =>
    i === 0 && firstZoneRecords !== undefined ? firstZoneRecords : SEED_HOSTS,
  );
  const blob = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const commit = (mark: number, message: string, files: number[]) =>
    `commit refs/heads/main\nmark :${mark}\ncommitter bench <bench@example.invalid> ${1700000000 + mark} +0000\n${blob(message)}${mark > 1 ? `from :${mark - 1}\n` : ''}${files
      .map(
        (index) =>
          `M 100644 inline ${zoneName(index)}.domain\n${blob(zoneText(zoneName(index), first[index], end[index]))}`,
      )
      .join('')}`;
  yield commit(
    1,
    'Seed zones',
    end.map((_, i) => i),
  );
  const historyZones = firstZoneRecords === undefined ? zones : zones - 1;
  if (commits > 0 && historyZones < 1) throw new Error('no zone left for the history');
  for (let i = 0; i < commits; i += 1) {
    const index = zones - historyZones + (i % historyZones);
    end[index] += 1;
    if (end[index] - first[index] > maxRecords) first[index] += 1;
    yield commit(i + 2, `Add host${end[index] - 1}.${zoneName(index)}`, [index]);
  }
}

/** A `gc.auto` no run of the bench reaches. */
const LOOSE_OBJECTS_NEVER = 1_000_000_000;

/**
 * A bare repository shaped like a real DNS-records repository, written by `git fast-import`. No
 * push makes it pack its loose objects: once they pile up, the `git gc --auto` a push starts packs
 * the whole history in the background for seconds, on the cores the measurement shares (a
 * 64-client row fell from about 550 to 440 req/s). The benches pack it between measurements
 * ({@link packRepository}). Packs past `gc.autoPackLimit` still start it, as the service's kept
 * packs bring them: a join of the small ones, part of what keeping them costs.
 */
export async function buildRepository(
  path: string,
  zones: number,
  commits: number,
  shape: RepositoryShape = {},
): Promise<void> {
  await git(['init', '--quiet', '--bare', '--initial-branch=main', path]);
  await git(['config', 'gc.auto', String(LOOSE_OBJECTS_NEVER)], path);
  await gitWithInput(['fast-import', '--quiet'], path, fastImportStream(zones, commits, shape));
}

/** Packs what the pushes left loose, as a git server's upkeep does, outside any measurement. */
export async function packRepository(path: string): Promise<void> {
  await untilNoGc(path);
  await git(['gc', '--quiet'], path);
}

/** The longest a `git gc` a push started in the background may take before the bench gives up. */
const BACKGROUND_GC_MS = 10 * 60_000;

/**
 * Until no `git gc` runs in the repository: the `git gc --auto` a push starts goes on in the
 * background (its pid in `gc.pid`), where another gc refuses to start and a removal of the
 * repository fails as it writes its packs.
 */
export async function untilNoGc(path: string): Promise<void> {
  const deadline = performance.now() + BACKGROUND_GC_MS;
  for (;;) {
    const pid = await gcPid(path);
    if (pid === undefined) return;
    if (performance.now() > deadline)
      throw new Error(
        `git gc (pid ${pid}) still runs in ${path} after ${BACKGROUND_GC_MS / 60_000} min: end it and run the bench again`,
      );
    await sleep(100);
  }
}

/** The pid of the gc running in the repository, if one is. */
async function gcPid(path: string): Promise<number | undefined> {
  const text = await readFile(join(path, 'gc.pid'), 'utf8').catch(() => undefined);
  const pid = Number(text?.split(' ')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** An identical copy, so that one measurement never moves another's remote. */
export async function copyRepository(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
}
