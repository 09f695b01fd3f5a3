import { type SettableStatus } from '../hook-tools/status';

/**
 * Thrown by `reconcile` to stop early and show a status instead of `active`. Not a failure:
 * the hook still succeeds. Use the subclasses.
 */
export abstract class StatusError extends Error {
  /** The status this error sets. */
  abstract readonly status: Exclude<SettableStatus, 'active'>;
}

/** The charm needs a human: bad config, a missing integration. */
export class BlockedStatusError extends StatusError {
  override readonly name = 'BlockedStatusError';
  readonly status = 'blocked';
}

/** The charm waits for something that will come by itself: Pebble, a relation's data, the leader. */
export class WaitingStatusError extends StatusError {
  override readonly name = 'WaitingStatusError';
  readonly status = 'waiting';
}

/** The charm is busy with something that takes a while and continues in a later hook. */
export class MaintenanceStatusError extends StatusError {
  override readonly name = 'MaintenanceStatusError';
  readonly status = 'maintenance';
}
