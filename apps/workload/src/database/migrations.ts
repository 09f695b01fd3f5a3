import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The application's data source, for the commands that migrate it or check that it is. */
export function dataSourceOf(app: INestApplicationContext): DataSource {
  return app.get<DataSource>(getDataSourceToken());
}

/** Any constant works: it only has to be the same for every process of this service. */
const MIGRATION_LOCK = 7_314_159;

/**
 * Applies pending migrations and returns their names. On PostgreSQL an advisory lock makes
 * units that start together take turns, so each migration runs exactly once.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  if (dataSource.options.type !== 'postgres') {
    const done = await dataSource.runMigrations({ transaction: 'all' });
    return done.map((migration) => migration.name);
  }
  const lockHolder = dataSource.createQueryRunner();
  await lockHolder.connect();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const done = await dataSource.runMigrations({ transaction: 'all' });
    return done.map((migration) => migration.name);
  } finally {
    await lockHolder
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
      .catch(() => undefined);
    await lockHolder.release();
  }
}

/** Names of migrations not yet applied. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const tableExists = await runner.hasTable(
      dataSource.options.migrationsTableName ?? 'migrations',
    );
    const applied = new Set<string>();
    if (tableExists) {
      const rows = (await runner.query(
        `SELECT name FROM ${runner.connection.driver.escape(dataSource.options.migrationsTableName ?? 'migrations')}`,
      )) as { name: string }[];
      for (const row of rows) applied.add(row.name);
    }
    return dataSource.migrations
      .map((migration) => migration.name ?? migration.constructor.name)
      .filter((name) => !applied.has(name));
  } finally {
    await runner.release();
  }
}
