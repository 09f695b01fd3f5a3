import { performance } from 'node:perf_hooks';
import type { Notification } from 'pg';
import type { RecordChange } from '../records/record-change';
import {
  type BatchResult,
  type HandedOffBatch,
  type HandedOverPush,
  type HandOff,
  LONE_TURN,
  type PushTurns,
  type Turn,
} from '../records/push-turns';
import { AdvisoryTurns, type HeldTurn } from './advisory-turns';
import { resultFromStore, type StoredResult, storedResult } from './handed-off-results';
import { PeerHandOffs } from './peer-hand-offs';
import { preparedStatement } from './prepared-statement';
import type { Statements } from './serial-statements';

/**
 * Pushes kept per remote and branch: enough for an instance that sat out a run of turns (one
 * further behind fetches); few, as a push of a large zone file carries all of it.
 */
const PUSHES_KEPT = 50;

/** A push's objects past which its record is not a prepared statement (one is kept per count). */
const PREPARED_RECORD_OBJECTS = 16;

/**
 * What the instances tell each other: a batch handed off (`h`), batches answered with their
 * results (`r`), or only named (`a`) when the results are too long for a notice, and a push
 * recorded (`p`).
 */
const CHANNEL = 'hlp_record_handoffs';

/** The longest results a notice carries: PostgreSQL takes payloads under 8,000 bytes. */
const RESULTS_IN_NOTICE_BYTES = 7_800;

/** A hand-off nobody ever read the answer of (its instance died): dropped after this long. */
const ANSWERS_KEPT = '1 hour';

/**
 * How often the answers nobody came for are looked for. That look scans the table (its dead rows
 * too, until vacuumed): in the statement that answers, it held every answer about 1 ms longer.
 */
const FORGOTTEN_ANSWERS_SWEEP_MS = 60_000;

/** The instance in turn neither took nor answered a batch handed to it within the wait allowed. */
export class HandOffNotTakenError extends Error {
  override readonly name = 'HandOffNotTakenError';
}

/**
 * Turns at pushing for instances that share one PostgreSQL database: an advisory lock
 * ({@link AdvisoryTurns}), and a record of each push made in a turn, with its objects, in
 * `record_pushes`. The next instance in line builds on those commits without fetching them:
 * a fetch is two git processes here and three on the remote, where the record is one query. Each
 * record is announced, so that an instance out of turn can follow them before they are pruned.
 *
 * An instance that finds the turn held does not wait in line: it hands its batch to the holder
 * (a row in `record_handoffs`, and a notice), which writes it with its own next batch, answers it
 * in the same turn and keeps the turn while there is work; so one push carries every instance's
 * changes, as with one instance. A batch is always seen by an instance that then tries the turn:
 * the one handing it off tries again once the row is in, and an instance ending its turn looks for
 * rows after letting go. Should the holder die, the batch's own instance gets the turn (its
 * connection died with it) and writes the batch itself; present and cleanup are idempotent, so a
 * batch written twice changes nothing the second time.
 */
export class PostgresPushTurns implements PushTurns {
  private readonly lock: AdvisoryTurns;
  /** Hand-offs of this instance's waiting for their answer, by row id. */
  private readonly answered = new Map<string, (result?: StoredResult) => void>();
  /** Answers that came before their hand-off's wait began, with their results when told. */
  private readonly early = new Map<string, StoredResult | undefined>();
  /** Hand-offs other instances announced since this instance last took some, by row id. */
  private readonly announced = new Set<string>();
  /** The newest row the last take returned: a notice of it that comes after is no news. */
  private takenUpTo = 0;
  /** Notices of older versions name no row. */
  private unnamedNotices = 0;
  private readonly listeners: (() => void)[] = [];
  private readonly pushListeners: (() => void)[] = [];
  private closed = false;
  /** The last batch was handed off: the next one likely will be too. */
  private handingOff = false;
  /** The instance (its connection's pid) that handed off each batch taken. */
  private readonly owners = new WeakMap<HandedOffBatch, number>();
  /** When the answers nobody came for were last looked for (performance.now()). */
  private sweptAt = -Infinity;
  /** Hand-offs over the peer channel, when it is on. */
  private readonly peers?: PeerHandOffs;

