import { join } from 'node:path';

import { OPTIONS, type Option, type WorkloadFile } from '@hlp/config';
import { type Pebble, PebblePathError } from '@hlp/juju';

import { SERVICE_USER } from '../names';

/** Every file the charm may write, named by the shared schema. */
const FILE_NAMES: readonly string[] = Object.values(OPTIONS as Record<string, Option<unknown>>)
  .map((option) => option.file?.name)
  .filter((name): name is string => name !== undefined);

const OWNER = { user: SERVICE_USER, group: SERVICE_USER } as const;

/**
 * Writes the workload's files (the SSH key 0600, known_hosts) owned by the service user, in a
 * directory only that user can read, and removes those no longer configured: an SSH key taken
 * out of the config does not stay behind in the container.
 */
export async function syncWorkloadFiles(
  pebble: Pebble,
  filesDir: string,
  files: readonly WorkloadFile[],
): Promise<void> {
  await pebble.makeDir(filesDir, { makeParents: true, permissions: 0o700, ...OWNER });
  for (const file of files) {
    await pebble.push(file.path, file.content, { permissions: file.mode, ...OWNER });
  }
  const wanted = new Set(files.map((file) => file.path));
  for (const name of FILE_NAMES) {
    const path = join(filesDir, name);
    if (wanted.has(path)) continue;
    try {
      await pebble.removePath(path);
    } catch (error) {
      if (!(error instanceof PebblePathError && error.kind === 'not-found')) throw error;
    }
  }
}
