import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { build } from 'esbuild';

/** The `dispatch` a charm in TypeScript ships: the bundle, run by the `node` on PATH. */
const DISPATCH = '#!/bin/sh\nexec node "$(dirname "$0")/dist/charm.js"\n';

/**
 * Lays out a charm as a charm's build would, in a new temporary directory (delete it
 * afterwards): its entry point bundled into `dist/charm.js`, and `dispatch`.
 */
export async function buildCharmDir(entry: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hlp-charm-dir-'));
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node26',
    outfile: join(dir, 'dist', 'charm.js'),
    logLevel: 'error',
  });
  await writeFile(join(dir, 'dispatch'), DISPATCH);
  await chmod(join(dir, 'dispatch'), 0o755);
  return dir;
}
