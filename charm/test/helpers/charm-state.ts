import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type ConfigValue, type Plan } from '@hlp/juju';
import {
  type ContainerInit,
  Context,
  type ExecCall,
  type ExecOutcome,
  type ExecStub,
  type FakeRelationInit,
  type FakeSecretInit,
  type State,
  type StateInit,
  containerPlan,
  copyState,
  state,
} from '@hlp/juju/testing';

import { CHARM } from '../../src/definition';
import { CONTAINER, ENDPOINTS, SERVICE } from '../../src/names';
import { defaultConfig } from './charmcraft';
import { WORKLOAD_DIR } from './paths';
import { ROCK_WORKLOAD_DIR, rockLayer } from './rock-layer';
import { newestMigration } from './test-database';

/** The charm, run in this process. */
export const ctx = new Context(CHARM);

export const APP = 'httprequest-lego-provider';
export const PEER_RELATION_ID = 1;
export const DATABASE_RELATION_ID = 3;
export const DATABASE_APP = 'postgresql-k8s';
export const DATABASE_SECRET_ID = 'secret:d0b5vdvmp25c7bpf5l10';
/** A repository on a path: it needs no SSH key. */
export const ZONE_REPOSITORY = '/srv/zones.git';

/** A private key the charm accepts (it only checks the armour); no key would sign with it. */
export function privateKey(name: string): string {
  const body = Buffer.from(name.repeat(40)).toString('base64');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

/** The metrics port the rock's layer sets here (the rock's own is the default). */
export const METRICS_PORT = 9464;

/** The rock's workload CLI: its service command without `serve`. */
export const CLI = ['/usr/bin/node', `${ROCK_WORKLOAD_DIR}/dist/main.js`];

/** What postgresql-k8s publishes: on the relation, and in the `secret-user` secret. */
export const PROVIDER_DATABAG = { database: APP, endpoints: 'pg-primary.db.svc:5432' };
export const CREDENTIALS = { username: 'relation_id_3', password: 'first-password' };

/** The relation and secret Juju holds once postgresql-k8s has answered. */
export function databaseRelated(credentials: Record<string, string> = CREDENTIALS): {
  relations: FakeRelationInit[];
  secrets: FakeSecretInit[];
} {
  return {
    relations: [
      {
        id: DATABASE_RELATION_ID,
        endpoint: ENDPOINTS.database,
        remoteApp: DATABASE_APP,
        remoteAppData: { ...PROVIDER_DATABAG, 'secret-user': DATABASE_SECRET_ID },
        remoteUnitsData: { [`${DATABASE_APP}/0`]: {} },
      },
    ],
    secrets: [{ id: DATABASE_SECRET_ID, owner: 'remote', content: credentials }],
  };
}

/**
 * The workload container as Juju starts it: Pebble seeded with the rock's layer (its port moved
 * to `port`, its metrics to {@link METRICS_PORT}), the workload's manifest and newest migration where the rock has them, and a CLI
 * whose `migrate` succeeds.
 */
export function rockContainer(port: number, execs: readonly ExecStub[] = []): ContainerInit {
  const layer = rockLayer();
  const service = layer.services?.[SERVICE];
  if (service !== undefined) {
    service.environment = {
      ...service.environment,
      HLP_PORT: String(port),
      HLP_METRICS_PORT: String(METRICS_PORT),
    };
  }
  const migrations = `${ROCK_WORKLOAD_DIR}/dist/database/migrations`;
  const file = (content: string) => ({ content, permissions: 0o644 });
  return {
    layers: [{ label: SERVICE, layer }],
    files: {
      [`${ROCK_WORKLOAD_DIR}/package.json`]: file(
        readFileSync(join(WORKLOAD_DIR, 'package.json'), 'utf8'),
      ),
      [`${migrations}/postgres/${newestMigration('postgres')}.js`]: file(''),
      [`${migrations}/sqlite/${newestMigration('sqlite')}.js`]: file(''),
    },
    execs: [{ command: [...CLI, 'migrate'], outcome: { stdout: 'migrated\n' } }, ...execs],
  };
}

/** What the workload's CLI answers, by its arguments (after the command that runs it). */
export type CliAnswers = (args: readonly string[], call: ExecCall) => ExecOutcome;

/** The workload's CLI in the container, answering as `answers` says. */
export function workloadCli(answers: CliAnswers): ExecStub {
  return { command: CLI, outcome: (call) => answers(call.command.slice(CLI.length), call) };
}

/** A copy of `current` whose workload CLI answers as `answers` says (`migrate` still succeeds). */
export function withCli(current: State, answers: CliAnswers): State {
  const next = copyState(current);
  workload(next).execs.push(workloadCli(answers));
  return next;
}

/** Options of {@link unitState}. */
export interface UnitOptions {
  readonly number?: number;
  readonly leader?: boolean;
  /** Options the operator set, on top of the declared defaults; default: git-repo only. */
  readonly config?: Record<string, ConfigValue>;
  /** Whether the postgresql relation exists and the provider has answered. Default true. */
  readonly database?: boolean;
  /** The workload container; default the rock's, with its port moved to `port`. */
  readonly container?: ContainerInit;
  readonly relations?: FakeRelationInit[];
  readonly secrets?: FakeSecretInit[];
}

/** A unit of the application in the `lego` model, with its peer relation. */
export function unitState(port: number, options: UnitOptions = {}): State {
  const number = options.number ?? 0;
  const database = options.database === false ? { relations: [], secrets: [] } : databaseRelated();
  const init: StateInit = {
    unit: `${APP}/${number}`,
    leader: options.leader ?? number === 0,
    modelName: 'lego',
    config: { ...defaultConfig(), ...(options.config ?? { 'git-repo': ZONE_REPOSITORY }) },
    relations: [
      { id: PEER_RELATION_ID, endpoint: ENDPOINTS.peers, remoteApp: APP, peer: true },
      ...database.relations,
      ...(options.relations ?? []),
    ],
    secrets: [...database.secrets, ...(options.secrets ?? [])],
    containers: { [CONTAINER]: options.container ?? rockContainer(port) },
  };
  return state(init);
}

/** The workload container of a state. */
export function workload(current: State) {
  const container = current.containers[CONTAINER];
  if (container === undefined) throw new Error(`the state has no ${CONTAINER} container`);
  return container;
}

/** The combined plan of the workload container (the charm's layer over the rock's). */
export function plan(current: State): Plan {
  return containerPlan(workload(current));
}

/** The environment the service runs with. */
export function environment(current: State): Record<string, string> {
  return plan(current).services?.[SERVICE]?.environment ?? {};
}
