import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '@hlp/config';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AdvisoryTurns } from '../src/database/advisory-turns';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrations } from '../src/database/migrations';
import { PostgresPushTurns } from '../src/database/postgres-push-turns';
import { gitEnvironment } from '../src/records/git-environment';
import type { ChangeOutcome } from '../src/records/record-change';
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
  readonly turns: PostgresPushTurns;
  readonly pushes: PushOutcome[];
  readonly turnsMissed: unknown[];
  /** The tip the instance last fetched (FETCH_HEAD's first id); undefined when it only cloned. */
  fetchedTip(): Promise<string | undefined>;
}

withPostgres('two instances on one remote and one PostgreSQL database', () => {
  let environment: TestEnvironment;
  let database: Client;
  const instances: Instance[] = [];
  const turnsNamed = 'push to the test remote';

  const turnsFor = (waitMs: number, turnsMissed: unknown[]) => {
    const options = {
      url: environment.database.url,
      name: turnsNamed,
      waitMs,
      onNoTurn: (error: unknown) => turnsMissed.push(error),
    };
    return { lock: new AdvisoryTurns(options), pushTurns: new PostgresPushTurns(options) };
  };

  const startInstance = async (name: string, waitMs: number): Promise<Instance> => {
    const dataDir = join(environment.dir, name);
    const pushes: PushOutcome[] = [];
    const turnsMissed: unknown[] = [];
    const turns = turnsFor(waitMs, turnsMissed).pushTurns;
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
      },
      { ...SILENT_OBSERVER, pushDone: (_, outcome) => pushes.push(outcome) },
      undefined,
      turns,
    );
    await store.open();
    const fetchedTip = async () =>
      (
        await readFile(join(dataDir, 'repository', '.git', 'FETCH_HEAD'), 'utf8').catch(
          () => undefined,
        )
      )?.slice(0, 40);
    const instance = { store, turns, pushes, turnsMissed, fetchedTip };
    instances.push(instance);
    return instance;
  };

  /** Another instance in its turn, until `release` is called. */
  const peerInTurn = async () => {
    const peer = turnsFor(600_000, []).lock;
    let release = () => undefined as void;
    const inTurn = new Promise<void>((taken) => {
      void peer.take(() => {
        taken();
        return new Promise<void>((resolve) => (release = resolve));
      });
    });
    await inTurn;
    return {
      release: async () => {
        release();
        await peer.close();
      },
    };
  };

  /** Turns asked for and not granted yet (advisory locks waited on in the test database). */
  const waiting = async () =>
    Number(
      (
        await database.query<{ count: string }>(
          `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        )
      ).rows[0]?.count,
    );

  const present = (instance: Instance, name: string, v: string) =>
    instance.store.submit({ kind: 'present', name, value: v, username: 'alice' });

  beforeAll(async () => {
    environment = await createTestEnvironment('postgres');
    // The hand-over's table.
    const dataSource = new DataSource(dataSourceOptions(loadConfig(environment.env).database));
    await dataSource.initialize();
    await runMigrations(dataSource);
    await dataSource.destroy();
    database = new Client({ connectionString: environment.database.url });
    await database.connect();
  });

  afterEach(async () => {
    await Promise.all(instances.splice(0).map((instance) => instance.turns.close()));
  });

  afterAll(async () => {
    await database.end();
    await environment.cleanup();
  });

  it('take turns: every change lands exactly once, none is refused as stale, and changes that arrive while waiting share one push', async () => {
    const first = await startInstance('first', 30_000);
    const second = await startInstance('second', 30_000);
    const opening = await refTip(environment.remote);
    const peer = await peerInTurn();
    const names = Array.from({ length: 20 }, (_, i) => `_acme-challenge.t${i}.example.com`);
    const values = names.map(() => value());
    const outcomes = names.map((name, i) => present(i % 2 === 0 ? first : second, name, values[i]));
    await waitFor('both instances to wait for their turn', async () => (await waiting()) === 2);
    await peer.release();

    const done = await Promise.all(outcomes);
    expect(done.map((outcome: ChangeOutcome) => outcome.status)).toEqual(
      names.map(() => 'applied'),
    );
    const zone = await remoteZone(environment.remote, 'example.com');
    names.forEach((_, i) => expect(txtLines(zone, `_acme-challenge.t${i}`)).toEqual([values[i]]));
    // The second in line built on the first one's push: no push of either was refused.
    expect(first.pushes).toEqual(['pushed']);
    expect(second.pushes).toEqual(['pushed']);
    expect([...first.turnsMissed, ...second.turnsMissed]).toEqual([]);
    // Whichever went second was handed the first one's push: neither fetched it.
    for (const instance of [first, second])
      expect([undefined, opening]).toContain(await instance.fetchedTip());
  });

  it('hands each push over to the next instance, which builds on it without a fetch; a writer outside the turns costs a rejected push and a fetch, and loses nothing', async () => {
    const a = await startInstance('hand-a', 30_000);
    const b = await startInstance('hand-b', 30_000);
    const [va, vb, vc, vd] = [value(), value(), value(), value()];
    expect((await present(a, '_acme-challenge.hand-a.example.com', va)).status).toBe('applied');
    expect((await present(b, '_acme-challenge.hand-b.example.com', vb)).status).toBe('applied');
    expect(b.pushes).toEqual(['pushed']);
    // b cloned, then built on a's push without ever fetching.
    expect(await b.fetchedTip()).toBeUndefined();
    // a parsed the zone for its first batch: it follows b's change on that, parsing nothing.
    const parses = jest.spyOn(ZoneModel, 'parse');
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

  it('does not build on a hand-over that does not hold together (objects missing): the push that follows is rejected, and the change lands after a fetch', async () => {
    const a = await startInstance('torn-a', 30_000);
    const b = await startInstance('torn-b', 30_000);
    const [va, vb] = [value(), value()];
    expect((await present(a, '_acme-challenge.torn-a.example.com', va)).status).toBe('applied');
    await database.query(
      `UPDATE record_pushes SET objects = '{}' WHERE id = (SELECT max(id) FROM record_pushes)`,
    );
    expect((await present(b, '_acme-challenge.torn-b.example.com', vb)).status).toBe('applied');
    expect(b.pushes).toEqual(['stale', 'pushed']);
    const zone = await remoteZone(environment.remote, 'example.com');
    expect(txtLines(zone, '_acme-challenge.torn-a')).toEqual([va]);
    expect(txtLines(zone, '_acme-challenge.torn-b')).toEqual([vb]);
  });

  it('gets its turn when the connection of the peer in turn dies (as it does when that instance crashes)', async () => {
    const next = await startInstance('next', 600_000);
    const peer = await peerInTurn();
    const v = value();
    try {
      const outcome = present(next, '_acme-challenge.crashed.example.com', v);
      await waitFor('the instance to wait for its turn', async () => (await waiting()) === 1);
      await database.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks
          WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      expect((await outcome).status).toBe('applied');
    } finally {
      await peer.release();
    }
    // It had its turn: it did not go without one.
    expect(next.turnsMissed).toEqual([]);
    const zone = await remoteZone(environment.remote, 'example.com');
    expect(txtLines(zone, '_acme-challenge.crashed')).toEqual([v]);
  });

  it('does not wait forever on a peer that keeps its turn: past the bound, the batch goes all the same', async () => {
    const patient = await startInstance('patient', 200);
    const peer = await peerInTurn();
    const v = value();
    try {
      const outcome = await present(patient, '_acme-challenge.stuck.example.com', v);
      expect(outcome.status).toBe('applied');
    } finally {
      await peer.release();
    }
    expect(patient.turnsMissed).toEqual([expect.objectContaining({ code: '55P03' })]);
    const zone = await remoteZone(environment.remote, 'example.com');
    expect(txtLines(zone, '_acme-challenge.stuck')).toEqual([v]);
  });
});
