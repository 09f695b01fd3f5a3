import {
  type Charm,
  type RelationRef,
  WaitingStatusError,
  readPostgresqlConnection,
  requestPostgresqlDatabase,
} from '@hlp/juju';

import { ENDPOINTS } from '../names';
import { liveRelation } from './live-relations';

/** The postgresql relation, unless there is none or this very hook is its removal. */
export function databaseRelation(charm: Charm): Promise<RelationRef | undefined> {
  return liveRelation(charm, ENDPOINTS.database);
}

/** Asks the provider for a database named after the application (leader only), as the Python charm. */
export async function requestDatabase(charm: Charm, relation: RelationRef): Promise<void> {
  await requestPostgresqlDatabase(charm.runner, relation, { database: charm.context.appName });
}

/** The connection URI the provider shared (credentials come from its secret). */
export async function databaseUri(charm: Charm, relation: RelationRef): Promise<string> {
  const connection = await readPostgresqlConnection(charm.runner, relation);
  if (connection === undefined) {
    throw new WaitingStatusError(`waiting for the database credentials on ${ENDPOINTS.database}`);
  }
  return connection.uri;
}
