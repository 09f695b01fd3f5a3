import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RecordChange } from '../records/record-change';
import type { BatchResult, HandedOffBatch, HandOff } from '../records/push-turns';
import { resultFromStore, storedResult } from './handed-off-results';
import {
  type LinkAnswer,
  type PeerConnection,
  PeerLink,
  PeerServer,
  type ToHolder,
} from './peer-channel';
import { preparedStatement } from './prepared-statement';
import type { Statements } from './serial-statements';

/** How long opening a link to the instance in turn may take before its batch goes the other way. */
const OPEN_MS = 1_000;

/** After finding no instance in turn that takes batches directly, how long before looking again. */
const NO_HOLDER_RECHECK_MS = 5_000;

/**
 * After a link to the instance in turn could not be opened (a network policy that drops the
 * connection costs {@link OPEN_MS}), how long before trying again.
 */
const UNREACHABLE_RECHECK_MS = 60_000;

/** A batch a peer handed off, until the turn takes it. */
interface PeerBatch {
  /** The id it has on its link. */
  readonly onLink: string;
  readonly changes: RecordChange[];
  readonly peer: PeerConnection;
}

/**
 * Hand-offs between instances over a peer channel (ADR 0007), beside the turns' rows and notices:
 * as the instance in turn, the batches peers hand it and their answers; out of turn, a link to the
 * instance in turn, found through the database. Whatever this cannot carry, the caller sends
 * through the database.
 */
export class PeerHandOffs {
  private readonly server: PeerServer;
  private readonly key = randomBytes(32).toString('hex');
  private listening?: Promise<number>;
  private holding = false;
  private readonly waiting: PeerBatch[] = [];
  /** The peer each batch taken came from. */
  private readonly peerOf = new WeakMap<HandedOffBatch, PeerBatch>();
  private taken = 0;
  /** The link to the instance in turn, while it holds. */
  private link?: Promise<PeerLink | undefined>;
  private linkBatches = 0;
  /** No link is looked for again before then (performance.now()). */
  private noLinkUntil = 0;

  constructor(
    private readonly options: {
      /** What the turns are kept under: the remote and branch. */
      readonly name: string;
      /** The turns' advisory lock key, as a bigint's decimal text. */
      readonly lockKey: () => string;
      readonly address: string;
      readonly port: number;
      /** How long a hand-off waits for its answer. */
      readonly waitMs: number;
      /** The turns' connection. */
      readonly connection: () => Promise<Statements>;
      /** A peer handed a batch off, to be taken with this turn's next batch. */
      readonly onBatch: () => void;
    },
  ) {
    this.server = new PeerServer(this.key, (peer, message) => this.heard(peer, message));
  }

  /** Listens for peers (once), and tells them where through this connection's row. */
  async register(connection: Statements): Promise<void> {
    const { name, address, port } = this.options;
    this.listening ??= this.server.listen(port, address);
    const bound = await this.listening;
    await connection.query(
      preparedStatement(
        'register-peer',
        `WITH gone AS (
           DELETE FROM record_peers WHERE pid NOT IN (SELECT pid FROM pg_stat_activity)
         )
         INSERT INTO record_peers (pid, remote, address, port, key)
         VALUES (pg_backend_pid(), $1, $2, $3, $4)
         ON CONFLICT (pid) DO UPDATE
           SET remote = EXCLUDED.remote, address = EXCLUDED.address, port = EXCLUDED.port,
               key = EXCLUDED.key`,
        [name, address, bound, this.key],
      ),
    );
  }

  /** Batches peers handed off and the turn has not taken yet. */
  get waitingBatches(): number {
    return this.waiting.length;
  }

  /** This instance took the turn; once it lets go, the batches not taken go back to their peers. */
  inTurn(holding: boolean): void {
    this.holding = holding;
    if (!holding) for (const batch of this.waiting.splice(0)) batch.peer.send({ n: batch.onLink });
  }

  private heard(peer: PeerConnection, message: ToHolder): void {
    if ('h' in message) {
      if (!this.holding) return peer.send({ n: message.h });
      this.waiting.push({ onLink: message.h, changes: [...message.changes], peer });
      this.options.onBatch();
      return;
    }
    const batch = this.waiting.find((one) => one.peer === peer && one.onLink === message.j);
    if (batch) batch.changes.push(...message.changes);
    else peer.send({ left: message.j, count: message.changes.length });
  }

