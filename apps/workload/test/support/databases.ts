import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';

export type Engine = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL as well when TEST_POSTGRES_URL is set (always in CI). */
export const ENGINES: Engine[] = process.env.TEST_POSTGRES_URL
  ? ['sqlite', 'postgres']
  : ['sqlite'];

export interface TestDatabase {
  readonly engine: Engine;
  readonly url: string;
  drop(): Promise<void>;
}

async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** An empty database of its own for one test file: a file in `dir`, or a fresh PostgreSQL database. */
export async function createTestDatabase(engine: Engine, dir: string): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    return { engine, url: `sqlite:${join(dir, 'test.sqlite3')}`, drop: async () => undefined };
  }
  const name = `hlp_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(process.env.TEST_POSTGRES_URL as string);
  url.pathname = `/${name}`;
  return {
    engine,
    url: url.toString(),
    drop: () =>
      onServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
