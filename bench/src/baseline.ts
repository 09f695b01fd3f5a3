import { randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './git';
import { zoneName } from './repository';
import { timed } from './stats';

/**
 * The floor of one request: a `git push` of a one-line commit to `zone`'s file in the bare
 * repository at `remote` (a path, or an ssh:// URL with `env` giving git the service's own ssh
 * command, whose shared connection the clone opens before the first push).
 */
export async function measurePushFloor(
  remote: string,
  samples: number,
  env: NodeJS.ProcessEnv = {},
  zone = zoneName(0),
): Promise<{ push: number[]; commit: number[] }> {
  const work = await mkdtemp(join(tmpdir(), 'hlp-bench-floor-'));
  try {
    await git(['clone', '--quiet', remote, work], undefined, env);
    const push: number[] = [];
    const commit: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      await appendFile(
        join(work, `${zone}.domain`),
        `floor${i} 600 IN TXT "${randomBytes(32).toString('base64url')}"\n`,
      );
      commit.push(
        (await timed(() => git(['commit', '--quiet', '-a', '-m', `floor ${i}`], work)))[1],
      );
      push.push(
        (
          await timed(() => git(['push', '--quiet', 'origin', 'HEAD:refs/heads/main'], work, env))
        )[1],
      );
    }
    return { push, commit };
  } finally {
    await rm(work, { recursive: true, force: true });
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
