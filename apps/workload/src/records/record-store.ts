import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../common/app-error';
import { applyChanges, type ApplyOptions, commitMessage } from './apply-changes';
import { GitCommandError } from './git-process';
import type { ChangeOutcome, RecordChange } from './record-change';
import { type Author, PushRefusedError, type WorkingClone } from './working-clone';
import { findZone } from './zone-file';

export interface RecordStoreOptions extends ApplyOptions {
  /** Attempts at pushing one batch when other writers keep moving the branch. */
  readonly maxAttempts: number;
  readonly maxBatchSize: number;
  readonly authorEmailDomain: string;
  /** Seconds a client should wait before retrying when the repository is unavailable. */
  readonly retryAfterSeconds: number;
}

export interface BatchReport {
  readonly size: number;
  readonly attempts: number;
  readonly commit?: string;
  readonly error?: unknown;
}

export interface RecordStoreEvents {
  batchDone(report: BatchReport): void;
}

interface Pending {
  readonly change: RecordChange;
  resolve(outcome: ChangeOutcome): void;
  reject(error: unknown): void;
}

function unavailable(message: string, retryAfterSeconds: number, cause: unknown): AppError {
  return new AppError('repository_unavailable', message, { retryAfterSeconds, cause });
}

/**
 * The git-backed record store. Changes from concurrent requests queue up and are applied as one
 * commit and one push per batch (group commit). A push rejected because another writer moved the
 * branch first means: fetch, reset to the new tip, apply the same changes again, retry with a
 * jittered backoff. A change's promise settles only when the push that carries it has succeeded,
 * or when its batch has definitely failed (then nothing of the batch is on the remote).
 */
export class RecordStore {
  private readonly queue: Pending[] = [];
  private draining = false;
  private opened = false;
  private opening?: Promise<void>;
  private lastFailure?: unknown;

  constructor(
    private readonly clone: WorkingClone,
    private readonly options: RecordStoreOptions,
    private readonly events: RecordStoreEvents = { batchDone: () => undefined },
  ) {}

  get queueDepth(): number {
    return this.queue.length;
  }

  /** Clones or resets the working clone; safe to call again after a failure. */
  open(): Promise<void> {
    this.opening ??= this.clone
      .open()
      .then(() => {
        this.opened = true;
        this.lastFailure = undefined;
      })
      .finally(() => {
        this.opening = undefined;
      });
    return this.opening;
  }

  submit(change: RecordChange): Promise<ChangeOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ change, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        // Let requests that arrive in this same turn of the event loop join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await this.processBatch(this.queue.splice(0, this.options.maxBatchSize));
      }
    } finally {
      this.draining = false;
    }
  }

  private async processBatch(batch: Pending[]): Promise<void> {
    const changes = batch.map((pending) => pending.change);
    let attempts = 0;
    try {
      if (!this.opened) await this.open();
      let verifiedFresh = false;
      for (;;) {
        attempts += 1;
        const zones = this.clone.zones();
        const texts = new Map<string, string>();
        for (const change of changes) {
          const zone = findZone(change.name, zones);
          if (zone && !texts.has(zone)) texts.set(zone, await this.clone.readZone(zone));
        }
        const applied = applyChanges(changes, zones, (zone) => texts.get(zone) ?? '', this.options);
        if (applied.files.size === 0) {
          // Nothing to write because our clone already looks as asked: make sure it is not stale.
          if (!verifiedFresh && (await this.clone.fetch())) {
            await this.clone.resetToRemote();
            verifiedFresh = true;
            continue;
          }
          batch.forEach((pending, i) => pending.resolve(applied.outcomes[i] as ChangeOutcome));
          this.events.batchDone({ size: batch.length, attempts });
          return;
        }
        const commit = this.clone.commit(
          applied.files,
          commitMessage(changes, applied.outcomes),
          this.author(changes),
        );
        if ((await this.clone.push()) === 'pushed') {
          this.lastFailure = undefined;
          batch.forEach((pending, i) => {
            const outcome = applied.outcomes[i];
            pending.resolve(
              outcome.status === 'pending'
                ? { status: 'applied', zone: outcome.zone, commit }
                : outcome,
            );
          });
          this.events.batchDone({ size: batch.length, attempts, commit });
          return;
        }
        // Another writer got there first: start again from its tip.
        await this.clone.resetToRemote();
        verifiedFresh = true;
        if (attempts >= this.options.maxAttempts) {
          throw unavailable(
            `the repository kept changing under us: gave up after ${attempts} attempts; retry shortly`,
            1,
            undefined,
          );
        }
        await sleep(Math.round(20 * 2 ** attempts * (0.5 + Math.random())));
      }
    } catch (error) {
      const failure = this.toFailure(error);
      this.lastFailure = error;
      await this.clone.resetToLastKnownRemote().catch(() => {
        this.opened = false;
      });
      batch.forEach((pending) => pending.reject(failure));
      this.events.batchDone({ size: batch.length, attempts, error });
    }
  }

  private toFailure(error: unknown): unknown {
    if (error instanceof AppError) return error;
    if (error instanceof PushRefusedError) {
      return unavailable(
        `the zone repository refused the change (${error.message}); retry later`,
        this.options.retryAfterSeconds,
        error,
      );
    }
    if (error instanceof GitCommandError) {
      const what = error.timedOut ? 'did not answer in time' : 'could not be reached';
      return unavailable(
        `the zone repository ${what}; retry later`,
        this.options.retryAfterSeconds,
        error,
      );
    }
    return error;
  }

  /** One requester: that user. Several: the service, each user named in the message. */
  private author(changes: readonly RecordChange[]): Author {
    const users = [...new Set(changes.map((change) => change.username))];
    const name = users.length === 1 ? users[0] : 'httprequest-lego-provider';
    return {
      name,
      email: `${name.replace(/[^A-Za-z0-9._+-]/g, '_')}@${this.options.authorEmailDomain}`,
    };
  }

  /** For readiness: the clone is usable and the remote answered the last time it was asked. */
  async check(): Promise<void> {
    if (!this.opened) {
      await this.open();
      return;
    }
    if (this.lastFailure !== undefined) {
      await this.clone.ping();
      this.lastFailure = undefined;
    }
  }
}
