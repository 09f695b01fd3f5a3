import { dirname, join } from 'node:path';

import { type Database } from '@hlp/config';
import {
  BlockedStatusError,
  type CommandRunner,
  ExecError,
  type Pebble,
  PebbleError,
  stateGet,
  stateSet,
} from '@hlp/juju';

import { SERVICE_USER } from '../names';
import { cliErrorMessage } from './cli-error';
import { type WorkloadImage } from './workload-image';

/** Unit state: the database and schema version this unit last migrated. */
const MIGRATED_STATE = 'migrated-schema';
const MIGRATION_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * The schema version the workload image brings: its newest migration for the database engine,
 * as shipped next to its CLI (`dist/database/migrations/<engine>/<timestamp>-<name>.js`).
 */
async function schemaVersion(pebble: Pebble, image: WorkloadImage, database: Database) {
  const script = image.cli.at(-1) ?? '';
  const dir = join(dirname(script), 'database', 'migrations', database.type);
  let names: string[] = [];
  try {
    names = (await pebble.listFiles(dir, { pattern: '[0-9]*.js' })).map((file) => file.name);
  } catch (error) {
    if (!(error instanceof PebbleError)) throw error;
  }
  const newest = names.sort().at(-1);
  if (newest === undefined) {
    throw new BlockedStatusError(
      `cannot find the workload's ${database.type} migrations in ${dir}: is the image the httprequest-lego-provider rock?`,
    );
  }
  return newest.replace(/\.js$/, '');
}

/**
 * Migrates the database with the workload's `migrate` once per database and schema version,
 * before the service (re)starts. Units starting together are safe: `migrate` takes a
 * PostgreSQL advisory lock, so one migrates and the others find nothing left to do.
 */
export async function migrateOnce(
  runner: CommandRunner,
  pebble: Pebble,
  image: WorkloadImage,
  database: Database,
  environment: Readonly<Record<string, string>>,
): Promise<void> {
  const migrated = `${database.redacted} ${await schemaVersion(pebble, image, database)}`;
  if ((await stateGet(runner, MIGRATED_STATE)) === migrated) return;
  try {
    await pebble.exec([...image.cli, 'migrate'], {
      environment,
      ...(image.workingDir === undefined ? {} : { workingDir: image.workingDir }),
      user: SERVICE_USER,
      timeoutMs: MIGRATION_TIMEOUT_MS,
    });
  } catch (error) {
    if (!(error instanceof PebbleError)) throw error;
    const reason = error instanceof ExecError ? cliErrorMessage(error) : error.message;
    throw new BlockedStatusError(
      `database migration failed (retried on the next hook): ${reason.replace(/\s*\n\s*/g, ' ')}`,
    );
  }
  await stateSet(runner, { [MIGRATED_STATE]: migrated });
}