  constructor(
    private readonly options: Omit<ConstructorParameters<typeof AdvisoryTurns>[0], 'listen'> & {
      /** What the record is kept under: the remote and branch (the lock's name will do). */
      readonly name: string;
      /** How often a hand-off waiting for its answer looks at its row and tries the turn. */
      readonly recheckMs?: number;
      /**
       * Where this instance takes batches straight from the others while it has the turn, and
       * answers them, instead of through the database (ADR 0007): off when undefined.
       */
      readonly peers?: {
        readonly address: string;
        readonly port: number;
        /** It could not listen there, or not say where: batches go through the database. */
        readonly onUnavailable: (error: unknown) => void;
      };
    },
  ) {
    const { peers } = options;
    const peerHandOffs =
      peers &&
      new PeerHandOffs({
        name: options.name,
        lockKey: () => this.lock.key,
        address: peers.address,
        port: peers.port,
        waitMs: options.waitMs,
        connection: () => this.lock.connection(),
        onBatch: () => {
          for (const listener of this.listeners) listener();
        },
      });
    this.peers = peerHandOffs;
    this.lock = new AdvisoryTurns({
      ...options,
      listen: { channel: CHANNEL, onNotice: (notice, ownPid) => this.heard(notice, ownPid) },
      onConnected:
        peers && peerHandOffs
          ? (connection) => peerHandOffs.register(connection).catch(peers.onUnavailable)
          : undefined,
    });
  }

  async take(
    work: (turn: Turn) => Promise<void>,
    handOff: () => HandOff | undefined,
  ): Promise<void> {
    let held: HeldTurn | undefined;
    try {
      // After a hand-off, the holder most likely still has the turn: straight to the next one.
      const batch = this.handingOff ? handOff() : undefined;
      held = batch ? undefined : await this.lock.tryTake(false);
      if (!held) {
        const next = batch ?? handOff();
        if (next && (await this.peers?.handOff(next))) {
          this.handingOff = true;
          return;
        }
        held = next ? await this.handOff(next) : await this.lock.waitTake();
        this.handingOff = held === undefined;
        if (!held) return;
      }
    } catch (error) {
      this.handingOff = false;
      this.options.onNoTurn(error);
      return work(LONE_TURN);
    }
    // Whoever ends a turn looks for batches handed off meanwhile, and takes the turn again for them.
    while (held) {
      const turn = this.turn(held);
      this.peers?.inTurn(true);
      try {
        await work(turn);
      } finally {
        this.peers?.inTurn(false);
        // The turn's records go in first: the next instance in turn builds on them.
        await turn.recorded();
        await this.lock.release(held);
      }
      held = (await this.handOffsWaiting(held.connection).catch(() => false))
        ? await this.lock.tryTake(true).catch(() => undefined)
        : undefined;
    }
  }

  /**
   * Hands `batch` to the instance in turn and waits for its answer. Resolves with the turn when it
   * came to this instance meanwhile (the batch answered, or back in the queue), undefined once the
   * batch is settled; throws {@link HandOffNotTakenError} when nobody took it in time (it is back
   * in the queue).
   */
  private async handOff(batch: HandOff): Promise<HeldTurn | undefined> {
    // What other instances announced is the holder's to take now, not this instance's to wait for.
    this.announced.clear();
    // Whatever goes wrong before an answer, the batch goes back to the queue: written twice at
    // worst, should the holder write it too, which is harmless.
    let settled = false;
    const settle = (stored: StoredResult) => {
      settled = true;
      batch.settle(resultFromStore(stored));
    };
    let id: string | undefined;
    try {
      const client = await this.lock.connection();
      const row = await this.handIn(client, batch.changes);
      id = row;
      const started = performance.now();
      // Until the instance in turn takes the row, changes queued meanwhile join it.
      let joining = true;
      for (;;) {
        const held = await this.lock.tryTake(true);
        if (held) {
          const stored = await this.withdraw(held.connection, id, false).catch(async (error) => {
            await this.lock.release(held);
            throw error;
          });
          if (stored) settle(stored);
          return held;
        }
        const recheckAt = performance.now() + (this.options.recheckMs ?? 1000);
        const answer = () =>
          this.answerOf(row, recheckAt - performance.now(), joining ? batch.queued() : undefined);
        let told = await answer();
        while (told === 'more') {
          joining = await this.join(client, row, batch);
          told = await answer();
        }
        if (told) {
          settle(told);
          // Only the row is left to remove; should that fail, it goes with the forgotten answers.
          await this.withdraw(client, id, false).catch(() => undefined);
          return undefined;
        }
        const stored = await this.withdraw(client, id, true);
        if (stored) {
          settle(stored);
          return undefined;
        }
        if (this.closed || performance.now() - started >= this.options.waitMs) {
          const untaken = await client.query({
            text: 'DELETE FROM record_handoffs WHERE id = $1 AND NOT taken RETURNING id',
            values: [id],
          });
          if (untaken.rowCount)
            throw new HandOffNotTakenError(
              `the instance in turn did not take the batch handed to it within ${this.options.waitMs} ms`,
            );
        }
      }
    } finally {
      if (!settled) batch.takeBack();
      if (id !== undefined) this.early.delete(id);
    }
  }

