import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from './git-process';

/** A zone BIND loads as it is: one record per line, the SOA on one line. */
export function exampleZone(zone: string): string {
  return [
    `$ORIGIN ${zone}.`,
    '$TTL 600',
    `@ 600 IN SOA ns1.${zone}. hostmaster.${zone}. 1 3600 600 86400 60`,
    `@ 600 IN NS ns1.${zone}.`,
    'ns1 600 IN A 127.0.0.1',
    '@ 600 IN A 127.0.0.1',
    '',
  ].join('\n');
}

/**
 * Creates a bare repository at `path` holding one `<zone>.domain` per zone, on `branch`.
 * Returns false, touching nothing, when something already exists there.
 */
export async function seedRepository(
  path: string,
  zones: readonly string[],
  branch = 'main',
): Promise<boolean> {
  if (existsSync(path)) return false;
  await runGit(['init', '--quiet', '--bare', `--initial-branch=${branch}`, path]);
  const work = await mkdtemp(join(tmpdir(), 'hlp-seed-'));
  try {
    await runGit(['init', '--quiet', `--initial-branch=${branch}`, work]);
    for (const zone of zones) await writeFile(join(work, `${zone}.domain`), exampleZone(zone));
    await runGit(['add', '--all'], { cwd: work });
    await runGit(
      [
        '-c',
        'user.name=httprequest-lego-provider',
        '-c',
        'user.email=seed@httprequest-lego-provider.invalid',
        'commit',
        '--quiet',
        '-m',
        `Seed zones: ${zones.join(', ')}`,
      ],
      { cwd: work },
    );
    await runGit(['push', '--quiet', path, `HEAD:refs/heads/${branch}`], { cwd: work });
    return true;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
