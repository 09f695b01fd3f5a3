/** How many pushes' time the next batch waits, at most, for changes other instances hand off. */
const PUSHES_WAITED_FOR_OTHERS = 2;

/**
 * When the next batch should start. Clients answered by a push often come straight back with
 * their next change (a client with several names, a cleanup after a present, a load test's loop);
 * starting the next push at once with only what queued meanwhile would leave them for the push
 * after, so that batches alternate in halves and each change waits about two pushes. After a push
 * that carried more than one change, the next batch waits for as many changes as were outstanding
 * when it ended (answered or still queued), but never past that push's own time after it ended: a
 * lone client never waits, and a push that answered a burst costs the next at most one push.
 * Half a push was tried first: where the push is fast (20 ms), the answered clients take one event
 * loop longer than that to come back, and the stragglers of each batch waited a whole push more
 * (docs/benchmarks.md, "Steady state"). Changes another instance handed off come back later still:
 * its notice, its clients, its hand-off and notice back take a few milliseconds more than the
 * holder's own clients. After a push that carried some, the bound is two pushes: with one, about a
 * cycle in seven left them out, and a batch left out waits a whole cycle more (ADR 0002).
 */
export class BatchGathering {
  private outstanding = 0;
  private deadline = 0;

  constructor(private readonly maxBatchSize: number) {}

  /**
   * A push ended at `now` (ms), `tookMs` after its batch started, answering `answered` changes,
   * `fromOthers` of them handed off by other instances.
   */
  pushed(answered: number, stillQueued: number, tookMs: number, now: number, fromOthers = 0): void {
    this.outstanding = answered > 1 ? Math.min(answered + stillQueued, this.maxBatchSize) : 0;
    this.deadline = now + (fromOthers > 0 ? PUSHES_WAITED_FOR_OTHERS : 1) * tookMs;
  }

  /** How long the next batch should still wait for more changes (ms); 0 to start now. */
  waitMs(queued: number, now: number): number {
    if (queued >= this.outstanding) return 0;
    return Math.max(0, this.deadline - now);
  }
}
