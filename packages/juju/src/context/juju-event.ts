import { type RelationRef } from '../hook-tools/relation-ref';

/** Hooks that carry no extra data. */
export type LifecycleHook =
  | 'install'
  | 'start'
  | 'stop'
  | 'remove'
  | 'upgrade-charm'
  | 'config-changed'
  | 'update-status'
  | 'leader-elected'
  | 'leader-settings-changed'
  | 'pre-series-upgrade'
  | 'post-series-upgrade'
  | 'collect-metrics';

/** A lifecycle hook, such as `config-changed`. */
export interface LifecycleEvent {
  readonly kind: LifecycleHook;
}

/** `<container>-pebble-ready`: the workload container's Pebble answers. */
export interface PebbleReadyEvent {
  readonly kind: 'pebble-ready';
  /** The container name (`JUJU_WORKLOAD_NAME`). */
  readonly workload: string;
}

/** `<container>-pebble-custom-notice` (Juju 3.4+). */
export interface PebbleCustomNoticeEvent {
  readonly kind: 'pebble-custom-notice';
  readonly workload: string;
  readonly notice: { readonly id: string; readonly type: string; readonly key: string };
}

/** `<container>-pebble-check-failed` / `-check-recovered` (Juju 3.6+). */
export interface PebbleCheckEvent {
  readonly kind: 'pebble-check-failed' | 'pebble-check-recovered';
  readonly workload: string;
  /** `JUJU_PEBBLE_CHECK_NAME`. */
  readonly checkName: string;
}

/** `<endpoint>-relation-<phase>`. */
export interface RelationEvent {
  readonly kind:
    | 'relation-created'
    | 'relation-joined'
    | 'relation-changed'
    | 'relation-departed'
    | 'relation-broken';
  /** `JUJU_RELATION` and the id from `JUJU_RELATION_ID`. */
  readonly relation: RelationRef;
  /** `JUJU_REMOTE_APP`. */
  readonly remoteApp?: string;
  /** `JUJU_REMOTE_UNIT`; absent for application-data changes and -created/-broken. */
  readonly remoteUnit?: string;
  /** `JUJU_DEPARTING_UNIT`, on -departed. */
  readonly departingUnit?: string;
}

/** `secret-changed` (consumer) and `secret-rotate`, `secret-remove`, `secret-expired` (owner). */
export interface SecretEvent {
  readonly kind: 'secret-changed' | 'secret-rotate' | 'secret-remove' | 'secret-expired';
  readonly secret: {
    /** `JUJU_SECRET_ID`. */
    readonly id: string;
    /** `JUJU_SECRET_LABEL`, when the secret has a label for this charm. */
    readonly label?: string;
    /** `JUJU_SECRET_REVISION`, on -remove and -expired. */
    readonly revision?: number;
  };
}

/** `<storage>-storage-attached` / `-detaching`. */
export interface StorageEvent {
  readonly kind: 'storage-attached' | 'storage-detaching';
  readonly storage: { readonly name: string; /** `JUJU_STORAGE_ID`. */ readonly id?: string };
}

/** `actions/<name>`: someone ran an action. */
export interface ActionEvent {
  readonly kind: 'action';
  /** `JUJU_ACTION_NAME`. */
  readonly name: string;
  /** `JUJU_ACTION_UUID`. */
  readonly uuid?: string;
}

/** A hook this library does not know (kept rather than refused, so new Juju hooks still reach the charm). */
export interface UnknownEvent {
  readonly kind: 'unknown';
  readonly hook: string;
}

/** What Juju dispatched the charm for, read from `JUJU_DISPATCH_PATH` and its companions. */
export type JujuEvent =
  | LifecycleEvent
  | PebbleReadyEvent
  | PebbleCustomNoticeEvent
  | PebbleCheckEvent
  | RelationEvent
  | SecretEvent
  | StorageEvent
  | ActionEvent
  | UnknownEvent;
