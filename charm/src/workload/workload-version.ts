import { dirname, join } from 'node:path';

import { type Pebble, PebbleError } from '@hlp/juju';

import { type WorkloadImage } from './workload-image';

/** The workload's version, from the package.json beside its `dist/` in the image. */
export async function workloadVersion(
  pebble: Pebble,
  image: WorkloadImage,
): Promise<string | undefined> {
  const script = image.cli.at(-1) ?? '';
  try {
    const manifest = JSON.parse(
      (await pebble.pull(join(dirname(dirname(script)), 'package.json'))).toString('utf8'),
    ) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch (error) {
    // A missing or unreadable manifest only costs the version shown by `juju status`.
    if (error instanceof PebbleError || error instanceof SyntaxError) return undefined;
    throw error;
  }
}
