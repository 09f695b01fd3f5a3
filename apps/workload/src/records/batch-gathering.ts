/** How many pushes' time the next batch waits, at most, for the batches other instances hand off. */
const PUSHES_WAITED_FOR_OTHERS = 2;

/**
 * When the next batch should start. Clients answered by a push often come straight back with
 * their next change (a client with several names, a cleanup after a present, a load test's loop);
 * starting the next push at once with only what queued meanwhile would leave them for the push
 * after, so that batches alternate in halves and each change waits about two pushes. After a push
 * that carried more than one of this instance's changes, the next batch waits for as many as were
 * outstanding when it ended (answered or still queued), but never past that push's own time after
 * it ended: a lone client never waits, and a push that answered a burst costs the next at most one
 * push. Half a push was tried first: where the push is fast (20 ms), the answered clients take one
 * event loop longer than that to come back, and the stragglers of each batch waited a whole push
 * more (docs/benchmarks.md, "Steady state").
 *
 * Another instance whose batch the push carried gathers its own clients the same way and hands
 * the next batch off once: that hand-off is what the next batch waits for, whatever it holds, up to
 * two pushes (its notice, its clients, its hand-off and notice back take a few milliseconds more
 * than this instance's own clients; with one push, about a cycle in seven left them out, and a batch
 * left out waits a whole cycle more, ADR 0002). Its clients that did not come back in time are in
 * its hand-off after, so waiting for them here would only hold everyone else up.
 */
export class BatchGathering {
  private outstanding = 0;
  private deadline = 0;
  private handOffs = 0;
  private handOffsDeadline = 0;

  constructor(private readonly maxBatchSize: number) {}

  /**
   * A push ended at `now` (ms), `tookMs` after its batch started, answering `answered` of this
   * instance's changes and `handOffs` batches other instances handed off.
   */
  pushed(answered: number, stillQueued: number, tookMs: number, now: number, handOffs = 0): void {
    this.outstanding = answered > 1 ? Math.min(answered + stillQueued, this.maxBatchSize) : 0;
    this.deadline = now + tookMs;
    this.handOffs = handOffs;
    this.handOffsDeadline = now + PUSHES_WAITED_FOR_OTHERS * tookMs;
  }

  /**
   * How long the next batch should still wait (ms), with `queued` changes of this instance's and
   * `handedOff` batches from others waiting; 0 to start now. The wait is cut short when either
   * count grows.
   */
  waitMs(queued: number, handedOff: number, now: number): number {
    const own = queued < this.outstanding ? this.deadline - now : 0;
    const others = handedOff < this.handOffs ? this.handOffsDeadline - now : 0;
    if (own <= 0 && others <= 0) return 0;
    return Math.min(own > 0 ? own : Infinity, others > 0 ? others : Infinity);
  }
}
