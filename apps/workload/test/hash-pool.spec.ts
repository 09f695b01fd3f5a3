import { pbkdf2Sync, scryptSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { HashPool } from '../src/passwords/hash-pool';
import { waitFor } from './support/ports';

/** This process's threads (their ids) with the nice value given (Linux keeps one per thread). */
function threadIdsAt(nice: number): string[] {
  return readdirSync('/proc/self/task').filter((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[16]) === nice;
  });
}

describe('HashPool', () => {
  const salt = Buffer.from('0123456789abcdef');
  /** A derivation that takes no time, for the tests about threads rather than keys. */
  const quickTask = {
    kind: 'pbkdf2',
    password: 'pw',
    salt: 's',
    iterations: 10,
    keyLength: 8,
  } as const;

  it('derives the same keys as node:crypto, on threads of its own at a lower priority', async () => {
    // Threads kept while idle, so that both are there to count once both jobs are done.
    const pool = new HashPool(2, 7, 60_000);
    try {
      const before = threadIdsAt(7).length;
      const [scrypt, pbkdf2] = await Promise.all([
        pool.derive({
          kind: 'scrypt',
          password: 'pw',
          salt,
          keyLength: 32,
          cost: { N: 1024, r: 8, p: 1 },
        }),
        pool.derive({
          kind: 'pbkdf2',
          password: 'pw',
          salt: 'salt',
          iterations: 1000,
          keyLength: 32,
        }),
      ]);
      expect(scrypt.equals(scryptSync('pw', salt, 32, { N: 1024, r: 8, p: 1 }))).toBe(true);
      expect(pbkdf2.equals(pbkdf2Sync('pw', 'salt', 1000, 32, 'sha256'))).toBe(true);
      expect(threadIdsAt(7).length - before).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('never starts more threads than its size, whatever the backlog', async () => {
    const pool = new HashPool(1, 9);
    try {
      const keys = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          pool.derive({
            kind: 'pbkdf2',
            password: `pw${i}`,
            salt: 'salt',
            iterations: 100,
            keyLength: 16,
          }),
        ),
      );
      expect(keys.map((key) => key.toString('hex'))).toEqual(
        [0, 1, 2, 3, 4].map((i) => pbkdf2Sync(`pw${i}`, 'salt', 100, 16, 'sha256').toString('hex')),
      );
      expect(threadIdsAt(9)).toHaveLength(1);
    } finally {
      await pool.close();
    }
  });

  it('stops a thread left with nothing to hash, and starts one again for the next job', async () => {
    const pool = new HashPool(1, 5);
    const expected = pbkdf2Sync('pw', 's', 10, 8, 'sha256');
    const threadsAtFive = () => threadIdsAt(5).length;
    try {
      expect((await pool.derive(quickTask)).equals(expected)).toBe(true);
      // The thread stops at the first timer after its answer: this one, set later, comes after.
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(pool.running).toBe(0);
      await waitFor('the idle thread to stop', async () => threadsAtFive() === 0);
      expect((await pool.derive(quickTask)).equals(expected)).toBe(true);
      expect(pool.running).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('keeps the thread for a job that comes in the same turn as the last answer', async () => {
    const pool = new HashPool(1, 6);
    try {
      await pool.derive(quickTask);
      const thread = threadIdsAt(6);
      // Queued straight from the answer's continuation, as the verification queue does.
      await pool.derive(quickTask);
      expect(threadIdsAt(6)).toEqual(thread);
      expect(thread).toHaveLength(1);
    } finally {
      await pool.close();
    }
  });

  it('refuses work once closed, and says why a derivation failed', async () => {
    const pool = new HashPool(1);
    await expect(
      pool.derive({
        kind: 'scrypt',
        password: 'pw',
        salt,
        keyLength: 32,
        cost: { N: 3, r: 8, p: 1 },
      }),
    ).rejects.toThrow(/^cannot hash: /);
    await pool.close();
    await expect(
      pool.derive({ kind: 'pbkdf2', password: 'pw', salt: 's', iterations: 1, keyLength: 8 }),
    ).rejects.toThrow('cannot hash: the hashing threads are stopped');
  });
});
