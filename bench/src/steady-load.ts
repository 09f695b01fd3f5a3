import { performance } from 'node:perf_hooks';
import { leanPost } from './lean-post';
import type { Outcome, challenge } from './loopback';

export interface Target {
  readonly port: number;
  readonly authorization: string;
}

export interface PhaseResult {
  readonly elapsedMs: number;
  /** Latency of every request, in milliseconds. */
  readonly latencies: number[];
  /** How many requests got each outcome (an HTTP status, 'timeout' or 'error'). */
  readonly outcomes: Map<Outcome, number>;
  /** The outcome of each body's request, by its index. */
  readonly answers: Outcome[];
}

const REQUEST_TIMEOUT_MS = 120_000;

/**
 * `clients` clients, each sending its next request as soon as the last is answered, until every
 * one of `bodies` has been sent once; each request on a connection of its own (as lego opens
 * one per call), the clients spread over the targets in turn.
 */
export async function runPhase(
  targets: readonly Target[],
  path: '/present' | '/cleanup',
  bodies: readonly ReturnType<typeof challenge>[],
  clients: number,
  onProgress: (done: number) => void,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  const outcomes = new Map<Outcome, number>();
  const answers: Outcome[] = [];
  let next = 0;
  const started = performance.now();
  const client = async (number: number) => {
    const target = targets[number % targets.length];
    while (next < bodies.length) {
      const index = next;
      next += 1;
      const body = bodies[index];
      const exchange = await leanPost({
        port: target.port,
        path,
        authorization: target.authorization,
        body,
        timeoutMs: REQUEST_TIMEOUT_MS,
      });
      latencies.push(exchange.endedAt - exchange.sentAt);
      outcomes.set(exchange.outcome, (outcomes.get(exchange.outcome) ?? 0) + 1);
      answers[index] = exchange.outcome;
      onProgress(latencies.length);
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  return { elapsedMs: performance.now() - started, latencies, outcomes, answers };
}
