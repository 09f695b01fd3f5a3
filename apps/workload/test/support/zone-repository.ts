import { join } from 'node:path';
import { runGit } from '../../src/records/git-process';
import { seedRepository } from '../../src/records/seed-repository';

/** A bare repository seeded with one `<zone>.domain` per zone, like a real DNS-records repository. */
export async function createZoneRepository(dir: string, zones: readonly string[]): Promise<string> {
  const path = join(dir, 'remote.git');
  await seedRepository(path, zones);
  return path;
}

/** A zone file as the remote's branch has it now. */
export async function remoteZone(
  repository: string,
  zone: string,
  branch = 'main',
): Promise<string> {
  return (await runGit(['show', `${branch}:${zone}.domain`], { cwd: repository })).stdout;
}

export async function commitCount(repository: string, branch = 'main'): Promise<number> {
  return Number((await runGit(['rev-list', '--count', branch], { cwd: repository })).stdout.trim());
}

/** TXT values at `owner` (as written, relative to the zone) in a zone file's text. */
export function txtLines(zoneText: string, owner: string): string[] {
  return zoneText
    .split('\n')
    .filter((line) => line.split(/\s+/)[0] === owner && /\sTXT\s/.test(line))
    .map((line) => /"([^"]*)"/.exec(line)?.[1] ?? '');
}
