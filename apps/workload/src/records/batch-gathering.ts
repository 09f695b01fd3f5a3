/**
 * When the next batch should start. Clients answered by a push often come straight back with
 * their next change (a client with several names, a cleanup after a present, a load test's loop);
 * starting the next push at once with only what queued meanwhile would leave them for the push
 * after, so that batches alternate in halves and each change waits about two pushes. After a push
 * that carried more than one change, the next batch waits for as many changes as were outstanding
 * when it ended (answered or still queued), but never past half that push's time after it ended:
 * a lone client never waits, and a push that answered a burst costs the next at most half a push.
 * Changes another instance handed off come back later than this instance's own (its notice, its
 * round trips to the database, its clients'): after a push that carried some, the wait may last
 * that push's whole time.
 */
export class BatchGathering {
  private outstanding = 0;
  private deadline = 0;

  constructor(private readonly maxBatchSize: number) {}

  /**
   * A push ended at `now` (ms), `tookMs` after its batch started, answering `answered` changes,
   * some of them handed off by other instances (`fromOthers`).
   */
  pushed(
    answered: number,
    stillQueued: number,
    tookMs: number,
    now: number,
    fromOthers = false,
  ): void {
    this.outstanding = answered > 1 ? Math.min(answered + stillQueued, this.maxBatchSize) : 0;
    this.deadline = now + (fromOthers ? tookMs : tookMs / 2);
  }

  /** How long the next batch should still wait for more changes (ms); 0 to start now. */
  waitMs(queued: number, now: number): number {
    if (queued >= this.outstanding) return 0;
    return Math.max(0, this.deadline - now);
  }
}
