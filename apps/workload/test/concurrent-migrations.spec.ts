import { loadConfig } from '@hlp/config';
import { DataSource } from 'typeorm';

import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrations } from '../src/database/migrations';
import { describeWithPostgres } from './support/requirements';
import { createTestEnvironment, type TestEnvironment } from './support/test-app';

// Units of the charm that start together each run `migrate` on the one PostgreSQL database.
const withPostgres = describeWithPostgres('test/concurrent-migrations.spec.ts (PostgreSQL only)');

withPostgres('two processes migrating one PostgreSQL database at the same moment', () => {
  let environment: TestEnvironment;
  const dataSources: DataSource[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment('postgres');
    for (const _ of [1, 2]) {
      const dataSource = new DataSource(dataSourceOptions(loadConfig(environment.env).database));
      await dataSource.initialize();
      dataSources.push(dataSource);
    }
  });

  afterAll(async () => {
    await Promise.all(dataSources.map((dataSource) => dataSource.destroy()));
    await environment.cleanup();
  });

  it('take turns: each migration runs exactly once, and both end up current', async () => {
    const applied = await Promise.all(dataSources.map((dataSource) => runMigrations(dataSource)));

    expect(applied.flat().sort()).toEqual(dataSources[0]?.migrations.map((m) => m.name).sort());
    for (const dataSource of dataSources) {
      expect(await runMigrations(dataSource)).toEqual([]);
    }
  });
});
