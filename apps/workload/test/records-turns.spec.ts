import { randomBytes } from 'node:crypto';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '@hlp/config';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AdvisoryTurns } from '../src/database/advisory-turns';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrations } from '../src/database/migrations';
import { PostgresPushTurns } from '../src/database/postgres-push-turns';
import type { Statements } from '../src/database/serial-statements';
import { gitEnvironment } from '../src/records/git-environment';
import { AppError } from '../src/common/app-error';
import type { ChangeOutcome } from '../src/records/record-change';
import {
  type HandedOffBatch,
  type HandOff,
  LONE_TURN,
  NO_TURNS,
  type PushTurns,
} from '../src/records/push-turns';
import { RecordStore } from '../src/records/record-store';
import { type PushOutcome, SILENT_OBSERVER } from '../src/records/record-store-observer';
import { WorkingClone } from '../src/records/working-clone';
import { ZoneModel } from '../src/records/zone-file';
import { waitFor } from './support/ports';
import { describeWithPostgres } from './support/requirements';
import { createTestEnvironment, type TestEnvironment } from './support/test-app';
import { pushZone, refTip, remoteZone, txtLines } from './support/zone-repository';

const withPostgres = describeWithPostgres('test/records-turns.spec.ts (PostgreSQL only)');
const value = () => randomBytes(32).toString('base64url');

/** One instance's record store, taking turns through the test database. */
interface Instance {
  readonly store: RecordStore;
  readonly clone: WorkingClone;
  readonly turns: PushTurns;
  readonly pushes: PushOutcome[];
  /** What the observer heard, in order: each batch in flight, and each push's outcome. */
  readonly events: string[];
  readonly turnsMissed: unknown[];
  /** The tip the instance last fetched (FETCH_HEAD's first id); undefined when it only cloned. */
  fetchedTip(): Promise<string | undefined>;
}

