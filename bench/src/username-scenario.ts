import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ATTACKED_USER, type AttackTarget, ZONES } from './attack-setup';
import { bySlice, countOutcomes, formatCounts, isSuccess } from './attack-figures';
import { metricDelta, sumOf } from './service-metrics';
import { basicAuthorization, challenge, type Exchange, post, randomSecret } from './loopback';

export interface UsernameScenarioOptions {
  readonly title: string;
  readonly attackers: readonly string[];
  /** The eleventh address, from which the attacked user's owner signs in. */
  readonly owner: string;
  readonly durationMs: number;
  readonly wrongPerMinute: number;
  readonly ownerEveryMs: number;
  /** How often the owner's password is changed (through the CLI), so its next use is hashed. */
  readonly rotateEveryMs: number;
  readonly timeoutMs: number;
}

export interface OwnerExchange extends Exchange {
  /** Whether these credentials had not yet succeeded: the service must hash them to answer. */
  readonly fresh: boolean;
}

export interface UsernameScenarioResult {
  readonly options: UsernameScenarioOptions;
  readonly startedAt: number;
  readonly attacks: Exchange[];
  readonly owner: OwnerExchange[];
  /** How long each password change through the CLI took, in ms (the owner waited meanwhile). */
  readonly rotations: number[];
  /** Deltas of the lead's metrics over the scenario; undefined when the build lacks them. */
  readonly hashes: Map<string, number> | undefined;
  readonly refused: Map<string, number> | undefined;
}

/**
 * Scenario C: `wrongPerMinute` wrong passwords a minute for one username, round robin over the
 * attacking addresses, while its owner uses the right one from another address every
 * `ownerEveryMs` (a present, then its cleanup, each on a fresh connection), with a new password
 * set every `rotateEveryMs` so that the hash path is exercised, not only the credential cache.
 */
export async function runUsernameScenario(
  target: AttackTarget,
  options: UsernameScenarioOptions,
  firstPassword: string,
  progress: (line: string) => void,
): Promise<UsernameScenarioResult> {
  const { port } = target.service;
  const attacks: Promise<Exchange>[] = [];
  const owner: OwnerExchange[] = [];
  const metricsBefore = await target.service.metrics();
  const startedAt = performance.now();
  const deadline = startedAt + options.durationMs;

  let sent = 0;
  const attackTimer = setInterval(() => {
    attacks.push(
      post({
        port,
        path: '/present',
        authorization: basicAuthorization(ATTACKED_USER, `wrong-${randomSecret()}`),
        body: challenge(`_acme-challenge.guess.${ZONES[0]}`, randomSecret()),
        from: options.attackers[sent % options.attackers.length],
        timeoutMs: options.timeoutMs,
      }),
    );
    sent += 1;
  }, 60_000 / options.wrongPerMinute);

  let password = firstPassword;
  let succeededWith: string | undefined;
  const rotations: number[] = [];
  let nextRotation = startedAt + options.rotateEveryMs;
  let n = 0;
  const ticker = setInterval(() => {
    const ok = owner.filter((e) => isSuccess(e.outcome)).length;
    progress(
      `  ${Math.round((performance.now() - startedAt) / 1000)} s: owner ${ok}/${owner.length} succeeded; ${sent} wrong passwords sent`,
    );
  }, 10_000);
  try {
    while (performance.now() < deadline) {
      const tickAt = performance.now();
      if (tickAt >= nextRotation) {
        // The owner waits for the change, so that it never sends a password just replaced.
        password = `right-${randomSecret()}`;
        await target.setAttackedPassword(password);
        rotations.push(performance.now() - tickAt);
        nextRotation = performance.now() + options.rotateEveryMs;
      }
      const body = challenge(`_acme-challenge.owner${n}.${ZONES[0]}`, randomSecret());
      n += 1;
      for (const path of ['/present', '/cleanup']) {
        const exchange = await post({
          port,
          path,
          authorization: basicAuthorization(ATTACKED_USER, password),
          body,
          from: options.owner,
          timeoutMs: options.timeoutMs,
        });
        owner.push({ ...exchange, fresh: succeededWith !== password });
        if (isSuccess(exchange.outcome)) succeededWith = password;
      }
      await sleep(Math.max(0, tickAt + options.ownerEveryMs - performance.now()));
    }
  } finally {
    clearInterval(attackTimer);
    clearInterval(ticker);
  }
  const answered = await Promise.all(attacks);
  const metricsAfter = await target.service.metrics();
  progress(`wrong passwords: ${formatCounts(countOutcomes(answered))}`);
  return {
    options,
    startedAt,
    attacks: answered,
    owner,
    rotations,
    hashes: metricDelta(metricsBefore, metricsAfter, 'lego_provider_auth_password_hashes_total'),
    refused: metricDelta(metricsBefore, metricsAfter, 'lego_provider_auth_refused_total'),
  };
}

/** Attempts that reached the service, those refused before any hash, and hashes computed. */
export function hashAccounting(result: UsernameScenarioResult) {
  const attempts = result.attacks.length + result.owner.length;
  if (!result.hashes || !result.refused) return { attempts, refused: undefined, hashes: undefined };
  return { attempts, refused: sumOf(result.refused), hashes: sumOf(result.hashes) };
}

/** Per `sliceMs` of the scenario: the attackers' statuses and the owner's successes. */
export function timeline(result: UsernameScenarioResult, sliceMs: number) {
  const attacks = bySlice(result.attacks, result.startedAt, sliceMs);
  const owner = bySlice(result.owner, result.startedAt, sliceMs);
  return Array.from({ length: Math.max(attacks.length, owner.length) }, (_, i) => ({
    fromSeconds: (i * sliceMs) / 1000,
    attacks: countOutcomes(attacks[i] ?? []),
    ownerOk: (owner[i] ?? []).filter((e) => isSuccess(e.outcome)).length,
    ownerAll: (owner[i] ?? []).length,
  }));
}
