import { setTimeout as sleep } from 'node:timers/promises';

import { readyUrl } from './workload-layer';

/** The workload's answer on its readiness probe. */
export type Readiness =
  { readonly ready: true } | { readonly ready: false; readonly reason: string };

const PROBE_TIMEOUT_MS = 3000;

function reasonOf(status: number, body: string): string {
  try {
    const { checks } = JSON.parse(body) as { checks?: Record<string, string> };
    const failing = Object.entries(checks ?? {}).filter(([, result]) => result !== 'ok');
    if (failing.length > 0) return failing.map(([name, result]) => `${name}: ${result}`).join('; ');
  } catch {
    // Not the workload's JSON: the status says enough.
  }
  return `HTTP ${status}`;
}

/** Asks the workload's `/health/ready` once (the charm shares the pod's network). */
export async function probeReadiness(port: number): Promise<Readiness> {
  try {
    const response = await fetch(readyUrl(port), { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    if (response.ok) return { ready: true };
    return { ready: false, reason: reasonOf(response.status, await response.text()) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return {
      ready: false,
      reason: cause ?? (error instanceof Error ? error.message : String(error)),
    };
  }
}

/** Probes until the workload is ready or `timeoutMs` has passed; returns the last answer. */
export async function waitForReadiness(port: number, timeoutMs: number): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const readiness = await probeReadiness(port);
    if (readiness.ready || Date.now() >= deadline) return readiness;
    await sleep(250);
  }
}
