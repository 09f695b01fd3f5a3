import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Packs a repository on this machine may hold for a push to keep its pack whole
 * (receive-pack-command.ts). Its `gc --auto` joins them past 50 (git's `gc.autoPackLimit`); a
 * remote that does not (its automatic gc off, its upkeep on a schedule) would gather a pack a
 * push, each one more for every push to look through. Past this, a push's objects go loose, as
 * git itself would store them.
 */
export const KEPT_PACKS_AT_MOST = 60;

/**
 * How many packs the repository at `path` holds (non-bare, then bare); undefined when its pack
 * folder cannot be read, as where its objects are kept elsewhere.
 */
export async function countPacks(path: string): Promise<number | undefined> {
  for (const packs of [join(path, '.git', 'objects', 'pack'), join(path, 'objects', 'pack')]) {
    const names = await readdir(packs).catch(() => undefined);
    if (names) return names.filter((name) => name.endsWith('.pack')).length;
  }
  return undefined;
}
