import { type CommandRunner } from '../hook-tools/command-runner';
import { isLeader } from '../hook-tools/leadership';
import { relationGet, relationIds, relationList, relationSet } from '../hook-tools/relation';
import { type RelationRef } from '../hook-tools/relation-ref';
import { secretGet } from '../hook-tools/secret';
import { buildPostgresqlUri } from './postgresql-uri';
import { BlockedStatusError, WaitingStatusError } from './status-error';

/** What the requirer asks a `postgresql_client` provider for. */
export interface PostgresqlRequest {
  /** The database to create (the provider may answer with another name). */
  readonly database: string;
  /** Fields the provider should deliver in secrets; default {@link DEFAULT_REQUESTED_SECRETS}. */
  readonly requestedSecrets?: readonly string[];
  /** Extra roles for the user, comma-separated, such as `admin`. */
  readonly extraUserRoles?: string;
}

/** The secret fields data_interfaces requests by default. */
export const DEFAULT_REQUESTED_SECRETS: readonly string[] = [
  'username',
  'password',
  'tls',
  'tls-ca',
  'uris',
  'read-only-uris',
];

/** Connection details the provider published. */
export interface PostgresqlConnection {
  readonly database: string;
  /** `host:port` entries; the first is the primary. */
  readonly endpoints: readonly string[];
  readonly readOnlyEndpoints: readonly string[];
  readonly username: string;
  readonly password: string;
  /** The provider's `uris` when it sent one, else built from the first endpoint. */
  readonly uri: string;
  readonly version?: string;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Asks for a database: writes `database` and `requested-secrets` (and `extra-user-roles`) into
 * this application's databag. Leader only; Juju fires relation-changed on the provider only
 * if a value changed, so writing on every hook is harmless.
 */
export async function requestPostgresqlDatabase(
  runner: CommandRunner,
  relation: RelationRef,
  request: PostgresqlRequest,
): Promise<void> {
  const data: Record<string, string> = {
    database: request.database,
    'requested-secrets': JSON.stringify(request.requestedSecrets ?? DEFAULT_REQUESTED_SECRETS),
  };
  if (request.extraUserRoles !== undefined) {
    data['extra-user-roles'] = request.extraUserRoles;
  }
  await relationSet(runner, relation, data, { app: true });
}

/**
 * Reads what the provider published in its application databag, resolving `secret-user` (a
 * secret with `username`, `password` and maybe `uris`). `undefined` until everything is there.
 */
export async function readPostgresqlConnection(
  runner: CommandRunner,
  relation: RelationRef,
): Promise<PostgresqlConnection | undefined> {
  const remoteApp = await relationList(runner, relation, { app: true });
  if (!remoteApp) {
    return undefined;
  }
  const bag = await relationGet(runner, relation, remoteApp, { app: true });
  const endpoints = list(bag.endpoints);
  const database = bag.database;
  if (endpoints.length === 0 || !database) {
    return undefined;
  }
  // Without Juju secrets (Juju < 3.0.3), providers put the fields in the databag itself.
  const secretUser = bag['secret-user'];
  const credentials = secretUser
    ? await secretGet(runner, {
        id: secretUser,
        label: `${relation.endpoint}.${relation.id}.user.secret`,
        refresh: true,
      })
    : bag;
  const { username, password } = credentials;
  if (!username || !password) {
    return undefined;
  }
  const [primary = ''] = endpoints;
  return {
    database,
    endpoints,
    readOnlyEndpoints: list(bag['read-only-endpoints']),
    username,
    password,
    uri:
      credentials.uris || buildPostgresqlUri({ username, password, endpoint: primary, database }),
    ...(bag.version ? { version: bag.version } : {}),
  };
}

/**
 * The requirer side of `postgresql_client` in one call: finds the relation on `endpoint`, asks
 * for the database (as leader), and returns the connection. Throws {@link BlockedStatusError}
 * without the relation and {@link WaitingStatusError} until the provider has answered.
 */
export async function requirePostgresqlDatabase(
  runner: CommandRunner,
  endpoint: string,
  request: PostgresqlRequest,
): Promise<PostgresqlConnection> {
  const [relation] = await relationIds(runner, endpoint);
  if (relation === undefined) {
    throw new BlockedStatusError(`missing integration: ${endpoint}`);
  }
  if (await isLeader(runner)) {
    await requestPostgresqlDatabase(runner, relation, request);
  }
  const connection = await readPostgresqlConnection(runner, relation);
  if (connection === undefined) {
    throw new WaitingStatusError(`waiting for database credentials on ${endpoint}`);
  }
  return connection;
}
