import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT_CONTEXT, type Span, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { applyChanges, type ApplyOptions, commitMessage } from './apply-changes';
import { GitCommandError } from './git-process';
import type { ChangeOutcome, RecordChange } from './record-change';
import { changesInMessage, type RecentChange, recentChanges as changesIn } from './recent-changes';
import {
  type BatchReport,
  type CloneRebuildCause,
  type RecordStoreObserver,
  SILENT_OBSERVER,
} from './record-store-observer';
import { CloneDamagedError, PushRefusedError } from './clone-errors';
import { toFailure, unavailable, UnconfirmedPushError } from './record-store-failures';
import type { AdoptedCommit, Author, PushResult, WorkingClone } from './working-clone';
import { encodeObject, objectId } from './git-objects';
import { findZone, ZoneModel } from './zone-file';
import { ParsedZones } from './parsed-zones';
import { BatchGathering } from './batch-gathering';
import {
  type BatchResult,
  type HandedOffBatch,
  type HandOff,
  LONE_TURN,
  NO_TURNS,
  type PushTurns,
  type Turn,
} from './push-turns';

/** How long without a batch before the clone's upkeep runs (ms). */
const QUIET_MS = 200;

/**
 * Pushes another instance records before this one follows them outside its turns: well within
 * the pushes kept on record, so that it never falls so far behind that its next turn must fetch.
 */
const FOLLOW_AFTER = 16;

export interface RecordStoreOptions extends ApplyOptions {
  /** Attempts at pushing one batch when other writers keep moving the branch. */
  readonly maxAttempts: number;
  readonly maxBatchSize: number;
  readonly authorEmailDomain: string;
  /** Seconds a client should wait before retrying when the repository is unavailable. */
  readonly retryAfterSeconds: number;
  /**
   * How long a batch's own requests wait, at most, for the answer to the batches other instances
   * handed off to it (ms), which goes first.
   */
  readonly othersFirstMs: number;
}

interface Pending {
  readonly change: RecordChange;
  /** The request's wait for its batch: a child of the request's span. */
  readonly span: Span;
  /** When it was queued (performance.now(), ms): a plain number, as this is every request's path. */
  readonly queuedAt: number;
  resolve(outcome: ChangeOutcome): void;
  reject(error: unknown): void;
}

/** A batch that is done: its changes' outcomes, and what the observer hears about it. */
type Written = Omit<BatchReport, 'size' | 'attempts'> & {
  readonly result: 'pushed' | 'unchanged';
  readonly outcomes: readonly ChangeOutcome[];
};

/**
 * The git-backed record store. Changes from concurrent requests queue up and are applied as one
 * commit and one push per batch (group commit). A push rejected because another writer moved the
 * branch first means: fetch, reset to the new tip, apply the same changes again, retry with a
 * jittered backoff; instances that share the remote take turns ({@link PushTurns}) so that they
 * do not race each other at all. A change's promise settles only when the remote is known to have the push that
 * carries it, or when its batch has failed: then nothing of it is on the remote, unless its push
 * gave no verdict (the client is told so). A clone git finds damaged is cloned again, and the
 * batch applied once more.
 */
export class RecordStore {
  private readonly queue: Pending[] = [];
  private draining = false;
  private opened = false;
  private opening?: Promise<void>;
  private lastFailure?: unknown;
  private readonly parsed = new ParsedZones();
  private readonly gathering: BatchGathering;
  /** Wakes a batch that waits for more changes. */
  private arrived?: () => void;
  /** Runs the clone's upkeep once no batch has run for {@link QUIET_MS}. */
  private quiet?: NodeJS.Timeout;
  /** Pushes the other instances recorded since this one last wrote or followed. */
  private pushesBehind = 0;
  private inItsTurn = false;
  /** Batches of this instance's handed to the instance in turn, not yet answered. */
  private handedOffPending = 0;
  /** Following the others' pushes, off this instance's turns: a turn waits for it. */
  private following?: Promise<void>;
  /** Wakes a batch handed off that takes in the changes queued behind it. */
  private queuedBehind?: () => void;

  constructor(
    private readonly clone: WorkingClone,
    private readonly options: RecordStoreOptions,
    private readonly observer: RecordStoreObserver = SILENT_OBSERVER,
    private readonly tracer: Tracer = trace.getTracer('httprequest-lego-provider'),
    private readonly turns: PushTurns = NO_TURNS,
  ) {
    this.gathering = new BatchGathering(options.maxBatchSize);
    turns.onHandOff(() => this.arrived?.());
    turns.onPushRecorded(() => {
      this.pushesBehind += 1;
      this.follow();
    });
  }