  /** The batches waiting: oldest first, whole while they fit in `room` changes, at least one. */
  take(room: number): HandedOffBatch[] {
    const taken: HandedOffBatch[] = [];
    let left = room;
    while (this.waiting.length > 0) {
      const next = this.waiting[0];
      if (taken.length > 0 && next.changes.length > left) break;
      this.waiting.shift();
      left -= next.changes.length;
      this.taken += 1;
      const batch = { id: `peer ${this.taken}`, changes: next.changes };
      this.peerOf.set(batch, next);
      taken.push(batch);
    }
    return taken;
  }

  /** Answers `batch` on its link if a peer handed it off here: false otherwise. */
  answer(batch: HandedOffBatch, result: BatchResult): boolean {
    const from = this.peerOf.get(batch);
    from?.peer.send({ r: from.onLink, result: storedResult(result) });
    return from !== undefined;
  }

  /**
   * Hands `batch` to the instance in turn over its link, changes queued meanwhile joining it: true
   * once it is settled. False when it went unwritten there (no link, the turn ended, the link
   * broke or the answer took longer than a hand-off may wait): it goes through the database then,
   * as it was first given (a batch written twice changes nothing the second time).
   */
  async handOff(batch: HandOff): Promise<boolean> {
    const link = await this.linkToHolder();
    if (!link) return false;
    this.linkBatches += 1;
    const id = String(this.linkBatches);
    let joined = 0;
    const answer = link.handOff(id, batch.changes, (count) => {
      batch.leave(count);
      joined -= count;
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<LinkAnswer>((resolve) => {
      timer = setTimeout(() => resolve('lost'), this.options.waitMs);
    });
    try {
      for (;;) {
        const next = await Promise.race([answer, late, batch.queued().then(() => 'more' as const)]);
        if (next === 'more') {
          const more = batch.join();
          joined += more.length;
          if (more.length > 0) link.join(id, more);
          continue;
        }
        if (typeof next === 'object') {
          batch.settle(resultFromStore(next.result));
          return true;
        }
        if (next === 'lost') link.close();
        if (joined > 0) batch.leave(joined);
        return false;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** The link to the instance in turn, opened once its address is found there. */
  private linkToHolder(): Promise<PeerLink | undefined> {
    if (performance.now() < this.noLinkUntil) return Promise.resolve(undefined);
    const link = (this.link ??= this.openLink().catch(() => {
      this.noLinkUntil = performance.now() + UNREACHABLE_RECHECK_MS;
      return undefined;
    }));
    return link.then((open) => {
      if (open && !open.closed) return open;
      if (this.link === link) this.link = undefined;
      return undefined;
    });
  }

  private async openLink(): Promise<PeerLink | undefined> {
    const connection = await this.options.connection();
    // A bigint advisory lock shows in pg_locks as its high half (classid) and low half (objid).
    const key = BigInt.asUintN(64, BigInt(this.options.lockKey()));
    const { rows } = await connection.query<{ address: string; port: number; key: string }>(
      preparedStatement(
        'find-holder',
        `SELECT p.address, p.port, p.key FROM record_peers p
           JOIN pg_locks l ON l.pid = p.pid
          WHERE p.remote = $1 AND p.pid <> pg_backend_pid() AND l.locktype = 'advisory'
            AND l.granted AND l.classid = $2::oid AND l.objid = $3::oid AND l.objsubid = 1`,
        [this.options.name, (key >> 32n).toString(), (key & 0xffffffffn).toString()],
      ),
    );
    if (rows.length === 0) {
      this.noLinkUntil = performance.now() + NO_HOLDER_RECHECK_MS;
      return undefined;
    }
    return PeerLink.open(rows[0].address, rows[0].port, rows[0].key, OPEN_MS);
  }

  /** Stops taking batches (those waiting go back with their links) and closes the link. */
  async close(): Promise<void> {
    this.holding = false;
    this.waiting.length = 0;
    void this.link?.then((link) => link?.close());
    if (this.listening) await this.server.close();
  }
}
