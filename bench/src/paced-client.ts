import { Agent } from 'node:http';
import { challenge, type Exchange, post } from './loopback';

export interface LegitExchange extends Exchange {
  readonly requestId: string;
}

export interface PacedClientOptions {
  readonly port: number;
  readonly authorization: string;
  /** Its client address, one of 127.0.0.0/8. */
  readonly from: string;
  readonly zones: readonly string[];
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Reuse connections (an agent per client) rather than open one per request. */
  readonly keepAlive: boolean;
}

/**
 * A legitimate lego-like client: one `/present` every `intervalMs` whether or not earlier ones
 * have been answered (an open loop, so a stalled service is seen as stalled), each followed by
 * the `/cleanup` of the same value once answered, so that no record accumulates.
 */
export class PacedClient {
  readonly presents: LegitExchange[] = [];
  readonly cleanups: LegitExchange[] = [];
  private readonly agent: Agent | undefined;
  private readonly pending = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private sequence = 0;
  private readonly run = `${process.pid}-${Date.now().toString(36)}`;

  constructor(private readonly options: PacedClientOptions) {
    this.agent = options.keepAlive ? new Agent({ keepAlive: true }) : undefined;
  }

  /** One present and its cleanup, waiting for both; for warming up before measuring. */
  async once(): Promise<LegitExchange> {
    const present = await this.presentAndCleanUp(this.sequence++);
    if (typeof present.outcome !== 'number' || present.outcome >= 300)
      throw new Error(
        `the legitimate client's /present failed (${present.outcome}) before any attack`,
      );
    return present;
  }

  start(): void {
    const tick = () => {
      const done = this.presentAndCleanUp(this.sequence++).then(() => {
        this.pending.delete(done);
      });
      this.pending.add(done);
    };
    tick();
    this.timer = setInterval(tick, this.options.intervalMs);
  }

  /**
   * Stops sending, cleanups included (each scenario's service is discarded, so a record left
   * behind harms nothing, and a stalled service would otherwise hold the run for another
   * timeout); resolves when every request sent has been answered or has timed out.
   */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.stopping = true;
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    this.agent?.destroy();
  }

  /** Requests sent so far that have not ended. */
  get outstanding(): number {
    return this.pending.size;
  }

  private async presentAndCleanUp(n: number): Promise<LegitExchange> {
    const { zones } = this.options;
    const body = challenge(
      `_acme-challenge.legit${n}.${zones[n % zones.length]}`,
      `v${n}-${this.run}`,
    );
    const present = await this.send('present', body, `legit-present-${n}-${this.run}`);
    this.presents.push(present);
    if (!this.stopping)
      this.cleanups.push(await this.send('cleanup', body, `legit-cleanup-${n}-${this.run}`));
    return present;
  }

  private async send(path: string, body: unknown, requestId: string): Promise<LegitExchange> {
    const exchange = await post({
      port: this.options.port,
      path: `/${path}`,
      authorization: this.options.authorization,
      body,
      from: this.options.from,
      timeoutMs: this.options.timeoutMs,
      requestId,
      agent: this.agent,
    });
    return { ...exchange, requestId };
  }
}
