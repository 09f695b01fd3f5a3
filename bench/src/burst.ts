import { type Exchange, basicAuthorization, challenge, post, randomSecret } from './loopback';
import type { BenchService } from './service';

export interface BurstOptions {
  readonly port: number;
  /** Client addresses the requests are spread over, round robin. */
  readonly from: readonly string[];
  readonly count: number;
  readonly username: string;
  readonly fqdn: string;
  /** Requests not answered this long after the burst began are given up ('timeout'). */
  readonly deadlineMs: number;
  /** Called as each request is answered or given up. */
  readonly onEnd?: () => void;
}

export interface Burst {
  readonly exchanges: Exchange[];
  readonly firstSentAt: number;
  /** When the last request was answered, or given up at the deadline. */
  readonly endedAt: number;
}

/**
 * `count` simultaneous `/present` requests with a wrong password (a different one each, so no two
 * share a verification), each on a connection of its own.
 */
export async function fireBurst(options: BurstOptions): Promise<Burst> {
  const requests = Array.from({ length: options.count }, (_, i) =>
    post({
      port: options.port,
      path: '/present',
      authorization: basicAuthorization(options.username, `wrong-${randomSecret()}`),
      body: challenge(options.fqdn, randomSecret()),
      from: options.from[i % options.from.length],
      timeoutMs: options.deadlineMs,
    }).then((exchange) => {
      options.onEnd?.();
      return exchange;
    }),
  );
  const exchanges = await Promise.all(requests);
  return {
    exchanges,
    firstSentAt: Math.min(...exchanges.map((e) => e.sentAt)),
    endedAt: Math.max(...exchanges.map((e) => e.endedAt)),
  };
}

export interface Usage {
  /** Highest resident memory seen by the sampler, in MiB. */
  readonly peakRss: number;
  /** CPU seconds used, and the share of one core over the wall time. */
  readonly cpuSeconds: number;
  readonly cpuShare: number;
}

/** Samples the service's memory every `intervalMs` and its CPU time at both ends, until stopped. */
export async function watchUsage(
  service: BenchService,
  intervalMs = 250,
): Promise<{ stop(): Promise<Usage> }> {
  const startedAt = Date.now();
  const cpuBefore = await service.cpuSeconds();
  let peakRss = (await service.memory()).rss;
  const timer = setInterval(() => {
    service.memory().then(
      ({ rss }) => (peakRss = Math.max(peakRss, rss)),
      () => undefined, // the process may have exited; the last sample stands
    );
  }, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      const cpuSeconds = (await service.cpuSeconds()) - cpuBefore;
      peakRss = Math.max(peakRss, (await service.memory()).rss);
      return { peakRss, cpuSeconds, cpuShare: cpuSeconds / ((Date.now() - startedAt) / 1000) };
    },
  };
}
