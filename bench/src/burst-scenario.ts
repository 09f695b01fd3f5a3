import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { ATTACKED_USER, type AttackTarget, ZONES } from './attack-setup';
import {
  countOutcomes,
  formatCounts,
  isSuccess,
  latencyOf,
  recoveryMs,
  settledMs,
} from './attack-figures';
import { metricDelta, sumOf } from './service-metrics';
import { type Usage, watchUsage } from './burst';
import { fireBurstElsewhere } from './burst-process';
import type { Exchange } from './loopback';
import { type LegitExchange, PacedClient } from './paced-client';
import { ms, percentile } from './stats';

/** The bounds: p99 under attack within 5× unloaded, back at unloaded p50 within 5 s. */
export const P99_FACTOR = 5;
export const RECOVERY_LIMIT_MS = 5000;
export const RECOVERY_RULE = { factor: 1.2, window: 5 };

export interface BurstScenarioOptions {
  readonly title: string;
  readonly legit: string;
  readonly attackers: readonly string[];
  readonly count: number;
  readonly unloadedSamples: number;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly observeMs: number;
  readonly deadlineMs: number;
  readonly keepAlive: boolean;
}

interface Latencies {
  readonly n: number;
  readonly ok: number;
  readonly p50: number;
  readonly p99: number;
}

export interface BurstScenarioResult {
  readonly options: BurstScenarioOptions;
  readonly unloaded: Latencies;
  readonly during: Latencies;
  readonly after: Latencies;
  /** Every present in flight or sent from the burst's start to the end of the observation. */
  readonly affected: Latencies;
  readonly cleanups: Latencies;
  readonly attack: { counts: Record<string, number>; durationMs: number; capped: boolean };
  readonly recoveryMs: number | undefined;
  readonly settledMs: number | undefined;
  readonly usage: Usage;
  /** Legitimate requests sent during the burst, how many of their log lines came before its end. */
  readonly logs: { legitDuring: number; loggedDuring: number; lines: number; silenceMs: number };
  readonly hashes: number | undefined;
  readonly refused: number | undefined;
}

function latencies(exchanges: readonly Exchange[]): Latencies {
  const times = exchanges.map(latencyOf);
  return {
    n: exchanges.length,
    ok: exchanges.filter((e) => isSuccess(e.outcome)).length,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
  };
}

/**
 * Scenarios A and B: the legitimate client's unloaded latency, then `count` simultaneous
 * wrong-password requests while it keeps going, then its recovery, all against one service.
 */
export async function runBurstScenario(
  target: AttackTarget,
  options: BurstScenarioOptions,
  progress: (line: string) => void,
): Promise<BurstScenarioResult> {
  const { service, logs } = target;
  const client = new PacedClient({
    port: service.port,
    authorization: service.authorization,
    from: options.legit,
    zones: ZONES,
    intervalMs: options.intervalMs,
    timeoutMs: options.timeoutMs,
    keepAlive: options.keepAlive,
  });
  for (let i = 0; i < 3; i += 1) await client.once(); // credential cache, clone in the page cache
  const measureFrom = performance.now();
  client.start();
  progress(`unloaded: ${options.unloadedSamples} presents, one every ${options.intervalMs} ms`);
  await sleep(options.unloadedSamples * options.intervalMs);

  const metricsBefore = await target.service.metrics();
  const usage = await watchUsage(service);
  let ended = 0;
  progress(
    `burst: ${options.count} wrong-password requests from ${options.attackers.length} address(es)`,
  );
  const ticker = setInterval(
    () =>
      progress(
        `  ${ended}/${options.count} attack requests ended; legitimate requests outstanding: ${client.outstanding}`,
      ),
    10_000,
  );
  const burst = await fireBurstElsewhere({
    port: service.port,
    from: options.attackers,
    count: options.count,
    username: ATTACKED_USER,
    fqdn: `_acme-challenge.attack.${ZONES[0]}`,
    deadlineMs: options.deadlineMs,
    onEnd: () => (ended += 1),
  }).finally(() => clearInterval(ticker));
  const used = await usage.stop();
  const metricsAfter = await target.service.metrics();
  const counts = countOutcomes(burst.exchanges);
  progress(
    `burst over after ${ms(burst.endedAt - burst.firstSentAt)}: ${formatCounts(counts)}; observing ${options.observeMs / 1000} s more`,
  );
  await sleep(Math.max(0, burst.endedAt + options.observeMs - performance.now()));
  await client.stop();

  const start = burst.firstSentAt;
  const end = burst.endedAt;
  const measured = (list: LegitExchange[]) => list.filter((e) => e.sentAt >= measureFrom);
  const presents = measured(client.presents);
  const legit = [...presents, ...measured(client.cleanups)];
  const legitDuring = legit.filter((e) => e.sentAt >= start && e.sentAt <= end);
  const hashes = metricDelta(
    metricsBefore,
    metricsAfter,
    'lego_provider_auth_password_hashes_total',
  );
  const refused = metricDelta(metricsBefore, metricsAfter, 'lego_provider_auth_refused_total');
  const unloaded = latencies(presents.filter((e) => e.endedAt < start));
  return {
    options,
    unloaded,
    during: latencies(presents.filter((e) => e.sentAt >= start && e.sentAt <= end)),
    after: latencies(presents.filter((e) => e.sentAt > end)),
    affected: latencies(presents.filter((e) => e.endedAt >= start)),
    cleanups: latencies(measured(client.cleanups).filter((e) => e.endedAt >= start)),
    attack: {
      counts,
      durationMs: end - start,
      capped: burst.exchanges.some((e) => e.outcome === 'timeout'),
    },
    recoveryMs: recoveryMs(presents, end, { target: unloaded.p50, ...RECOVERY_RULE }),
    settledMs: settledMs(presents, end, { target: unloaded.p50, ...RECOVERY_RULE }),
    usage: used,
    logs: {
      legitDuring: legitDuring.length,
      loggedDuring: legitDuring.filter((e) => (logs.loggedAt(e.requestId) ?? Infinity) <= end)
        .length,
      lines: logs.linesBetween(start, end),
      silenceMs: logs.longestSilence(start, end),
    },
    hashes: hashes && sumOf(hashes),
    refused: refused && sumOf(refused),
  };
}
