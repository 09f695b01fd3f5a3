import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { build } from 'esbuild';

/**
 * Bundles a charm's entry point into one CommonJS file, as a charm's build would, in a new
 * temporary directory (delete `dirname(bundle)` afterwards).
 */
export async function bundleCharm(entry: string): Promise<string> {
  const outfile = join(await mkdtemp(join(tmpdir(), 'hlp-charm-bundle-')), 'charm.js');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}