withPostgres('instances on one remote and one PostgreSQL database', () => {
  let environment: TestEnvironment;
  let database: Client;
  const instances: Instance[] = [];
  const turnsNamed = 'push to the test remote';

  const turnsFor = (
    waitMs: number,
    turnsMissed: unknown[],
    recheckMs?: number,
    peers?: { address: string; port: number; onUnavailable: (error: unknown) => void },
  ) => {
    const options = {
      url: environment.database.url,
      name: turnsNamed,
      waitMs,
      recheckMs,
      peers,
      onNoTurn: (error: unknown) => turnsMissed.push(error),
    };
    return { lock: new AdvisoryTurns(options), pushTurns: new PostgresPushTurns(options) };
  };

  /**
   * `waitMs` bounds a wait for the turn; `recheckMs` is how often a hand-off looks at its row;
   * `turns`, when given, are taken instead of the database's; `othersFirstMs` bounds how long its
   * own requests wait for the answer to the batches handed off to it; with `peers`, it takes and
   * sends hand-offs over TCP on loopback.
   */
  const startInstance = async (
    name: string,
    {
      waitMs = 30_000,
      recheckMs,
      turns: given,
      othersFirstMs = 10,
      peers = false,
    }: {
      waitMs?: number;
      recheckMs?: number;
      turns?: PushTurns;
      othersFirstMs?: number;
      peers?: boolean;
    } = {},
  ): Promise<Instance> => {
    const dataDir = join(environment.dir, name);
    const pushes: PushOutcome[] = [];
    const events: string[] = [];
    const turnsMissed: unknown[] = [];
    const turns =
      given ??
      turnsFor(
        waitMs,
        turnsMissed,
        recheckMs,
        peers
          ? { address: '127.0.0.1', port: 0, onUnavailable: (error) => turnsMissed.push(error) }
          : undefined,
      ).pushTurns;
    const clone = new WorkingClone({
      dir: join(dataDir, 'repository'),
      url: environment.remote,
      redactedUrl: environment.remote,
      branch: 'main',
      timeoutMs: 30_000,
      env: gitEnvironment({
        dataDir,
        acceptNewHostKeys: false,
        timeoutSeconds: 30,
        inherited: { PATH: process.env.PATH ?? '' },
      }),
    });
    const store = new RecordStore(
      clone,
      {
        ttl: 60,
        bumpSerial: true,
        maxAttempts: 8,
        maxBatchSize: 500,
        authorEmailDomain: 'example.com',
        retryAfterSeconds: 5,
        othersFirstMs,
      },
      {
        ...SILENT_OBSERVER,
        batchInFlight: () => events.push('in flight'),
        pushDone: (_, outcome) => {
          pushes.push(outcome);
          events.push(outcome);
        },
      },
      undefined,
      turns,
    );
    await store.open();
    // As the service does at start-up: the other instances see this one from now on.
    await turns.connect();
    const fetchedTip = async () =>
      (
        await readFile(join(dataDir, 'repository', '.git', 'FETCH_HEAD'), 'utf8').catch(
          () => undefined,
        )
      )?.slice(0, 40);
    const instance = { store, clone, turns, pushes, events, turnsMissed, fetchedTip };
    instances.push(instance);
    return instance;
  };

  /** Another instance in its turn, until `release` is called; `inTurn` runs on its connection. */
  const peerInTurn = async (inTurn: (connection: Statements) => Promise<void> = async () => {}) => {
    const peer = turnsFor(600_000, []).lock;
    let release = () => undefined as void;
    await new Promise<void>((taken, failed) => {
      void peer.take(async (held) => {
        if (!held) return failed(new Error('the peer did not get the turn'));
        await inTurn(held.connection);
        taken();
        return new Promise<void>((resolve) => (release = resolve));
      });
    });
    return {
      release: async () => {
        release();
        await peer.close();
      },
    };
  };

  /** The peer in turn dies: its connection ends, as when its instance crashes. */
  const killPeerInTurn = () =>
    database.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );

  /** What the instances tell each other, as heard from here: the kind of each notice. */
  const noticesBetweenInstances = async () => {
    const listener = new Client({ connectionString: environment.database.url });
    await listener.connect();
    const kinds: string[] = [];
    listener.on('notification', (notice) => kinds.push(notice.payload?.split(':')[0] ?? ''));
    await listener.query('LISTEN hlp_record_handoffs');
    return { kinds: () => kinds, end: () => listener.end() };
  };

  /** No instance holds the turn: the last one to push has recorded it and let go. */
  const turnsOver = () =>
    waitFor(
      'the turn to end',
      async () =>
        (
          await database.query(
            `SELECT NOT EXISTS (SELECT 1 FROM pg_locks
            WHERE locktype = 'advisory' AND granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS over`,
          )
        ).rows[0].over === true,
    );

  /** Batches handed off and not answered yet (all of them, or only those nobody took). */
  const handedOff = async (onlyUntaken = false) =>
    Number(
      (
        await database.query<{ count: string }>(
          `SELECT count(*) FROM record_handoffs WHERE result IS NULL${onlyUntaken ? ' AND NOT taken' : ''}`,
        )
      ).rows[0]?.count,
    );

  /**
   * Holds every push at the remote (a pre-receive hook) until the gate opens; with `refuse`,
   * the hook then refuses it.
   */
  const holdPushes = async () => {
    const hook = join(environment.remote, 'hooks', 'pre-receive');
    const [arrived, gate, refusal] = ['arrived', 'gate', 'refuse'].map((file) =>
      join(environment.remote, file),
    );
    await writeFile(
      hook,
      `#!/bin/sh\ntouch '${arrived}'\nwhile [ ! -e '${gate}' ]; do sleep 0.02; done\n` +
        `if [ -e '${refusal}' ]; then exit 1; fi\n`,
    );
    await chmod(hook, 0o755);
    return {
      arrived: () => waitFor('a push to reach the remote', async () => fileExists(arrived)),
      open: (refuse = false) =>
        refuse ? writeFile(refusal, '').then(() => writeFile(gate, '')) : writeFile(gate, ''),
      remove: () =>
        Promise.all([hook, arrived, gate, refusal].map((file) => rm(file, { force: true }))),
    };
  };
  const fileExists = (path: string) =>
    readFile(path).then(
      () => true,
      () => false,
    );

  /** The instance wrote its own batch, in one push and in a turn of its own: the value is there. */
  const expectWroteItself = async (instance: Instance, owner: string, v: string) => {
    expect(instance.pushes).toEqual(['pushed']);
    expect(instance.turnsMissed).toEqual([]);
    const zone = await remoteZone(environment.remote, 'example.com');
    expect(txtLines(zone, owner)).toEqual([v]);
  };

  const present = (instance: Instance, name: string, v: string) =>
    instance.store.submit({ kind: 'present', name, value: v, username: 'alice' });

  beforeAll(async () => {
    environment = await createTestEnvironment('postgres');
    // The hand-over's and the hand-offs' tables.
    const dataSource = new DataSource(dataSourceOptions(loadConfig(environment.env).database));
    await dataSource.initialize();
    await runMigrations(dataSource);
    await dataSource.destroy();
    database = new Client({ connectionString: environment.database.url });
    await database.connect();
  });

  afterEach(async () => {
    await Promise.all(instances.splice(0).map((instance) => instance.turns.close()));
    await database.query('DELETE FROM record_handoffs');
    await database.query('DELETE FROM record_peers');
  });

  afterAll(async () => {
    await database.end();
    await environment.cleanup();
  });

  it('hands a batch to the instance in turn, whose next push carries every batch handed to it meanwhile; nobody else pushes', async () => {
    // Nobody looks at their row again before the holder answers: the holder does all the work.
    const [a, b, c] = await Promise.all(
      ['carry-a', 'carry-b', 'carry-c'].map((name) => startInstance(name, { recheckMs: 600_000 })),
    );
    const gate = await holdPushes();
    const notices = await noticesBetweenInstances();
    try {
      const [va, vb1, vb2, vc] = [value(), value(), value(), value()];
      const first = present(a, '_acme-challenge.carry-a.example.com', va);
      await gate.arrived();
      const handed = [
        present(b, '_acme-challenge.carry-b1.example.com', vb1),
        present(b, '_acme-challenge.carry-b2.example.com', vb2),
        present(c, '_acme-challenge.carry-c.example.com', vc),
      ];
      await waitFor('b and c to hand their batches off', async () => (await handedOff()) === 2);
      // Each batch is in flight once it is on its way: the push at the remote, each hand-off in.
      await waitFor('b and c to hear their batches are in flight', async () =>
        [b, c].every((instance) => instance.events.length === 1),
      );
      expect(a.events).toEqual(['in flight']);
      await gate.open();

      expect((await first).status).toBe('applied');
      const outcomes = await Promise.all(handed);
      const commits = new Set(
        outcomes.map((outcome) => (outcome.status === 'applied' ? outcome.commit : outcome.status)),
      );
      expect([...commits]).toEqual([await refTip(environment.remote)]);
      // Two hand-offs, the first push recorded, then one answer to each instance, with its results,
      // and the second push recorded.
      await waitFor('the answers', async () => notices.kinds().length === 6);
      expect(notices.kinds()).toEqual(['h', 'h', 'p', 'r', 'r', 'p']);
      expect(a.pushes).toEqual(['pushed', 'pushed']);
      expect(a.events).toEqual(['in flight', 'pushed', 'in flight', 'pushed']);
      expect([...b.pushes, ...c.pushes]).toEqual([]);
      expect([b.events, c.events]).toEqual([['in flight'], ['in flight']]);
      expect([...a.turnsMissed, ...b.turnsMissed, ...c.turnsMissed]).toEqual([]);
      const zone = await remoteZone(environment.remote, 'example.com');
      expect(txtLines(zone, '_acme-challenge.carry-a')).toEqual([va]);
      expect(txtLines(zone, '_acme-challenge.carry-b1')).toEqual([vb1]);
      expect(txtLines(zone, '_acme-challenge.carry-b2')).toEqual([vb2]);
      expect(txtLines(zone, '_acme-challenge.carry-c')).toEqual([vc]);
      // Each answer reached its instance, which then removes its row: no row is left.
      await waitFor(
        'the rows of the answered batches to go',
        async () =>
          Number((await database.query('SELECT count(*) FROM record_handoffs')).rows[0].count) ===
          0,
      );
    } finally {
      await gate.remove();
      await notices.end();
    }
  });

  it('hands a batch to the instance in turn over TCP when both take them so: no row, no notice, one push for both', async () => {
    const [a, b] = await Promise.all(
      ['direct-a', 'direct-b'].map((name) => startInstance(name, { peers: true })),
    );
    const gate = await holdPushes();
    const notices = await noticesBetweenInstances();
    try {
      const peersListed = await database.query('SELECT address, port FROM record_peers');
      expect(peersListed.rows).toHaveLength(2);
      const [va, vb1, vb2] = [value(), value(), value()];
      const first = present(a, '_acme-challenge.direct-a.example.com', va);
      await gate.arrived();
      const handed = [
        present(b, '_acme-challenge.direct-b1.example.com', vb1),
        present(b, '_acme-challenge.direct-b2.example.com', vb2),
      ];
      await waitFor('b to hand its batch off', async () => b.events.length === 1);
      await gate.open();
      expect((await first).status).toBe('applied');
      const outcomes = await Promise.all(handed);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'applied']);
      expect(
        new Set(outcomes.map((outcome) => outcome.status === 'applied' && outcome.commit)),
      ).toEqual(new Set([await refTip(environment.remote)]));
      expect(a.pushes).toEqual(['pushed', 'pushed']);
      expect(b.pushes).toEqual([]);
      // Only the pushes' records went through the database.
      await waitFor('the second push to be recorded', async () => notices.kinds().length === 2);
      expect(notices.kinds()).toEqual(['p', 'p']);
      expect(await handedOff()).toBe(0);
      const zone = await remoteZone(environment.remote, 'example.com');
      expect(txtLines(zone, '_acme-challenge.direct-b1')).toEqual([vb1]);
      expect(txtLines(zone, '_acme-challenge.direct-b2')).toEqual([vb2]);
      expect([...a.turnsMissed, ...b.turnsMissed]).toEqual([]);
    } finally {
      await gate.remove();
      await notices.end();
    }
  });

  it('hands a batch off through the database when the instance in turn takes none over TCP', async () => {
    const a = await startInstance('direct-off-a');
    const b = await startInstance('direct-off-b', { peers: true });
    const gate = await holdPushes();
    const notices = await noticesBetweenInstances();
    try {
      const [va, vb] = [value(), value()];
      const first = present(a, '_acme-challenge.direct-off-a.example.com', va);
      await gate.arrived();
      const handed = present(b, '_acme-challenge.direct-off-b.example.com', vb);
      await waitFor('b to hand its batch off', async () => (await handedOff()) === 1);
      await gate.open();
      expect((await first).status).toBe('applied');
      expect((await handed).status).toBe('applied');
      expect(b.pushes).toEqual([]);
      expect(notices.kinds()).toContain('h');
      expect(
        txtLines(
          await remoteZone(environment.remote, 'example.com'),
          '_acme-challenge.direct-off-b',
        ),
      ).toEqual([vb]);
    } finally {
      await gate.remove();
      await notices.end();
    }
  });

  it('writes a batch itself when the instance in turn it handed the batch to over TCP goes away before answering', async () => {
    const [a, b] = await Promise.all(
      ['direct-gone-a', 'direct-gone-b'].map((name) => startInstance(name, { peers: true })),
    );
    const gate = await holdPushes();
    try {
      const [va, vb] = [value(), value()];
      const own = present(a, '_acme-challenge.direct-gone-a.example.com', va);
      await gate.arrived();
      const handed = present(b, '_acme-challenge.direct-gone-b.example.com', vb);
      await waitFor('b to hand its batch off', async () => b.events.length === 1);
      // a goes, its push still held: its link closes, and its turn with its connection.
      await a.turns.close();
      await gate.open();
      expect((await handed).status).toBe('applied');
      // a's own batch was in flight: it lands all the same.
      expect((await own).status).toBe('applied');
      // It wrote the batch itself: its push may race a's held one first (stale), then lands.
      expect(b.pushes.at(-1)).toBe('pushed');
      expect(
        txtLines(
          await remoteZone(environment.remote, 'example.com'),
          '_acme-challenge.direct-gone-b',
        ),
      ).toEqual([vb]);
    } finally {
      await gate.remove();
    }
  });

  /** Holds the remote's pushes one by one: the n-th waits until `open(n)`. */
  const holdEachPush = async () => {
    const hook = join(environment.remote, 'hooks', 'pre-receive');
    const file = (name: string) => join(environment.remote, name);
    await writeFile(
      hook,
      `#!/bin/sh\nn=$(($(cat '${file('count')}' 2>/dev/null || echo 0) + 1))\n` +
        `echo $n > '${file('count')}'\ntouch '${file('arrived')}-'$n\n` +
        `while [ ! -e '${file('gate')}-'$n ]; do sleep 0.02; done\n`,
    );
    await chmod(hook, 0o755);
    return {
      arrived: (n: number) =>
        waitFor(`push ${n} to reach the remote`, () => fileExists(file(`arrived-${n}`))),
      open: (n: number) => writeFile(file(`gate-${n}`), ''),
      remove: async () => {
        const count = Number(await readFile(file('count'), 'utf8').catch(() => '0'));
        const made = Array.from({ length: count }, (_, i) =>
          ['arrived', 'gate'].map((name) => file(`${name}-${i + 1}`)),
        ).flat();
        await Promise.all([hook, file('count'), ...made].map((path) => rm(path, { force: true })));
      },
    };
  };

  /** The changes in the one row handed off and not answered (0 when there is none). */
  const changesHandedOff = async () =>
    Number(
      (
        await database.query<{ n: number }>(
          'SELECT coalesce(sum(jsonb_array_length(changes)), 0)::int AS n FROM record_handoffs WHERE result IS NULL',
        )
      ).rows[0].n,
    );

  it('adds the changes queued behind a batch handed off to its row until the instance in turn takes it; after that, they wait for the next', async () => {
    const a = await startInstance('join-a', { recheckMs: 600_000 });
    const b = await startInstance('join-b', { recheckMs: 600_000 });
    const gates = await holdEachPush();
    try {
      const [va, vb1, vb2, vb3] = [value(), value(), value(), value()];
      const first = present(a, '_acme-challenge.join-a.example.com', va);
      await gates.arrived(1);
      const joined = [
        present(b, '_acme-challenge.join-b1.example.com', vb1),
        present(b, '_acme-challenge.join-b2.example.com', vb2),
      ];
      await waitFor('b2 to join the row of b1', async () => (await changesHandedOff()) === 2);
      await gates.open(1);
      await gates.arrived(2);
      await waitFor('a to take the row', async () => (await handedOff(true)) === 0);
      const late = present(b, '_acme-challenge.join-b3.example.com', vb3);
      await gates.open(2);
      await gates.arrived(3);
      await gates.open(3);

      expect((await first).status).toBe('applied');
      const [b1, b2] = await Promise.all(joined);
      const b3 = await late;
      const commitOf = (outcome: ChangeOutcome) =>
        outcome.status === 'applied' ? outcome.commit : outcome.status;
      // b1 and b2 in a's second push, b3 (queued once the row was taken) in the push after: a's,
      // or b's own when a's turn ended before b handed b3 off (a waits for b's next batch only
      // so long, and b for more of its own clients first).
      expect(commitOf(b1)).toBe(commitOf(b2));
      expect(commitOf(b3)).toBe(await refTip(environment.remote));
      expect(commitOf(b3)).not.toBe(commitOf(b1));
      expect(a.pushes.slice(0, 2)).toEqual(['pushed', 'pushed']);
      expect([...a.pushes, ...b.pushes]).toEqual(['pushed', 'pushed', 'pushed']);
      expect([...a.turnsMissed, ...b.turnsMissed]).toEqual([]);
      const zone = await remoteZone(environment.remote, 'example.com');
      for (const [owner, v] of [
        ['join-a', va],
        ['join-b1', vb1],
        ['join-b2', vb2],
        ['join-b3', vb3],
      ])
        expect(txtLines(zone, `_acme-challenge.${owner}`)).toEqual([v]);
    } finally {
      await gates.remove();
    }
  });

  it('counts each batch announced as handed off once, by its row: not again when its notice comes after the row was taken; a notice naming no row (an older version) counts as one', async () => {
    const { lock, pushTurns: turns } = turnsFor(30_000, []);
    await turns.connect();
    const change = {
      kind: 'present',
      name: '_acme-challenge.counted.example.com',
      value: value(),
      username: 'alice',
    };
    const handIn = async () =>
      (
        await database.query<{ id: string }>(
          `INSERT INTO record_handoffs (remote, owner, changes) VALUES ($1, pg_backend_pid(), $2)
           RETURNING id`,
          [turnsNamed, JSON.stringify([change])],
        )
      ).rows[0].id;
    const announce = (id?: string) =>
      database.query('SELECT pg_notify($1, $2)', [
        'hlp_record_handoffs',
        `h:${lock.key}:1${id === undefined ? '' : `:${id}`}`,
      ]);
    let sentinels = 0;
    turns.onPushRecorded(() => (sentinels += 1));
    /** Every notice sent before this one has been heard: they come in order. */
    const heardAll = async () => {
      const expected = sentinels + 1;
      await database.query('SELECT pg_notify($1, $2)', ['hlp_record_handoffs', `p:${lock.key}`]);
      await waitFor('the notices to be heard', async () => sentinels === expected);
    };
    try {
      const first = await handIn();
      await announce(first);
      await heardAll();
      expect(turns.handOffsAnnounced()).toBe(1);
      let taken: readonly HandedOffBatch[] = [];
      await turns.take(
        async (turn) => {
          taken = await turn.takeHandedOff(500);
        },
        () => undefined,
      );
      expect(taken.map((batch) => batch.id)).toEqual([first]);
      expect(turns.handOffsAnnounced()).toBe(0);
      // Its notice again, as when it comes after the take: no news.
      await announce(first);
      await heardAll();
      expect(turns.handOffsAnnounced()).toBe(0);
      await announce(await handIn());
      await heardAll();
      expect(turns.handOffsAnnounced()).toBe(1);
      await announce();
      await heardAll();
      expect(turns.handOffsAnnounced()).toBe(2);
    } finally {
      await turns.close();
      await lock.close();
    }
  });

  /**
   * Turns that carry one batch handed off by another instance, presenting `name`; `answered` is
   * told what the answer to that batch carried, and the answer reaches its instance once
   * `delivered` is called.
   */
  const turnWithAHandOff = (name: string) => {
    const handedOff: HandedOffBatch = {
      id: '1',
      changes: [
        {
          kind: 'present',
          name: `_acme-challenge.${name}.example.com`,
          value: value(),
          username: 'alice',
        },
      ],
    };
    const answered: string[][] = [];
    let delivered = () => undefined as void;
    let taken = false;
    const turns: PushTurns = {
      ...NO_TURNS,
      take: (work) =>
        work({
          ...LONE_TURN,
          takeHandedOff: async () => (taken ? [] : ((taken = true), [handedOff])),
          answer: (_, results) => {
            answered.push(
              results.flatMap((result) =>
                'outcomes' in result ? result.outcomes.map((outcome) => outcome.status) : [],
              ),
            );
            return new Promise((resolve) => (delivered = resolve));
          },
        }),
    };
    return { turns, handedOff, answered, deliver: () => delivered() };
  };

  /** Settled or not, as of now: what was ready to run before this has run. */
  const settledYet = async (promise: Promise<unknown>) => {
    const pending = Symbol('pending');
    const first = await Promise.race([
      promise,
      new Promise((resolve) => setImmediate(() => resolve(pending))),
    ]);
    return first !== pending;
  };

  it('answers the batches handed off to it before its own requests: those wait for that answer to go out', async () => {
    const other = turnWithAHandOff('others-first');
    const instance = await startInstance('others-first', {
      turns: other.turns,
      othersFirstMs: 600_000,
    });
    const own = present(instance, '_acme-challenge.own.example.com', value());

    await waitFor('the answer to the other instance', async () => other.answered.length === 1);
    expect(other.answered).toEqual([['applied']]);
    expect(await settledYet(own)).toBe(false);
    other.deliver();
    expect((await own).status).toBe('applied');
    const zone = await remoteZone(environment.remote, 'example.com');
    expect(txtLines(zone, '_acme-challenge.others-first')).toEqual([
      other.handedOff.changes[0].value,
    ]);
  });

  it('answers its own requests all the same when the answer to the batches handed off to it does not go out', async () => {
    const other = turnWithAHandOff('others-first-bounded');
    const instance = await startInstance('others-first-bounded', {
      turns: other.turns,
      othersFirstMs: 1,
    });

    expect((await present(instance, '_acme-challenge.own.example.com', value())).status).toBe(
      'applied',
    );
    expect(other.answered).toEqual([['applied']]);
  });

  it('answers a handed-off batch with the failure of the push that carried it', async () => {
    const a = await startInstance('refused-a', { recheckMs: 600_000 });
    const b = await startInstance('refused-b', { recheckMs: 600_000 });
    const gate = await holdPushes();
    const before = await refTip(environment.remote);
    try {
      const first = present(a, '_acme-challenge.refused-a.example.com', value());
      await gate.arrived();
      const handed = present(b, '_acme-challenge.refused-b.example.com', value());
      await waitFor('b to hand its batch off', async () => (await handedOff()) === 1);
      await gate.open(true);

      const [own, other] = await Promise.allSettled([first, handed]);
      for (const settled of [own, other]) {
        expect(settled.status).toBe('rejected');
        const error = (settled as PromiseRejectedResult).reason as AppError;
        expect(error).toBeInstanceOf(AppError);
        expect(error.code).toBe('repository_unavailable');
        expect(error.message).toBe(
          'the zone repository refused the change (the remote refused the push: pre-receive hook declined); retry later',
        );
        expect(error.details.retryAfterSeconds).toBe(5);
      }
      expect(a.pushes).toEqual(['refused', 'refused']);
      expect(b.pushes).toEqual([]);
      expect(await refTip(environment.remote)).toBe(before);
    } finally {
      await gate.remove();
    }
  });

  it('deletes answers nobody came for once they are an hour old, at its first answer and off its path', async () => {
    const a = await startInstance('forgotten-a', { recheckMs: 600_000 });
    const b = await startInstance('forgotten-b', { recheckMs: 600_000 });
    // Answers whose instances died before reading them: one from two hours ago, one from a minute ago.
    const { rows } = await database.query<{ id: string }>(
      `INSERT INTO record_handoffs (remote, owner, changes, taken, result, created_at)
       VALUES ($1, 0, '[]', true, '{"outcomes": []}', now() - interval '2 hours'),
              ($1, 0, '[]', true, '{"outcomes": []}', now() - interval '1 minute')
       RETURNING id`,
      [turnsNamed],
    );
    const gate = await holdPushes();
    try {
      const first = present(a, '_acme-challenge.forgotten-a.example.com', value());
      await gate.arrived();
      const handed = present(b, '_acme-challenge.forgotten-b.example.com', value());
      await waitFor('b to hand its batch off', async () => (await handedOff()) === 1);
      await gate.open();
      expect((await first).status).toBe('applied');
      expect((await handed).status).toBe('applied');
      await waitFor(
        'the old answer to go',
        async () =>
          (await database.query('SELECT id FROM record_handoffs WHERE id = $1', [rows[0].id]))
            .rowCount === 0,
      );
      const left = await database.query('SELECT id FROM record_handoffs WHERE id = $1', [
        rows[1].id,
      ]);
      expect(left.rowCount).toBe(1);
    } finally {
      await gate.remove();
      await database.query('DELETE FROM record_handoffs WHERE id = $1', [rows[1].id]);
    }
  });

  it("tells a handed-off batch's instance its results before storing them: the notice goes out while its row is locked, and the row gets them once it is free", async () => {
    const a = await startInstance('told-a', { recheckMs: 600_000 });
    const listener = new Client({ connectionString: environment.database.url });
    const locker = new Client({ connectionString: environment.database.url });
    await Promise.all([listener.connect(), locker.connect()]);
    const heard: string[] = [];
    listener.on('notification', (notice) => heard.push(notice.payload ?? ''));
    await listener.query('LISTEN hlp_record_handoffs');
    const gates = await holdEachPush();
    try {
      const first = present(a, '_acme-challenge.told-a.example.com', value());
      await gates.arrived(1);
      // A batch handed off by an instance that hears nothing (this test's connection): the
      // holder finds its row once its own push is done, and writes it in a second push.
      const v = value();
      const change = {
        kind: 'present',
        name: '_acme-challenge.told.example.com',
        value: v,
        username: 'alice',
      };
      const { rows } = await database.query<{ id: string; owner: number }>(
        `INSERT INTO record_handoffs (remote, owner, changes) VALUES ($1, pg_backend_pid(), $2)
         RETURNING id, owner`,
        [turnsNamed, JSON.stringify([change])],
      );
      await gates.open(1);
      expect((await first).status).toBe('applied');
      await gates.arrived(2);
      // Nobody can store a result in the row now.
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM record_handoffs WHERE id = $1 FOR UPDATE', [rows[0].id]);
      await gates.open(2);

      await waitFor('the answer', async () => heard.some((payload) => payload.startsWith('r:')));
      const tip = await refTip(environment.remote);
      const result = { outcomes: [{ status: 'applied', zone: 'example.com', commit: tip }] };
      const [kind, , owner, ...answers] = heard
        .find((payload) => payload.startsWith('r:'))!
        .split(':');
      expect([kind, owner]).toEqual(['r', String(rows[0].owner)]);
      expect(JSON.parse(answers.join(':'))).toEqual([{ id: rows[0].id, result }]);
      const stored = async () =>
        (
          await database.query<{ result: unknown }>(
            'SELECT result FROM record_handoffs WHERE id = $1',
            [rows[0].id],
          )
        ).rows[0].result;
      expect(await stored()).toBeNull();
      await locker.query('COMMIT');
      await waitFor('the result to be stored', async () => (await stored()) !== null);
      expect(await stored()).toEqual(result);
      expect(
        txtLines(await remoteZone(environment.remote, 'example.com'), '_acme-challenge.told'),
      ).toEqual([v]);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await gates.remove();
      await Promise.all([listener.end(), locker.end()]);
      await database.query('DELETE FROM record_handoffs');
    }
  });

  it('answers a handed-off batch whose results are too long for a notice through its row', async () => {
    const a = await startInstance('long-a', { recheckMs: 600_000 });
    const b = await startInstance('long-b', { recheckMs: 600_000 });
    const notices = await noticesBetweenInstances();
    const gate = await holdPushes();
    try {
      const first = present(a, '_acme-challenge.long-a.example.com', value());
      await gate.arrived();
      // About 100 bytes of result each: 100 of them are past what a notice carries.
      const names = Array.from({ length: 100 }, (_, i) => `_acme-challenge.long${i}.example.com`);
      const values = names.map(() => value());
      const handed = names.map((name, i) => present(b, name, values[i]));
      await waitFor('b to hand its batch off', async () => (await handedOff()) === 1);
      await gate.open();

      expect((await first).status).toBe('applied');
      const outcomes = await Promise.all(handed);
      const tip = await refTip(environment.remote);
      expect(outcomes).toEqual(
        names.map(() => ({ status: 'applied', zone: 'example.com', commit: tip })),
      );
      expect(b.pushes).toEqual([]);
      await waitFor('the answer notice', async () => notices.kinds().includes('a'));
      expect(notices.kinds()).not.toContain('r');
      const zone = await remoteZone(environment.remote, 'example.com');
      names.forEach((name, i) =>
        expect(txtLines(zone, name.replace('.example.com', ''))).toEqual([values[i]]),
      );
    } finally {
      await gate.remove();
      await notices.end();
    }
  });

  it('a batch handed off while nobody writes is taken by the first instance to get the turn: one push for both instances', async () => {
    const first = await startInstance('first', { recheckMs: 50 });
    const second = await startInstance('second', { recheckMs: 50 });
    const opening = await refTip(environment.remote);
    const peer = await peerInTurn();
    const names = Array.from({ length: 20 }, (_, i) => `_acme-challenge.t${i}.example.com`);
    const values = names.map(() => value());
    const outcomes = names.map((name, i) => present(i % 2 === 0 ? first : second, name, values[i]));
    await waitFor('both instances to hand their batch off', async () => (await handedOff()) === 2);
    await peer.release();

    const done = await Promise.all(outcomes);
    expect(done.map((outcome: ChangeOutcome) => outcome.status)).toEqual(
      names.map(() => 'applied'),
    );
    const zone = await remoteZone(environment.remote, 'example.com');
    names.forEach((_, i) => expect(txtLines(zone, `_acme-challenge.t${i}`)).toEqual([values[i]]));
    expect([...first.pushes, ...second.pushes]).toEqual(['pushed']);
    expect([...first.turnsMissed, ...second.turnsMissed]).toEqual([]);
    // Neither fetched: the tip had not moved.
    for (const instance of [first, second])
      expect([undefined, opening]).toContain(await instance.fetchedTip());
  });

  it('hands each push over to the next instance, which builds on it without a fetch; a writer outside the turns costs a rejected push and a fetch, and loses nothing', async () => {
    const a = await startInstance('hand-a');
    const b = await startInstance('hand-b');
    const [va, vb, vc, vd] = [value(), value(), value(), value()];
    expect((await present(a, '_acme-challenge.hand-a.example.com', va)).status).toBe('applied');
    await turnsOver();
    expect((await present(b, '_acme-challenge.hand-b.example.com', vb)).status).toBe('applied');
    expect(b.pushes).toEqual(['pushed']);
    // b cloned, then built on a's push without ever fetching.
    expect(await b.fetchedTip()).toBeUndefined();
    // a parsed the zone for its first batch: it follows b's change on that, parsing nothing.
    const parses = jest.spyOn(ZoneModel, 'parse');
    await turnsOver();
    expect((await present(a, '_acme-challenge.hand-d.example.com', vd)).status).toBe('applied');
    expect(parses).not.toHaveBeenCalled();
    parses.mockRestore();

    const outside = `${await remoteZone(environment.remote, 'example.com')}outside IN TXT "by hand"\n`;
    await pushZone(environment.remote, 'example.com', outside);
    expect((await present(a, '_acme-challenge.hand-c.example.com', vc)).status).toBe('applied');
    expect(a.pushes).toEqual(['pushed', 'pushed', 'stale', 'pushed']);

    const zone = await remoteZone(environment.remote, 'example.com');
    expect(txtLines(zone, 'outside')).toEqual(['by hand']);
    expect(txtLines(zone, '_acme-challenge.hand-a')).toEqual([va]);
    expect(txtLines(zone, '_acme-challenge.hand-b')).toEqual([vb]);
    expect(txtLines(zone, '_acme-challenge.hand-c')).toEqual([vc]);
    expect(txtLines(zone, '_acme-challenge.hand-d')).toEqual([vd]);
  });

  it('records its pushes only while another instance is connected: alone, it records none and forgets the earlier ones; once another joins, it records again for that one to build on', async () => {
    const recorded = async () =>
      Number((await database.query('SELECT count(*) FROM record_pushes')).rows[0].count);
    await database.query('DELETE FROM record_pushes');
    const a = await startInstance('alone-a');
    const b = await startInstance('alone-b');
    const [va, vb, vc, vd] = [value(), value(), value(), value()];
    expect((await present(a, '_acme-challenge.alone-a.example.com', va)).status).toBe('applied');
    await turnsOver();
    expect(await recorded()).toBe(1);

    // b leaves: a is alone, once b's session has ended on the server too.
    await b.turns.close();
    await waitFor('b to leave the turns', async () => {
      const { rows } = await database.query(
        `SELECT count(*) FROM pg_stat_activity
          WHERE application_name LIKE 'httprequest-lego-provider turns %'
            AND datname = current_database()`,
      );
      return Number(rows[0].count) === 1;
    });
    expect((await present(a, '_acme-challenge.alone-b.example.com', vb)).status).toBe('applied');
    await turnsOver();
    expect(await recorded()).toBe(0);

    // c joins after a push nobody recorded: a records again, and c builds on that without a fetch.
    const c = await startInstance('alone-c');
    expect((await present(a, '_acme-challenge.alone-c.example.com', vc)).status).toBe('applied');
    await turnsOver();
    expect(await recorded()).toBe(1);
    expect((await present(c, '_acme-challenge.alone-d.example.com', vd)).status).toBe('applied');
    expect(c.pushes).toEqual(['pushed']);
    expect(await c.fetchedTip()).toBeUndefined();

    const zone = await remoteZone(environment.remote, 'example.com');
    for (const [owner, v] of [
      ['alone-a', va],
      ['alone-b', vb],
      ['alone-c', vc],
      ['alone-d', vd],
    ])
      expect(txtLines(zone, `_acme-challenge.${owner}`)).toEqual([v]);
  });

  it('records its push before it lets the turn go: the next to take the turn finds the record at once', async () => {
    await database.query('DELETE FROM record_pushes');
    const a = await startInstance('release-a');
    await startInstance('release-b');
    const gate = await holdPushes();
    const next = turnsFor(30_000, []).lock;
    // A slow record: were it sent after the release, the next in line would come first.
    await database.query(`CREATE FUNCTION slow_record() RETURNS trigger LANGUAGE plpgsql
      AS $$ BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$`);
    await database.query(`CREATE TRIGGER slow_record BEFORE INSERT ON record_pushes
      FOR EACH ROW EXECUTE FUNCTION slow_record()`);
    try {
      await next.connection();
      const answered = present(a, '_acme-challenge.release-a.example.com', value());
      // a holds the turn while its push waits at the remote: the next in line waits behind it.
      await gate.arrived();
      const taking = next.waitTake();
      await waitFor('the next one to wait for the turn', async () => {
        const { rows } = await database.query(
          "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
        );
        return Number(rows[0].count) === 1;
      });
      await gate.open();
      expect((await answered).status).toBe('applied');
      const held = await taking;
      const { rows } = await held.connection.query({ text: 'SELECT count(*) FROM record_pushes' });
      expect(Number(rows[0].count)).toBe(1);
      await next.release(held);
    } finally {
      await database.query('DROP TRIGGER slow_record ON record_pushes');
      await database.query('DROP FUNCTION slow_record()');
      await gate.remove();
      await next.close();
    }
  });

  it('follows the pushes another instance records while it writes nothing itself: its next turn builds on them, however many, without a fetch', async () => {
    const a = await startInstance('follow-a');
    const b = await startInstance('follow-b');
    // b's first batch opens its connection to the turns, on which it hears of a's pushes.
    expect((await present(b, '_acme-challenge.follow-b0.example.com', value())).status).toBe(
      'applied',
    );
    await turnsOver();
    // More pushes than are kept on record (50): without following them, b would have to fetch.
    for (let i = 0; i < 60; i += 1)
      expect((await present(a, `_acme-challenge.follow-a${i}.example.com`, value())).status).toBe(
        'applied',
      );
    // It follows each time 16 more were recorded: the last few it takes in its next turn.
    const lastSixteen = await Promise.all(
      Array.from({ length: 16 }, (_, k) => refTip(environment.remote, `main~${k}`)),
    );
    await waitFor('b to follow a', async () => lastSixteen.includes(b.clone.headCommit));
    await turnsOver();
    const last = value();
    expect((await present(b, '_acme-challenge.follow-b1.example.com', last)).status).toBe(
      'applied',
    );
    expect(b.pushes).toEqual(['pushed', 'pushed']);
    expect(await b.fetchedTip()).toBeUndefined();
    const zone = await remoteZone(environment.remote, 'example.com');
    expect(txtLines(zone, '_acme-challenge.follow-a59')).toHaveLength(1);
    expect(txtLines(zone, '_acme-challenge.follow-b1')).toEqual([last]);
  });

  it('follows the pushes another instance records only once the batch it is forming is handed off', async () => {
    let pushRecorded = () => undefined as void;
    let turnTried = () => undefined as void;
    const tryingTheTurn = new Promise<void>((resolve) => (turnTried = resolve));
    const handOffs: HandOff[] = [];
    const followedFrom: string[] = [];
    const turns: PushTurns = {
      ...NO_TURNS,
      // Another instance holds the turn: once this one has tried it, its batch goes to that one.
      take: async (_work, handOff) => {
        await tryingTheTurn;
        const batch = handOff();
        if (batch) handOffs.push(batch);
      },
      onPushRecorded: (listener) => (pushRecorded = listener),
      recordedSince: async (commit) => {
        followedFrom.push(commit);
        return [];
      },
    };
    const instance = await startInstance('follow-later', { turns });
    const presented = present(instance, '_acme-challenge.follow-later.example.com', value());

    // Its batch is queued, waiting for the turn, when the other instance records its pushes.
    for (let i = 0; i < 16; i += 1) pushRecorded();
    expect(followedFrom).toEqual([]);
    turnTried();
    await waitFor('the batch to be handed off', async () => handOffs.length === 1);
    await waitFor('the pushes to be followed', async () => followedFrom.length === 1);
    expect(followedFrom).toEqual([instance.clone.headCommit]);
    handOffs[0].settle({
      outcomes: [{ status: 'applied', zone: 'example.com', commit: instance.clone.headCommit }],
    });
    expect((await presented).status).toBe('applied');
  });

  it('tidies its clone once its batches pause, not while they run', async () => {
    const a = await startInstance('quiet-a');
    // Its own clone's: an earlier test's store may still be pausing.
    const tidy = jest.spyOn(a.clone, 'tidy');
    try {
      expect((await present(a, '_acme-challenge.quiet.example.com', value())).status).toBe(
        'applied',
      );
      expect(tidy).not.toHaveBeenCalled();
      await waitFor('the upkeep after the pause', async () => tidy.mock.calls.length === 1);
      expect(await tidy.mock.results[0].value).toBe(false);
    } finally {
      tidy.mockRestore();
    }
  });

  it('does not build on a hand-over that does not hold together (objects missing): the push that follows is rejected, and the change lands after a fetch', async () => {
    const a = await startInstance('torn-a');
    const b = await startInstance('torn-b');
    const [va, vb] = [value(), value()];
    expect((await present(a, '_acme-challenge.torn-a.example.com', va)).status).toBe('applied');
    await turnsOver();
    await database.query(
      `UPDATE record_pushes SET objects = '{}' WHERE id = (SELECT max(id) FROM record_pushes)`,
    );
    expect((await present(b, '_acme-challenge.torn-b.example.com', vb)).status).toBe('applied');
    expect(b.pushes).toEqual(['stale', 'pushed']);
    const zone = await remoteZone(environment.remote, 'example.com');
    expect(txtLines(zone, '_acme-challenge.torn-a')).toEqual([va]);
    expect(txtLines(zone, '_acme-challenge.torn-b')).toEqual([vb]);
  });

  it('gets its turn when the connection of the peer in turn dies (as it does when that instance crashes), and writes its batch itself', async () => {
    const next = await startInstance('next', { waitMs: 600_000, recheckMs: 50 });
    const peer = await peerInTurn();
    const v = value();
    try {
      const outcome = present(next, '_acme-challenge.crashed.example.com', v);
      await waitFor('the instance to hand its batch off', async () => (await handedOff()) === 1);
      await killPeerInTurn();
      expect((await outcome).status).toBe('applied');
    } finally {
      await peer.release();
    }
    await expectWroteItself(next, '_acme-challenge.crashed', v);
  });

  it('writes a batch itself when the peer that took it dies before answering', async () => {
    const owner = await startInstance('owner', { waitMs: 600_000, recheckMs: 50 });
    const v = value();
    let outcome: Promise<ChangeOutcome> | undefined;
    const peer = await peerInTurn(async (connection) => {
      outcome = present(owner, '_acme-challenge.orphan.example.com', v);
      await waitFor('the owner to hand its batch off', async () => (await handedOff(true)) === 1);
      // Taken, as the holder takes it into its next batch; then the holder dies.
      await connection.query({ text: 'UPDATE record_handoffs SET taken = true' });
    });
    try {
      await killPeerInTurn();
      expect((await outcome!).status).toBe('applied');
    } finally {
      await peer.release();
    }
    await expectWroteItself(owner, '_acme-challenge.orphan', v);
  });

  it('does not wait forever on a peer that keeps its turn and never takes the batch: past the bound, the batch goes all the same', async () => {
    const patient = await startInstance('patient', { waitMs: 200, recheckMs: 50 });
    const peer = await peerInTurn();
    const v = value();
    try {
      const outcome = await present(patient, '_acme-challenge.stuck.example.com', v);
      expect(outcome.status).toBe('applied');
    } finally {
      await peer.release();
    }
    expect(patient.turnsMissed).toEqual([
      expect.objectContaining({ name: 'HandOffNotTakenError' }),
    ]);
    expect(await handedOff()).toBe(0);
    const zone = await remoteZone(environment.remote, 'example.com');
    expect(txtLines(zone, '_acme-challenge.stuck')).toEqual([v]);
  });
});
