import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { WORKLOAD_DIR } from './paths';

/** What a postgresql_client provider publishes: its databag, and the content of `secret-user`. */
export interface ProviderAnswer {
  readonly databag: Record<string, string>;
  readonly credentials: Record<string, string>;
}

/** A database for one test file, and the provider answers that point at it. */
export interface TestDatabase {
  /** `postgres` when TEST_POSTGRES_URL names a server, else `sqlite`. */
  readonly engine: 'postgres' | 'sqlite';
  /** The answer with the first credentials. */
  readonly answer: ProviderAnswer;
  drop(): Promise<void>;
}

/** The schema version the built workload brings: its newest migration for the engine. */
export function newestMigration(engine: TestDatabase['engine']): string {
  const dir = join(WORKLOAD_DIR, 'dist', 'database', 'migrations', engine);
  const names = readdirSync(dir).filter((name) => /^\d.*\.js$/.test(name));
  return (names.sort().at(-1) ?? '').replace(/\.js$/, '');
}

interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}
type PgModule = { Client: new (options: { connectionString: string }) => PgClient };

// The workload's driver; the charm itself has no database dependency.
const pg = createRequire(join(WORKLOAD_DIR, 'package.json'))('pg') as PgModule;

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A database on the TEST_POSTGRES_URL server holding `sql`: the source of an import. */
export interface SourceDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export async function createSourceDatabase(sql: string): Promise<SourceDatabase> {
  const serverUrl = process.env.TEST_POSTGRES_URL;
  if (!serverUrl) {
    throw new Error(
      'CI requires TEST_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres)',
    );
  }
  const name = `hlp_source_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await adminQuery(url.toString(), sql);
  return {
    url: url.toString(),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * A fresh PostgreSQL database on the TEST_POSTGRES_URL server (as postgresql-k8s would create
 * one), or, without a server, SQLite files the provider's `uris` point at.
 */
export async function createTestDatabase(dir: string): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_POSTGRES_URL;
  if (!serverUrl) {
    const databag = { database: 'httprequest-lego-provider', endpoints: 'localhost:5432' };
    const sqlite = (file: string) => ({
      username: 'relation_id_3',
      password: randomBytes(12).toString('hex'),
      uris: `sqlite:${join(dir, file)}`,
    });
    return {
      engine: 'sqlite',
      answer: { databag, credentials: sqlite('db.sqlite3') },
      drop: async () => undefined,
    };
  }
  const server = new URL(serverUrl);
  const name = `hlp_charm_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const databag = { database: name, endpoints: `${server.hostname}:${server.port || '5432'}` };
  const user = decodeURIComponent(server.username) || 'postgres';
  return {
    engine: 'postgres',
    answer: { databag, credentials: { username: user, password: 'first-password' } },
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