  get queueDepth(): number {
    return this.queue.length;
  }

  /**
   * Clones or resets the working clone; safe to call again after a failure. A clone git finds
   * damaged is discarded and cloned again: the remote is the record of truth.
   */
  open(): Promise<void> {
    return this.exclusively(() =>
      this.clone.open().catch(async (error: unknown) => {
        if (!(error instanceof CloneDamagedError)) throw error;
        await this.rebuild('open', error);
      }),
    );
  }

  private async rebuild(during: CloneRebuildCause, damage: CloneDamagedError): Promise<void> {
    this.observer.cloneRebuilt(during, damage);
    await this.clone.rebuild();
  }

  /**
   * One opening (or rebuilding) of the clone at a time, after any following of the others' pushes:
   * whoever asks meanwhile waits for it.
   */
  private exclusively(work: () => Promise<void>): Promise<void> {
    this.opened = false;
    this.opening ??= Promise.resolve(this.following)
      .then(work)
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
    const span = this.tracer.startSpan('record-store wait', {
      attributes: { 'record.operation': change.kind, 'record.name': change.name },
    });
    return new Promise((resolve, reject) => {
      this.queue.push({
        change,
        span,
        queuedAt: performance.now(),
        resolve: (outcome) => {
          span.setAttribute('record.outcome', outcome.status);
          span.end();
          resolve(outcome);
        },
        reject: (error) => {
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
          span.end();
          reject(error);
        },
      });
      this.observer.queueChanged(this.queue.length);
      this.arrived?.();
      const behind = this.queuedBehind;
      this.queuedBehind = undefined;
      behind?.();
      if (!this.draining) {
        this.draining = true;
        // Let requests that arrive in this same turn of the event loop join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      // The batch is taken from the queue once the turn has come: what arrived while waiting joins it.
      while (this.queue.length > 0) {
        await this.gathered();
        await this.turns.take(
          (turn) => this.inTurn(turn),
          () => this.handOff(),
        );
      }
    } finally {
      this.draining = false;
      this.tidyWhenQuiet();
    }
  }

  /** Once no batch has run for a moment, the clone's upkeep (off every batch's path). */
  private tidyWhenQuiet(): void {
    clearTimeout(this.quiet);
    this.quiet = setTimeout(() => {
      if (!this.draining && this.opened) void this.clone.tidy().catch(() => undefined);
    }, QUIET_MS).unref();
  }

  /**
   * Builds on the pushes the other instances recorded, once {@link FOLLOW_AFTER} came, while this
   * instance is not in turn (idle, or waiting on a batch it handed off): an instance that only
   * hands off, or sits idle, would otherwise find its next turn too far behind the record and
   * fetch, holding the turn for seconds. One that fell off the record already fetches here.
   * What is parsed of the zones is not brought along: that would cost each push followed, where
   * parsing again costs only the next turn, if one comes. While a batch forms (its clients come
   * back just as the push that answered them is recorded), following waits for its hand-off: the
   * instance then has a whole push's time to spare.
   */
  private follow(): void {
    if (this.following || this.pushesBehind < FOLLOW_AFTER || !this.opened || this.inItsTurn)
      return;
    const forming = this.queue.length > 0 || this.gathering.waitMs(0, 0, performance.now()) > 0;
    if (forming && this.handedOffPending === 0) return;
    this.pushesBehind = 0;
    this.following = this.step('follow', async () => {
      const pushes = await this.turns.recordedSince(this.clone.headCommit);
      if (pushes === undefined) await this.clone.catchUp();
      else if (pushes.length > 0) await this.clone.adopt(pushes);
    })
      // Whatever went wrong, the next turn builds on the record, or fetches, as it would have.
      .catch(() => undefined)
      .finally(() => {
        this.following = undefined;
        // Pushes recorded meanwhile may be due already, with no notice to come.
        this.follow();
      });
  }

  /**
   * This instance's turn: batches, each with the batches the other instances handed off, while
   * there is work for one.
   */
  private async inTurn(turn: Turn): Promise<void> {
    this.inItsTurn = true;
    try {
      await this.following;
      await this.batchesInTurn(turn);
    } finally {
      // Its last push is the tip: nobody else pushed in its turn.
      this.pushesBehind = 0;
      this.inItsTurn = false;
    }
  }

  private async batchesInTurn(turn: Turn): Promise<void> {
    for (;;) {
      const batch = this.queue.splice(0, this.options.maxBatchSize);
      this.observer.queueChanged(this.queue.length);
      const room = this.options.maxBatchSize - batch.length;
      // Should the taking fail, their instances write them once this turn is over.
      const handedOff = room > 0 ? await turn.takeHandedOff(room).catch(() => []) : [];
      if (batch.length === 0 && handedOff.length === 0) return;
      await this.nextBatch(turn, batch, handedOff);
      await this.gathered();
      if (this.queue.length === 0 && this.turns.handOffsAnnounced() === 0) return;
    }
  }

  /** The next batch, for the instance in turn; its requests are answered as that instance answers. */
  private handOff(): HandOff | undefined {
    const batch = this.queue.splice(0, this.options.maxBatchSize);
    if (batch.length === 0) return undefined;
    this.observer.queueChanged(this.queue.length);
    const started = performance.now();
    for (const pending of batch) this.observer.changeWaited((started - pending.queuedAt) / 1000);
    this.handedOffPending += 1;
    // Once the batch is on its way (its row is sent first): the batch in flight, and the pushes to
    // follow, if due.
    setImmediate(() => {
      this.observer.batchInFlight();
      this.follow();
    });
    return {
      changes: batch.map((pending) => pending.change),
      settle: (result) => {
        this.handedOffPending -= 1;
        this.settle(batch, result);
        const now = performance.now();
        if ('outcomes' in result)
          this.gathering.pushed(batch.length, this.queue.length, now - started, now);
      },
      takeBack: () => {
        this.handedOffPending -= 1;
        this.queue.unshift(...batch);
        this.observer.queueChanged(this.queue.length);
      },
      queued: () =>
        new Promise<void>((resolve) => {
          this.queuedBehind = resolve;
        }),
      join: () => {
        const joined = this.queue.splice(0, this.options.maxBatchSize - batch.length);
        if (joined.length === 0) return [];
        this.observer.queueChanged(this.queue.length);
        const now = performance.now();
        for (const pending of joined) this.observer.changeWaited((now - pending.queuedAt) / 1000);
        batch.push(...joined);
        return joined.map((pending) => pending.change);
      },
      leave: (count) => {
        this.queue.unshift(...batch.splice(batch.length - count, count));
        this.observer.queueChanged(this.queue.length);
      },
    };
  }

  private settle(batch: readonly Pending[], result: BatchResult): void {
    if ('failure' in result) for (const pending of batch) pending.reject(result.failure);
    else batch.forEach((pending, i) => pending.resolve(result.outcomes[i]));
  }

  /** Waits while {@link BatchGathering} expects more changes for the next batch. */
  private async gathered(): Promise<void> {
    for (;;) {
      const handedOff = this.turns.handOffsAnnounced();
      const wait = this.gathering.waitMs(this.queue.length, handedOff, performance.now());
      if (wait <= 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => this.arrived?.(), wait);
        this.arrived = () => {
          clearTimeout(timer);
          this.arrived = undefined;
          resolve();
        };
      });
    }
  }

