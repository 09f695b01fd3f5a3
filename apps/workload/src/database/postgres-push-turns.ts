import type { Client } from 'pg';
import { type HandedOverPush, LONE_TURN, type PushTurns, type Turn } from '../records/push-turns';
import { AdvisoryTurns } from './advisory-turns';

/**
 * Pushes kept per remote and branch: enough for an instance that sat out a run of turns (one
 * further behind fetches); few, as a push of a large zone file carries all of it.
 */
const PUSHES_KEPT = 50;

/**
 * Turns at pushing for instances that share one PostgreSQL database: an advisory lock
 * ({@link AdvisoryTurns}), and a record of each push made in a turn, with its objects, in
 * `record_pushes`. The next instance in line builds on those commits without fetching them:
 * a fetch is two git processes here and three on the remote, where the record is one query.
 */
export class PostgresPushTurns implements PushTurns {
  private readonly lock: AdvisoryTurns;

  constructor(
    private readonly options: ConstructorParameters<typeof AdvisoryTurns>[0] & {
      /** What the record is kept under: the remote and branch (the lock's name will do). */
      readonly name: string;
    },
  ) {
    this.lock = new AdvisoryTurns(options);
  }

  take<T>(work: (turn: Turn) => Promise<T>): Promise<T> {
    return this.lock.take((held) =>
      work(
        held
          ? {
              afterAnother: held.afterAnother,
              pushesSince: (commit) => this.pushesSince(held.connection, commit),
              recordPush: (push) => this.recordPush(held.connection, push),
            }
          : LONE_TURN,
      ),
    );
  }

  private async pushesSince(
    connection: Client,
    commit: string,
  ): Promise<readonly HandedOverPush[] | undefined> {
    const { rows } = await connection.query<{
      since: string | null;
      push: string | null;
      commit: string | null;
      parent: string | null;
      object: Buffer | null;
    }>(
      // After `commit`'s own record or, when it was not pushed in a turn (the tip an instance
      // fetched), from the push built on it. One row per object: a bytea column is decoded
      // natively, where a bytea[] is parsed character by character.
      `WITH since AS (
         SELECT coalesce(
           (SELECT max(id) FROM record_pushes WHERE remote = $1 AND "commit" = $2),
           (SELECT max(id) - 1 FROM record_pushes WHERE remote = $1 AND parent = $2)
         ) AS id
       )
       SELECT since.id AS since, pushes.id AS push, pushes."commit", pushes.parent, objects.object
         FROM since
         LEFT JOIN record_pushes pushes ON pushes.remote = $1 AND pushes.id > since.id
         LEFT JOIN LATERAL unnest(pushes.objects) WITH ORDINALITY AS objects(object, n) ON true
        ORDER BY pushes.id, objects.n`,
      [this.options.name, commit],
    );
    if (rows.length === 0 || rows[0].since === null) return undefined;
    const pushes = new Map<string, { commit: string; parent: string; objects: Buffer[] }>();
    for (const row of rows) {
      if (row.push === null || row.commit === null || row.parent === null) continue;
      let push = pushes.get(row.push);
      if (!push) {
        push = { commit: row.commit, parent: row.parent, objects: [] };
        pushes.set(row.push, push);
      }
      if (row.object !== null) push.objects.push(row.object);
    }
    return [...pushes.values()];
  }

  private async recordPush(connection: Client, push: HandedOverPush): Promise<void> {
    // Each object a parameter of its own: buffers go as binary, where a bytea[] goes as hex text.
    const objects = push.objects.map((_, i) => `$${i + 4}`).join(', ');
    await connection.query(
      `WITH recorded AS (
         INSERT INTO record_pushes (remote, "commit", parent, objects)
         VALUES ($1, $2, $3, ARRAY[${objects}]::bytea[]) RETURNING id
       )
       DELETE FROM record_pushes
        WHERE remote = $1 AND id <= (SELECT id FROM recorded) - ${PUSHES_KEPT}`,
      [this.options.name, push.commit, push.parent, ...push.objects],
    );
  }

  close(): Promise<void> {
    return this.lock.close();
  }
}
