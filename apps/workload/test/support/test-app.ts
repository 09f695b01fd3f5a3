import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import supertest from 'supertest';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/app-config';
import { startupConfig } from '../../src/config/startup-config';
import { runMigrations } from '../../src/database/migrations';
import { createHttpApp } from '../../src/http/create-http-app';
import { createTestDatabase, type Engine, type TestDatabase } from './databases';
import { createZoneRepository } from './zone-repository';

export interface TestEnvironment {
  readonly dir: string;
  readonly database: TestDatabase;
  /** A bare zone repository seeded with the zones asked for. */
  readonly remote: string;
  /** The environment a workload process of this test would get. */
  readonly env: Record<string, string>;
  cleanup(): Promise<void>;
}

export interface TestEnvironmentOptions {
  readonly env?: Record<string, string>;
  readonly zones?: readonly string[];
}

/** A data directory, an empty database of the given engine, and a zone repository. */
export async function createTestEnvironment(
  engine: Engine,
  options: TestEnvironmentOptions = {},
): Promise<TestEnvironment> {
  const dir = await mkdtemp(join(tmpdir(), 'hlp-test-'));
  const database = await createTestDatabase(engine, dir);
  const remote = await createZoneRepository(dir, options.zones ?? ['example.com']);
  return {
    dir,
    database,
    remote,
    env: {
      HLP_DATA_DIR: join(dir, 'data'),
      DATABASE_URL: database.url,
      HLP_GIT_REPO: remote,
      HLP_SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
      HLP_LOG_LEVEL: 'silent',
      // Many apps run in one test process: none binds the metrics port unless a test asks.
      HLP_METRICS_PORT: '0',
      ...options.env,
    },
    async cleanup() {
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TestApp {
  readonly app: NestExpressApplication;
  readonly config: AppConfig;
  readonly dataSource: DataSource;
  readonly http: ReturnType<typeof supertest>;
  close(): Promise<void>;
}

/**
 * The scrypt cost of the passwords test apps hash: low, since the tests are about who gets in, and
 * the full cost would be most of their time (src/passwords/password-hashing.spec.ts covers it).
 */
export const TEST_PASSWORD_COST = { ln: 4, r: 8, p: 1 } as const;

/**
 * The HTTP app as `serve` builds it, migrated and initialised, without listening on a port;
 * passwords are hashed at {@link TEST_PASSWORD_COST}.
 */
export async function startTestApp(
  environment: TestEnvironment,
  options: { migrate?: boolean } = {},
): Promise<TestApp> {
  const config = { ...(await startupConfig(environment.env)), passwordCost: TEST_PASSWORD_COST };
  const app = await createHttpApp(config);
  const dataSource = app.get<DataSource>(getDataSourceToken());
  if (options.migrate ?? true) await runMigrations(dataSource);
  await app.init();
  return {
    app,
    config,
    dataSource,
    http: supertest(app.getHttpServer()),
    close: () => app.close(),
  };
}