  /** The batch's row, announced to the instance in turn; its id. */
  private async handIn(client: Statements, changes: readonly RecordChange[]): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      preparedStatement(
        'hand-in',
        `WITH handed AS (
         INSERT INTO record_handoffs (remote, owner, changes) VALUES ($1, pg_backend_pid(), $2)
         RETURNING id
       )
       SELECT id, pg_notify($3, 'h:' || $4 || ':' || $5 || ':' || id) FROM handed`,
        [this.options.name, JSON.stringify(changes), CHANNEL, this.lock.key, changes.length],
      ),
    );
    return rows[0].id;
  }

  /**
   * Until the batch is answered (with its result, when the notice carried it), `waitMs` pass and
   * the time comes to look at its row and try the turn again, or `more` settles ('more').
   */
  private answerOf(
    id: string,
    waitMs: number,
    more?: Promise<void>,
  ): Promise<StoredResult | undefined | 'more'> {
    if (this.early.has(id)) {
      const result = this.early.get(id);
      this.early.delete(id);
      return Promise.resolve(result);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(wake, Math.max(0, waitMs));
      const answered = this.answered;
      let woken = false;
      function wake(result?: StoredResult | 'more'): void {
        if (woken) return;
        woken = true;
        clearTimeout(timer);
        answered.delete(id);
        resolve(result);
      }
      answered.set(id, wake);
      void more?.then(() => wake('more'));
    });
  }

  /**
   * The changes queued behind the batch, added to its row while the instance in turn has not taken
   * it, so that they go with it: at the start of a burst the batch handed off holds its first
   * change alone, and the rest would otherwise wait a whole push for it to be answered. False once
   * the row is taken: they go back to the queue, and nothing more joins.
   */
  private async join(client: Statements, id: string, batch: HandOff): Promise<boolean> {
    const more = batch.join();
    if (more.length === 0) return true;
    const joined = await client
      .query(
        preparedStatement(
          'join-hand-off',
          'UPDATE record_handoffs SET changes = changes || $2::jsonb WHERE id = $1 AND NOT taken',
          [id, JSON.stringify(more)],
        ),
      )
      .then(
        (result) => (result.rowCount ?? 0) > 0,
        () => false,
      );
    if (!joined) batch.leave(more.length);
    return joined;
  }

  /** The batch's row, gone: with its result; none when it is not answered (and `onlyAnswered`). */
  private async withdraw(
    client: Statements,
    id: string,
    onlyAnswered: boolean,
  ): Promise<StoredResult | undefined> {
    const { rows } = await client.query<{ result: StoredResult | null }>(
      preparedStatement(
        onlyAnswered ? 'withdraw-answered' : 'withdraw',
        `DELETE FROM record_handoffs WHERE id = $1${onlyAnswered ? ' AND result IS NOT NULL' : ''}
         RETURNING result`,
        [id],
      ),
    );
    return rows[0]?.result ?? undefined;
  }

  private async handOffsWaiting(client: Statements): Promise<boolean> {
    const { rows } = await client.query<{ waiting: boolean }>(
      preparedStatement(
        'hand-offs-waiting',
        'SELECT EXISTS (SELECT 1 FROM record_handoffs WHERE remote = $1 AND NOT taken) AS waiting',
        [this.options.name],
      ),
    );
    return rows[0].waiting;
  }

  private heard(notice: Notification, ownPid: number): void {
    if (notice.channel !== CHANNEL || !notice.payload) return;
    const [kind, key, third, row] = notice.payload.split(':', 4);
    if (key !== this.lock.key) return;
    if (kind === 'h' && notice.processId !== ownPid) {
      if (row === undefined) this.announced.add(`unnamed ${(this.unnamedNotices += 1)}`);
      else if (Number(row) > this.takenUpTo) this.announced.add(row);
      for (const listener of this.listeners) listener();
    } else if (kind === 'p' && notice.processId !== ownPid) {
      for (const listener of this.pushListeners) listener();
    } else if ((kind === 'a' || kind === 'r') && Number(third) === ownPid) {
      const rest = notice.payload.slice(kind.length + key.length + third.length + 3);
      const answers: { id: string; result?: StoredResult }[] =
        kind === 'r' ? JSON.parse(rest) : rest.split(',').map((id) => ({ id }));
      for (const { id, result } of answers) {
        const wake = this.answered.get(id);
        if (wake) wake(result);
        else this.early.set(id, result);
      }
    }
  }

  async connect(): Promise<void> {
    await this.lock.connection();
  }

  handOffsAnnounced(): number {
    return this.announced.size + (this.peers?.waitingBatches ?? 0);
  }

  onHandOff(listener: () => void): void {
    this.listeners.push(listener);
  }

  async recordedSince(commit: string): Promise<readonly HandedOverPush[] | undefined> {
    return this.pushesSince(await this.lock.connection(), commit);
  }

  onPushRecorded(listener: () => void): void {
    this.pushListeners.push(listener);
  }

  /**
   * While the turn is held nobody else pushes in a turn, so two queries are left out after its
   * first batch: the record since this instance's own push (nothing), and the hand-offs when none
   * was announced (one announced late is taken with the next batch, or once the turn ends). Who
   * else is there is looked at once a turn, with its first push: one that joins later in a long
   * turn finds no record at its own first turn, as after a writer outside the turns.
   */
  private turn(held: HeldTurn): Turn & { recorded(): Promise<void> } {
    let pushedInTurn: string | undefined;
    let lookedForHandOffs = false;
    let othersThere: boolean | undefined;
    /** Settles once every record asked for in this turn is in, or failed. */
    let allRecorded = Promise.resolve();
    const record = async (push: HandedOverPush) => {
      othersThere ??= await this.othersConnected(held.connection);
      if (othersThere) await this.recordPush(held.connection, push);
    };
    return {
      afterAnother: held.afterAnother,
      pushesSince: async (commit) =>
        commit === pushedInTurn ? [] : this.pushesSince(held.connection, commit),
      recordPush: (push) => {
        pushedInTurn = push.commit;
        const inserting = record(push);
        allRecorded = Promise.all([allRecorded, inserting.catch(() => undefined)]).then(
          () => undefined,
        );
        return inserting;
      },
      recorded: () => allRecorded,
      takeHandedOff: async (room) => {
        // Those handed over the peer channel first: they cost no query.
        const direct = this.peers?.take(room) ?? [];
        if (lookedForHandOffs && this.announced.size === 0) return direct;
        lookedForHandOffs = true;
        const left = room - direct.reduce((sum, batch) => sum + batch.changes.length, 0);
        if (direct.length > 0 && left <= 0) return direct;
        return [...direct, ...(await this.takeHandedOff(held.connection, left))];
      },
      answer: (batches, results) => this.answer(held.connection, batches, results),
    };
  }

  private async takeHandedOff(
    client: Statements,
    room: number,
  ): Promise<readonly HandedOffBatch[]> {
    // Whatever was announced is taken now, or left for the turn's end when there is no room for it.
    this.announced.clear();
    const { rows } = await client.query<{ id: string; owner: number; changes: RecordChange[] }>(
      // Oldest first, whole batches while they fit, and the oldest even when it alone does not.
      preparedStatement(
        'take-hand-offs',
        `WITH waiting AS (
           SELECT id, sum(jsonb_array_length(changes)) OVER (ORDER BY id) AS upto
             FROM record_handoffs WHERE remote = $1 AND NOT taken
         )
         UPDATE record_handoffs SET taken = true
          WHERE id IN (SELECT id FROM waiting
                        WHERE upto <= $2 OR id = (SELECT min(id) FROM waiting))
         RETURNING id, owner, changes`,
        [this.options.name, room],
      ),
    );
    return rows
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map(({ id, owner, changes }) => {
        this.takenUpTo = Math.max(this.takenUpTo, Number(id));
        const batch = { id, changes };
        this.owners.set(batch, owner);
        return batch;
      });
  }

  private async answer(
    client: Statements,
    batches: readonly HandedOffBatch[],
    results: readonly BatchResult[],
  ): Promise<void> {
    // Those handed over the peer channel are answered on it; the rest through the database.
    const rest = batches.flatMap((batch, i) =>
      this.peers?.answer(batch, results[i]) ? [] : [{ batch, result: results[i] }],
    );
    if (rest.length === 0) return;
    const answers = rest.map(({ batch, result }) => ({
      id: batch.id,
      result: storedResult(result),
    }));
    const byOwner = new Map<number, typeof answers>();
    rest.forEach(({ batch }, i) => {
      // Every batch answered was taken here; were one not, pid 0 is nobody's: its instance reads
      // the stored result when it next looks at its row.
      const owner = this.owners.get(batch) ?? 0;
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), answers[i]]);
    });
    // One notice per instance that handed batches off: with their results when they fit, sent
    // before the results are stored, as every client of these batches (this instance's too) waits
    // for it, and a bare notice is out sooner than one sent from the statement that stores them
    // (0.4 to 0.5 ms on a busy machine); otherwise naming them once stored, for that instance to
    // read them.
    const told: string[] = [];
    const named: string[] = [];
    for (const [owner, ownAnswers] of byOwner) {
      const results = JSON.stringify(ownAnswers);
      if (Buffer.byteLength(results) <= RESULTS_IN_NOTICE_BYTES)
        told.push(`r:${this.lock.key}:${owner}:${results}`);
      else named.push(`a:${this.lock.key}:${owner}:${ownAnswers.map(({ id }) => id).join(',')}`);
    }
    // One after the other on the turn's connection: the answer is out once the first is back.
    const telling = told.length > 0 ? this.notify(client, told) : Promise.resolve();
    const storing = telling
      .catch(() => undefined)
      .then(() =>
        client.query(
          preparedStatement(
            'store-answers',
            `UPDATE record_handoffs h SET result = a.result
               FROM jsonb_to_recordset($1::jsonb) AS a(id bigint, result jsonb)
              WHERE h.id = a.id`,
            [JSON.stringify(answers)],
          ),
        ),
      );
    const naming = named.length > 0 ? storing.then(() => this.notify(client, named)) : undefined;
    // A result told in a notice is its instance's already; one not stored is only read again by
    // an instance that missed the notice, which then writes its batch once more (harmless).
    void storing.catch(() => undefined).then(() => this.sweepForgottenAnswers(client));
    await Promise.all([telling, naming]);
  }

  private async notify(client: Statements, notices: readonly string[]): Promise<void> {
    await client.query(
      preparedStatement(
        'notify',
        'SELECT pg_notify($1, notice) FROM unnest($2::text[]) AS notice',
        [CHANNEL, notices],
      ),
    );
  }

  /** After an answer's results are stored on the turn's connection: no notice waits for it. */
  private sweepForgottenAnswers(client: Statements): void {
    if (performance.now() - this.sweptAt < FORGOTTEN_ANSWERS_SWEEP_MS) return;
    this.sweptAt = performance.now();
    void client
      .query(
        preparedStatement(
          'forget-answers',
          `DELETE FROM record_handoffs
            WHERE remote = $1 AND result IS NOT NULL AND created_at < now() - interval '${ANSWERS_KEPT}'`,
          [this.options.name],
        ),
      )
      .catch(() => undefined);
  }

  private async pushesSince(
    connection: Statements,
    commit: string,
  ): Promise<readonly HandedOverPush[] | undefined> {
    const { rows } = await connection.query<{
      since: string | null;
      push: string | null;
      commit: string | null;
      parent: string | null;
      object: Buffer | null;
      object_id: string | null;
    }>(
      // After `commit`'s own record or, when it was not pushed in a turn (the tip an instance
      // fetched), from the push built on it. One row per object, with its id where the record has
      // them: a bytea column is decoded natively, where a bytea[] is parsed character by character.
      preparedStatement(
        'pushes-since',
        `WITH since AS (
         SELECT coalesce(
           (SELECT max(id) FROM record_pushes WHERE remote = $1 AND "commit" = $2),
           (SELECT max(id) - 1 FROM record_pushes WHERE remote = $1 AND parent = $2)
         ) AS id
       )
       SELECT since.id AS since, pushes.id AS push, pushes."commit", pushes.parent, objects.object,
              objects.object_id
         FROM since
         LEFT JOIN record_pushes pushes ON pushes.remote = $1 AND pushes.id > since.id
         LEFT JOIN LATERAL unnest(pushes.objects, pushes.object_ids)
                   WITH ORDINALITY AS objects(object, object_id, n) ON true
        ORDER BY pushes.id, objects.n`,
        [this.options.name, commit],
      ),
    );
    if (rows.length === 0 || rows[0].since === null) return undefined;
    const pushes = new Map<
      string,
      { commit: string; parent: string; objects: Buffer[]; ids: (string | null)[] }
    >();
    for (const row of rows) {
      if (row.push === null || row.commit === null || row.parent === null) continue;
      let push = pushes.get(row.push);
      if (!push) {
        push = { commit: row.commit, parent: row.parent, objects: [], ids: [] };
        pushes.set(row.push, push);
      }
      if (row.object === null) continue;
      push.objects.push(row.object);
      push.ids.push(row.object_id);
    }
    return [...pushes.values()].map(({ ids, ...push }) =>
      ids.every((id) => id !== null) ? { ...push, ids: ids as string[] } : push,
    );
  }

  /**
   * Whether another instance is connected to these turns. Alone, this instance records nothing (a
   * push's record is its zone files: an insert of them per push, for nobody) and forgets what it
   * recorded before, so that an instance joining later fetches rather than builds on a record that
   * stops short of the tip (its push would be rejected first).
   */
  private async othersConnected(connection: Statements): Promise<boolean> {
    const { rows } = await connection.query<{ connected: boolean }>(
      preparedStatement(
        'others-connected',
        `WITH others AS (
           SELECT EXISTS (SELECT 1 FROM pg_stat_activity
                           WHERE application_name = $2 AND datname = current_database()
                             AND pid <> pg_backend_pid()) AS connected
         ), forgotten AS (
           DELETE FROM record_pushes WHERE remote = $1 AND NOT (SELECT connected FROM others)
         )
         SELECT connected FROM others`,
        [this.options.name, this.lock.applicationName],
      ),
    );
    return rows[0].connected;
  }

  private async recordPush(connection: Statements, push: HandedOverPush): Promise<void> {
    // Each object a parameter of its own: buffers go as binary, where a bytea[] goes as hex text.
    const objects = push.objects.map((_, i) => `$${i + 7}`).join(', ');
    const text = `WITH recorded AS (
         INSERT INTO record_pushes (remote, "commit", parent, objects, object_ids)
         VALUES ($1, $2, $3, ARRAY[${objects}]::bytea[], $6::text[]) RETURNING id
       ), pruned AS (
         DELETE FROM record_pushes
          WHERE remote = $1 AND id <= (SELECT id FROM recorded) - ${PUSHES_KEPT}
       )
       SELECT pg_notify($4, 'p:' || $5) FROM recorded`;
    const values = [
      this.options.name,
      push.commit,
      push.parent,
      CHANNEL,
      this.lock.key,
      push.ids ?? null,
      ...push.objects,
    ];
    // One statement per number of objects: prepared for the usual few, sent as text past them.
    await connection.query(
      push.objects.length <= PREPARED_RECORD_OBJECTS
        ? preparedStatement(`record-push-${push.objects.length}`, text, values)
        : { text, values },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.answered.values()) wake();
    await Promise.all([this.lock.close(), this.peers?.close()]);
  }
}
