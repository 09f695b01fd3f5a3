import { randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './git';
import { zoneName } from './repository';
import { timed } from './stats';

export interface PushFloor {
  /** Appends a line to the zone file, commits it and pushes; the two durations in milliseconds. */
  sample(): Promise<{ push: number; commit: number }>;
  close(): Promise<void>;
}

/**
 * The floor of one request: a `git push` of a one-line commit to `zone`'s file in the bare
 * repository at `remote` (a path, or an ssh:// URL with `env` giving git the service's own ssh
 * command, whose shared connection the clone opens before the first push), from a clone of it.
 */
export async function openPushFloor(
  remote: string,
  env: NodeJS.ProcessEnv = {},
  zone = zoneName(0),
): Promise<PushFloor> {
  const work = await mkdtemp(join(tmpdir(), 'hlp-bench-floor-'));
  const close = () => rm(work, { recursive: true, force: true });
  await git(['clone', '--quiet', remote, work], undefined, env).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  let count = 0;
  return {
    sample: async () => {
      count += 1;
      await appendFile(
        join(work, `${zone}.domain`),
        `floor${count} 600 IN TXT "${randomBytes(32).toString('base64url')}"\n`,
      );
      const [, commit] = await timed(() =>
        git(['commit', '--quiet', '-a', '-m', `floor ${count}`], work),
      );
      const [, push] = await timed(() =>
        git(['push', '--quiet', 'origin', 'HEAD:refs/heads/main'], work, env),
      );
      return { push, commit };
    },
    close,
  };
}

/** `samples` pushes of {@link openPushFloor}'s, one after the other. */
export async function measurePushFloor(
  remote: string,
  samples: number,
  env: NodeJS.ProcessEnv = {},
): Promise<{ push: number[]; commit: number[] }> {
  const floor = await openPushFloor(remote, env);
  try {
    const push: number[] = [];
    const commit: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      const sample = await floor.sample();
      push.push(sample.push);
      commit.push(sample.commit);
    }
    return { push, commit };
  } finally {
    await floor.close();
  }
}

/**
 * One request the way the Python service serves it: a fresh shallow clone, the edit, a commit
 * and a push, without a lock or a retry (the password hash it also pays is left out).
 */
export async function cloneEditPush(
  remote: string,
  name: string,
  value: string,
): Promise<'pushed' | 'rejected'> {
  const work = await mkdtemp(join(tmpdir(), 'hlp-bench-clone-'));
  try {
    await git(['clone', '--quiet', '--depth', '1', `file://${remote}`, work]);
    await appendFile(join(work, `${zoneName(0)}.domain`), `${name} 600 IN TXT "${value}"\n`);
    await git(['commit', '--quiet', '-a', '-m', `Add ${name} record`], work);
    try {
      await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/main'], work);
      return 'pushed';
    } catch {
      return 'rejected';
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
