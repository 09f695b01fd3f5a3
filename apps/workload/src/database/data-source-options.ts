import type { Database } from '@hlp/config';
import { defaults as pgDefaults, types as pgTypes } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';

/** TypeORM options for a configured database. The schema only ever changes through migrations. */
export function dataSourceOptions(database: Database): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrationsTableName: 'migrations',
    synchronize: false,
  } as const;
  if (database.type === 'postgres') {
    // Timestamps are stored without a zone (the type TypeORM picks on both engines): write and
    // read them as UTC whatever the process's or the server's time zone.
    pgDefaults.parseInputDatesAsUTC = true;
    pgTypes.setTypeParser(
      pgTypes.builtins.TIMESTAMP,
      (text) => new Date(`${text.replace(' ', 'T')}Z`),
    );
    return {
      ...common,
      type: 'postgres',
      url: database.url,
      migrations: POSTGRES_MIGRATIONS,
      applicationName: 'httprequest-lego-provider',
      extra: { options: '-c TimeZone=UTC' },
    };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    migrations: SQLITE_MIGRATIONS,
    // WAL lets the CLI write while the server reads; waiting on a lock beats failing on it.
    enableWAL: database.path !== ':memory:',
    timeout: 10_000,
  };
}
