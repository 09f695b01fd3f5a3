import { countOutcomes, formatCounts, isSuccess } from './attack-figures';
import {
  type BurstScenarioResult,
  P99_FACTOR,
  RECOVERY_LIMIT_MS,
  RECOVERY_RULE,
} from './burst-scenario';
import { hashAccounting, timeline, type UsernameScenarioResult } from './username-scenario';

export type Verdict = 'PASS' | 'FAIL' | 'n/a';

export interface Criterion {
  readonly verdict: Verdict;
  readonly text: string;
}

/** Milliseconds below 10 s, seconds with a decimal above. */
export const duration = (value: number): string =>
  Number.isNaN(value)
    ? 'n/a'
    : value < 10_000
      ? `${value.toFixed(0)} ms`
      : `${(value / 1000).toFixed(1)} s`;

const share = (ok: number, all: number): string =>
  all === 0 ? '0/0' : `${ok}/${all} (${((ok / all) * 100).toFixed(1)} %)`;

const orNa = (value: number | undefined): string => (value === undefined ? 'n/a' : String(value));

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)];
}

export function burstReport(result: BurstScenarioResult): string[] {
  const { options: o, unloaded, during, after, affected, cleanups, attack, usage, logs } = result;
  const timeoutNote = `a request unanswered after ${duration(o.timeoutMs)} counts as a failure of that length`;
  return [
    `### ${o.title}`,
    '',
    `Legitimate client on ${o.legit} (${o.keepAlive ? 'keep-alive' : 'a new connection per request'}): one /present every ${o.intervalMs} ms, each followed by its /cleanup; ${timeoutNote}. Attack: ${o.count} simultaneous /present with wrong passwords for \`victim\` from ${o.attackers.length === 1 ? o.attackers[0] : `${o.attackers[0]} … ${o.attackers[o.attackers.length - 1]} (${o.attackers.length} addresses, round robin)`}, a new connection each.`,
    '',
    ...table(
      ['figure', 'value'],
      [
        [
          'unloaded /present',
          `p50 ${duration(unloaded.p50)}, p99 ${duration(unloaded.p99)} (n = ${unloaded.n}, 2xx ${share(unloaded.ok, unloaded.n)})`,
        ],
        [
          '/present sent during the burst',
          `p50 ${duration(during.p50)}, p99 ${duration(during.p99)} (n = ${during.n}, 2xx ${share(during.ok, during.n)})`,
        ],
        [
          `/present sent after the burst (${duration(o.observeMs)} observed)`,
          `p50 ${duration(after.p50)}, p99 ${duration(after.p99)} (n = ${after.n}, 2xx ${share(after.ok, after.n)})`,
        ],
        ['every /present in flight or sent from the burst on: 2xx', share(affected.ok, affected.n)],
        ['their /cleanup: 2xx', share(cleanups.ok, cleanups.n)],
        ['attack statuses', formatCounts(attack.counts)],
        [
          'burst duration (first sent → last answered)',
          `${duration(attack.durationMs)}${attack.capped ? ` (given up at the ${duration(o.deadlineMs)} deadline: the "timeout" requests were never answered)` : ''}`,
        ],
        [
          `recovery (first ${RECOVERY_RULE.window} presents in a row with a median ≤ ${RECOVERY_RULE.factor}× unloaded p50)`,
          result.recoveryMs === undefined
            ? `not within the ${duration(o.observeMs)} observed`
            : duration(result.recoveryMs),
        ],
        [
          `settled (every later median of ${RECOVERY_RULE.window} within that bound; reported, not judged)`,
          result.settledMs === undefined
            ? `not within the ${duration(o.observeMs)} observed`
            : duration(result.settledMs),
        ],
        [
          'service during the burst',
          `peak RSS ${usage.peakRss.toFixed(0)} MiB; CPU ${usage.cpuSeconds.toFixed(1)} s (${(usage.cpuShare * 100).toFixed(0)} % of one core)`,
        ],
        [
          'service log during the burst',
          `${logs.lines} lines, longest silence ${duration(logs.silenceMs)}; log lines of the ${logs.legitDuring} legitimate requests sent during it written before its end: ${logs.loggedDuring}`,
        ],
        [
          'password hashes computed / attempts refused before any hash',
          `${orNa(result.hashes)} / ${orNa(result.refused)}`,
        ],
      ],
    ),
    '',
  ];
}

