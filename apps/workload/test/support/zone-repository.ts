import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from '../../src/records/git-process';
import type { WorkingClone } from '../../src/records/working-clone';
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

/** Commits a zone file with the given text to the remote's branch, as another writer would. */
export async function pushZone(
  repository: string,
  zone: string,
  text: string,
  branch = 'main',
): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'hlp-writer-'));
  try {
    await runGit(['clone', '--quiet', '--branch', branch, repository, work]);
    await writeFile(join(work, `${zone}.domain`), text);
    await runGit(['add', '--all'], { cwd: work });
    await runGit(
      ['-c', 'user.name=someone', '-c', 'user.email=someone@example.com', 'commit', '-qm', zone],
      { cwd: work },
    );
    await runGit(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`], { cwd: work });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
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

/** The id a ref of a repository points at (the branch `main` unless told). */
export async function refTip(repository: string, ref = 'main'): Promise<string> {
  return (await runGit(['rev-parse', ref], { cwd: repository })).stdout.trim();
}

/** Commits, in the clone, one more TXT record at `_acme-challenge` of example.com; its id. */
export async function commitTxtRecord(clone: WorkingClone, value: string): Promise<string> {
  const text = `${await clone.readZone('example.com')}_acme-challenge 60 IN TXT "${value}"\n`;
  return clone.commit(new Map([['example.com', text]]), `Add ${value}\n`, {
    name: 'alice',
    email: 'alice@example.invalid',
  });
}

/** The loose objects and packs a repository holds, as `git count-objects -v` counts them. */
export async function storedObjects(repository: string): Promise<{ loose: number; packs: number }> {
  const counted = (await runGit(['count-objects', '-v'], { cwd: repository })).stdout;
  const field = (name: string) => {
    const value = new RegExp(`^${name}: (\\d+)$`, 'm').exec(counted)?.[1];
    if (value === undefined) throw new Error(`no ${name} in git count-objects -v: ${counted}`);
    return Number(value);
  };
  return { loose: field('count'), packs: field('packs') };
}