  private nextBatch(
    turn: Turn,
    batch: readonly Pending[],
    handedOff: readonly HandedOffBatch[],
  ): Promise<void> {
    const started = performance.now();
    for (const pending of batch) this.observer.changeWaited((started - pending.queuedAt) / 1000);
    // A batch is a trace of its own, linked to the requests it carries.
    return this.tracer.startActiveSpan(
      'record-store batch',
      {
        links: batch.map((pending) => ({ context: pending.span.spanContext() })),
        attributes: {
          'batch.size': batch.length,
          'batch.handed_off': handedOff.reduce((sum, other) => sum + other.changes.length, 0),
          'batch.after_another_instance': turn.afterAnother,
        },
      },
      ROOT_CONTEXT,
      (span) => this.processBatch(batch, handedOff, turn, started).finally(() => span.end()),
    );
  }

  /** One step of a batch, as a span: apply, commit, push, fetch, reset. */
  private step<T>(name: string, work: () => T | Promise<T>): Promise<T> {
    return this.tracer.startActiveSpan(`record-store ${name}`, async (span) => {
      try {
        return await work();
      } catch (error) {
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  /**
   * Pushes the batch's commit. A push that gives no verdict (it timed out, or the connection
   * broke) may have landed all the same: then the remote is asked.
   */
  private async push(commit: string): Promise<PushResult | 'found'> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = await this.step('push', () =>
        this.clone.push(commit, () => this.observer.batchInFlight()),
      );
      this.observer.pushDone(seconds(), result);
      return result;
    } catch (error) {
      this.observer.pushDone(seconds(), error instanceof PushRefusedError ? 'refused' : 'failed');
      if (!(error instanceof GitCommandError)) throw error;
      const found = await this.step('verify', () => this.clone.remoteHas(commit)).catch(
        (verifyError: unknown) => {
          if (verifyError instanceof CloneDamagedError) throw verifyError;
          return false;
        },
      );
      if (found) return 'found';
      throw new UnconfirmedPushError(error);
    }
  }

  /**
   * Writes this instance's batch with the batches handed off to it, and answers them all; the
   * handed-off ones before the turn ends, as their instances take a turn without an answer to mean
   * that nobody wrote them.
   */
  private async processBatch(
    batch: readonly Pending[],
    handedOff: readonly HandedOffBatch[],
    turn: Turn,
    started: number,
  ): Promise<void> {
    const changes = [
      ...batch.map((pending) => pending.change),
      ...handedOff.flatMap((other) => other.changes),
    ];
    const answer = async (result: BatchResult) => {
      let next = batch.length;
      const results = handedOff.map((other): BatchResult => {
        if ('failure' in result) return result;
        next += other.changes.length;
        return { outcomes: result.outcomes.slice(next - other.changes.length, next) };
      });
      // Unanswered, they are written again by their instances: nothing is lost.
      const answered = turn.answer(handedOff, results).catch(() => undefined);
      // The other instances first: their clients have the longer way back (a notice, then their
      // own instance) and the next batch waits for the last of them, while this instance's own
      // clients, answered meanwhile, would take the machine from that notice.
      if (handedOff.length > 0)
        await Promise.race([
          answered,
          sleep(this.options.othersFirstMs, undefined, { ref: false }),
        ]);
      this.settle(batch, result);
      return answered;
    };
    const progress = { attempts: 0 };
    try {
      const written = await this.write(changes, progress, turn).catch(async (error: unknown) => {
        if (!(error instanceof CloneDamagedError)) throw error;
        // A new clone, and the same changes once more: they are idempotent, so this is safe even
        // when the damage showed after the push.
        await this.step('rebuild', () => this.exclusively(() => this.rebuild('batch', error)));
        return this.write(changes, progress, turn);
      });
      if (written.result === 'pushed') {
        this.lastFailure = undefined;
        const now = performance.now();
        this.gathering.pushed(
          batch.length,
          this.queue.length,
          now - started,
          now,
          handedOff.length,
        );
      }
      await answer({ outcomes: written.outcomes });
      // After the answers, which need not wait for it: it goes before the turn's release all the same.
      if (written.commit !== undefined) this.handOver(turn, written.commit);
      const { outcomes: _, ...report } = written;
      this.observer.batchDone({ size: changes.length, attempts: progress.attempts, ...report });
    } catch (error) {
      const failure = toFailure(error, this.options.retryAfterSeconds);
      this.lastFailure = error;
      // A clone not open is reset when it opens; resetting it now could race with that.
      if (this.opened)
        await this.clone.resetToLastKnownRemote().catch(() => {
          this.opened = false;
        });
      await answer({ failure });
      this.observer.batchDone({
        size: changes.length,
        attempts: progress.attempts,
        result: 'failed',
        error,
      });
    }
  }

  /**
   * Applies, commits and pushes the changes until the remote has them, or they change nothing.
   * The batch builds on what the instances before it in turn pushed: handed over when they
   * recorded it, fetched first otherwise.
   */
  private async write(
    changes: readonly RecordChange[],
    progress: { attempts: number },
    turn: Turn = LONE_TURN,
  ): Promise<Written> {
    let verifiedFresh = false;
    if (!this.opened) await this.step('open', () => this.open());
    else if (
      !(await this.step('hand-over', () => this.adoptHandedOver(turn))) &&
      turn.afterAnother
    ) {
      await this.step('fetch', () => this.clone.catchUp());
      verifiedFresh = true;
    }
    for (;;) {
      progress.attempts += 1;
      const applied = await this.step('apply', () => this.apply(changes));
      if (applied.files.size === 0) {
        this.remember(applied.models);
        // Nothing to write because our clone already looks as asked: make sure it is not stale.
        if (!verifiedFresh && (await this.step('fetch', () => this.clone.fetch()))) {
          await this.step('reset', () => this.clone.resetToRemote());
          verifiedFresh = true;
          continue;
        }
        return { result: 'unchanged', outcomes: applied.outcomes as ChangeOutcome[] };
      }
      const commit = await this.step('commit', () =>
        this.clone.commit(
          applied.files,
          commitMessage(changes, applied.outcomes),
          this.author(changes),
        ),
      );
      this.remember(applied.models);
      const pushed = await this.push(commit);
      if (pushed !== 'stale') {
        return {
          result: 'pushed',
          commit,
          ...(pushed === 'found' ? { foundAfterPushFailure: true } : {}),
          outcomes: applied.outcomes.map((outcome) =>
            outcome.status === 'pending'
              ? { status: 'applied', zone: outcome.zone, commit }
              : outcome,
          ),
        };
      }
      // Another writer got there first: start again from its tip.
      await this.step('reset', () => this.clone.resetToRemote());
      verifiedFresh = true;
      if (progress.attempts >= this.options.maxAttempts) {
        throw unavailable(
          `the repository kept changing under us: gave up after ${progress.attempts} attempts; retry shortly`,
          1,
          undefined,
        );
      }
      trace.getActiveSpan()?.addEvent('retry', { attempt: progress.attempts + 1 });
      // The fetch took a while already: the first retry goes at once, while the other writer's
      // next push is still forming; later ones wait a random part of a doubling window, so that
      // writers that keep colliding spread out.
      if (progress.attempts > 1)
        await sleep(Math.round(Math.random() * 20 * 2 ** (progress.attempts - 1)));
    }
  }

  /**
   * Builds on the pushes made in turns since our HEAD, from the objects recorded with them. False
   * when they are not known, or do not hold together (a fetch is in order then).
   */
  private async adoptHandedOver(turn: Turn): Promise<boolean> {
    const pushes = await turn.pushesSince(this.clone.headCommit).catch(() => undefined);
    if (!pushes) return false;
    if (pushes.length === 0) return true;
    return this.clone.adopt(pushes).then(
      (adopted) => {
        this.replay(adopted);
        return true;
      },
      () => false,
    );
  }

  /**
   * Brings what is parsed of the zones along the commits adopted: each commit's changes (listed in
   * its message) applied to the model of the blob it changed, kept only if the result is that
   * commit's blob to the byte; otherwise the zone is parsed again when a batch needs it. Applying a
   * few changes costs a fraction of parsing the whole file.
   */
  private replay(adopted: readonly AdoptedCommit[]): void {
    const zones = this.clone.zones();
    for (const commit of adopted) {
      const changes = changesInMessage(commit.message);
      for (const [zone, blobs] of commit.zones) {
        const model = this.parsed.take(zone, blobs.before);
        if (!model) continue;
        const ofZone = changes.filter((change) => findZone(change.name, zones) === zone);
        const text = applyChanges(ofZone, zones, () => model, this.options).files.get(zone);
        if (text !== undefined && objectId(encodeObject('blob', Buffer.from(text))) === blobs.after)
          this.parsed.put(zone, blobs.after, model);
      }
    }
  }

  /**
   * Records the push for the instance in turn after us. Should that fail, it fetches instead:
   * nothing is lost, so nobody is told.
   */
  private handOver(turn: Turn, commit: string): void {
    const push = this.clone.handOver(commit);
    if (push) void this.step('record', () => turn.recordPush(push)).catch(() => undefined);
  }

  /**
   * The batch applied to the zone files it touches, each read once: parsed already, or read from
   * the clone and parsed (in `applyChanges`, which reports a zone it cannot parse).
   */
  private async apply(changes: readonly RecordChange[]) {
    const zones = this.clone.zones();
    const texts = new Map<string, string>();
    for (const change of changes) {
      const zone = findZone(change.name, zones);
      if (zone && !texts.has(zone) && !this.parsed.has(zone, this.clone.zoneBlob(zone)))
        texts.set(zone, await this.clone.readZone(zone));
    }
    const read = (zone: string) =>
      this.parsed.take(zone, this.clone.zoneBlob(zone)) ??
      ZoneModel.parse(texts.get(zone) ?? '', zone);
    return applyChanges(changes, zones, read, this.options);
  }

  /** Keeps the zones as the batch left them, for the next batch, once HEAD holds them. */
  private remember(models: ReadonlyMap<string, ZoneModel>): void {
    for (const [zone, model] of models) this.parsed.put(zone, this.clone.zoneBlob(zone), model);
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

  /** The latest record changes, read from the repository's commit log (nothing is written). */
  async recentChanges(limit: number): Promise<RecentChange[]> {
    const notAvailable = (cause?: unknown) =>
      unavailable(
        'the zone repository is not available yet; retry later',
        this.options.retryAfterSeconds,
        cause,
      );
    if (!this.opened) throw notAvailable();
    const log = await this.clone.log(limit).catch((error: unknown) => {
      if (!(error instanceof CloneDamagedError)) throw error;
      // The next batch, or the next readiness probe, clones it again.
      this.opened = false;
      throw notAvailable(error);
    });
    return changesIn(log, limit);
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