export function burstCriteria(result: BurstScenarioResult): Criterion[] {
  const { options: o, unloaded, during, affected, logs } = result;
  const p99Limit = P99_FACTOR * unloaded.p99;
  return [
    {
      verdict: affected.n > 0 && affected.ok === affected.n ? 'PASS' : 'FAIL',
      text: `${o.title}: legitimate /present 100 % 2xx under attack: ${share(affected.ok, affected.n)}`,
    },
    {
      verdict: during.n === 0 ? 'n/a' : during.p99 < p99Limit ? 'PASS' : 'FAIL',
      text: `${o.title}: p99 under attack < ${P99_FACTOR}× unloaded p99 (${duration(p99Limit)}): ${duration(during.p99)} over ${during.n} requests`,
    },
    {
      verdict:
        result.recoveryMs !== undefined && result.recoveryMs <= RECOVERY_LIMIT_MS ? 'PASS' : 'FAIL',
      text: `${o.title}: back at unloaded p50 (${duration(unloaded.p50)}) within ${duration(RECOVERY_LIMIT_MS)} of the burst's end: ${result.recoveryMs === undefined ? `not within ${duration(o.observeMs)}` : duration(result.recoveryMs)}`,
    },
    {
      verdict: logs.legitDuring === 0 ? 'n/a' : logs.loggedDuring > 0 ? 'PASS' : 'FAIL',
      text: `${o.title} (check, not a Done-when line): a legitimate request's log line written during the burst: ${logs.loggedDuring} of ${logs.legitDuring}`,
    },
  ];
}

export function usernameReport(result: UsernameScenarioResult): string[] {
  const { options: o, owner, attacks } = result;
  const ok = (list: typeof owner) => list.filter((e) => isSuccess(e.outcome)).length;
  const fresh = owner.filter((e) => e.fresh);
  const cached = owner.filter((e) => !e.fresh);
  const accounting = hashAccounting(result);
  const attackers = `${o.attackers[0]} … ${o.attackers[o.attackers.length - 1]}`;
  return [
    `### ${o.title}`,
    '',
    `For ${duration(o.durationMs)}: ${o.wrongPerMinute} wrong passwords a minute for \`victim\`, round robin from ${attackers} (${o.attackers.length} addresses), a new connection each. From ${o.owner}: its right password every ${duration(o.ownerEveryMs)} (a /present, then its /cleanup, each on a new connection); a new password set through the CLI every ${duration(o.rotateEveryMs)}, so that the service has to hash it (the credential cache does not know it).`,
    '',
    ...table(
      ['figure', 'value'],
      [
        [
          `owner (${o.owner}): requests with the right password, 2xx`,
          share(ok(owner), owner.length),
        ],
        [
          '— with credentials not yet verified (the hash path)',
          `${share(ok(fresh), fresh.length)}; their statuses: ${formatCounts(countOutcomes(fresh))}`,
        ],
        ['— with credentials verified before (the cache)', share(ok(cached), cached.length)],
        [
          'password changes during the run (the owner waits for each)',
          result.rotations.length === 0
            ? '0'
            : `${result.rotations.length}, taking ${duration(Math.min(...result.rotations))} to ${duration(Math.max(...result.rotations))}`,
        ],
        ['wrong passwords: statuses', formatCounts(countOutcomes(attacks))],
        [
          'attempts / refused before any hash / hashes computed',
          `${accounting.attempts} / ${orNa(accounting.refused)} / ${orNa(accounting.hashes)}`,
        ],
      ],
    ),
    '',
    ...table(
      ['seconds', 'wrong passwords: statuses', 'owner: 2xx'],
      timeline(result, 10_000).map((slice) => [
        `${slice.fromSeconds}–${slice.fromSeconds + 10}`,
        formatCounts(slice.attacks),
        `${slice.ownerOk}/${slice.ownerAll}`,
      ]),
    ),
    '',
  ];
}

export function usernameCriteria(result: UsernameScenarioResult): Criterion[] {
  const { owner } = result;
  const ok = owner.filter((e) => isSuccess(e.outcome)).length;
  const { attempts, refused, hashes } = hashAccounting(result);
  const notRefused = refused === undefined ? undefined : attempts - refused;
  return [
    {
      verdict: owner.length > 0 && ok === owner.length ? 'PASS' : 'FAIL',
      text: `${result.options.title}: the right password from an eleventh address succeeds on 100 % of attempts: ${share(ok, owner.length)}`,
    },
    {
      verdict:
        hashes === undefined || notRefused === undefined
          ? 'n/a'
          : hashes <= notRefused
            ? 'PASS'
            : 'FAIL',
      text: `${result.options.title}: attackers get 429 before hashing (hashes computed ≤ attempts not refused): ${hashes === undefined ? 'n/a (the build does not export lego_provider_auth_password_hashes_total and lego_provider_auth_refused_total)' : `${hashes} ≤ ${notRefused}`}`,
    },
  ];
}
