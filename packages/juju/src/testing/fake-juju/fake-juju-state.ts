import { randomBytes } from 'node:crypto';

import { type ConfigValue } from '../../hook-tools/config';
import { type JsonObject } from '../../json';

/** A status as the fake records it. */
export interface FakeStatus {
  status: string;
  message: string;
}

/** A relation and all its databags. */
export interface FakeRelation {
  id: number;
  endpoint: string;
  /** The application on the other side (this application for a peer relation). */
  remoteApp: string;
  /** A peer relation: the remote units are this application's other units, and every unit reads the app bag. */
  peer: boolean;
  localAppData: Record<string, string>;
  localUnitData: Record<string, string>;
  remoteAppData: Record<string, string>;
  /** Remote unit name → its databag; the keys are what `relation-list` reports. */
  remoteUnitsData: Record<string, Record<string, string>>;
}

/** One revision of a secret. */
export interface FakeSecretRevision {
  revision: number;
  content: Record<string, string>;
}

/** A secret this unit can see. */
export interface FakeSecret {
  /** `secret:<id>`. */
  id: string;
  /** `application`/`unit`: owned by this charm; `remote`: owned by another application and granted to us. */
  owner: 'application' | 'unit' | 'remote';
  /** The owner's label. */
  label?: string;
  /** The label this unit gave the secret as a consumer. */
  consumerLabel?: string;
  description?: string;
  expire?: string;
  rotate?: string;
  revisions: FakeSecretRevision[];
  /** The revision this unit, as consumer, currently sees (set by the first read, moved by `--refresh`). */
  trackedRevision?: number;
  grants: { relationId: number; unit?: string }[];
}

/** The running action. */
export interface FakeAction {
  name: string;
  params: JsonObject;
  /** What `action-set` recorded, nested as Juju reports it. */
  results: JsonObject;
  /** Set by `action-fail`. */
  failureMessage?: string;
  /** Lines from `action-log`. */
  logs: string[];
}

/** One `juju-log` line. */
export interface FakeLogEntry {
  level: string;
  message: string;
}

/** Everything the fake hook tools read and write, kept as one JSON file. */
export interface FakeJujuState {
  unit: string;
  modelName: string;
  modelUuid: string;
  leader: boolean;
  config: Record<string, ConfigValue>;
  relations: FakeRelation[];
  secrets: FakeSecret[];
  action?: FakeAction;
  unitStatus: FakeStatus;
  appStatus: FakeStatus;
  /** `8000/tcp`, `icmp`, … */
  openedPorts: string[];
  logs: FakeLogEntry[];
  /** `state-set` storage. */
  unitState: Record<string, string>;
  applicationVersion: string;
  /** Binding → what `network-get` prints (raw, kebab-case); unknown bindings get a default. */
  networks: Record<string, JsonObject>;
  /** Every hook tool call, as argv, in order. */
  toolCalls: string[][];
}

/** A relation to arrange: only the identity is required. */
export type FakeRelationInit = Partial<FakeRelation> &
  Pick<FakeRelation, 'id' | 'endpoint' | 'remoteApp'>;

/** A secret to arrange: give `content` for a single first revision, or `revisions`. */
export type FakeSecretInit = Partial<FakeSecret> &
  Pick<FakeSecret, 'owner'> & { content?: Record<string, string> };

/** The state to arrange; everything not given gets an empty default. */
export type FakeJujuStateInit = Partial<Omit<FakeJujuState, 'relations' | 'secrets'>> & {
  relations?: FakeRelationInit[];
  secrets?: FakeSecretInit[];
};

/** A new secret ID in Juju's format: `secret:` and 20 base32hex characters. */
export function newSecretId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  return `secret:${Array.from(randomBytes(20), (byte) => alphabet[byte % 32]).join('')}`;
}

/** Fills every field the init leaves out. */
export function fakeJujuState(init: FakeJujuStateInit = {}): FakeJujuState {
  return {
    unit: 'example/0',
    modelName: 'test-model',
    modelUuid: '00000000-0000-4000-8000-000000000000',
    leader: false,
    config: {},
    unitStatus: { status: 'maintenance', message: '' },
    appStatus: { status: 'unknown', message: '' },
    openedPorts: [],
    logs: [],
    unitState: {},
    applicationVersion: '',
    networks: {},
    toolCalls: [],
    ...init,
    relations: (init.relations ?? []).map((relation) => ({
      peer: false,
      localAppData: {},
      localUnitData: {},
      remoteAppData: {},
      remoteUnitsData: {},
      ...relation,
    })),
    secrets: (init.secrets ?? []).map(({ content, ...secret }) => ({
      id: newSecretId(),
      grants: [],
      revisions: content === undefined ? [] : [{ revision: 1, content }],
      ...secret,
    })),
  };
}

/**
 * What Juju keeps of a hook that exited non-zero: it commits relation data, secrets, unit state
 * and ports only on success, so those go back to `before`; statuses, logs and action output stay.
 */
export function discardUncommitted(before: FakeJujuState, after: FakeJujuState): void {
  after.relations = before.relations;
  after.secrets = before.secrets;
  after.unitState = before.unitState;
  after.openedPorts = before.openedPorts;
}
