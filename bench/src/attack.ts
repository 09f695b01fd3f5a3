import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  burstCriteria,
  burstReport,
  type Criterion,
  usernameCriteria,
  usernameReport,
} from './attack-report';
import { type AttackTarget, startTarget, ZONES } from './attack-setup';
import { type BurstScenarioOptions, runBurstScenario } from './burst-scenario';
import { git } from './git';
import { loopbackAddress, loopbackAddresses, randomSecret } from './loopback';
import { buildRepository } from './repository';
import { REPOSITORY_ROOT } from './service';
import { runUsernameScenario } from './username-scenario';

const HELP = `usage: pnpm --filter @hlp/bench attack [options]

Issue #11's stress test of the authentication limits, against the built workload
(apps/workload/dist: build it first), on SQLite and a local bare zone repository, each scenario
on a fresh service. Clients appear as distinct addresses of 127.0.0.0/8 (all loopback); the
service listens on 127.0.0.1. The report (markdown) goes to standard output, progress to
standard error. Figures, not assertions: it exits 0 whatever they are, 1 only if it cannot run.

  A  --count wrong-password /present at once from 127.0.0.3, while a legitimate client on
     127.0.0.2 sends a /present every --interval ms: its unloaded latency first, then under
     attack, then its recovery after the burst.
  B  the same burst spread over --spread addresses (127.0.0.3 onwards).
  C  for --duration s, --wrong-per-minute wrong passwords a minute for one username from 10
     addresses (127.0.0.3-12); its right password from 127.0.0.13 every --owner-every s, with
     a new password set through the CLI every --rotate-every s.

  --scenarios A,B,C        which to run
  --count 1000             requests in the burst (A, B)
  --spread 50              attacking addresses in B (at most 58: 127.0.0.3-60)
  --unloaded 100           presents measured before the burst
  --interval 200           ms between the legitimate client's presents
  --observe 15             s the legitimate client goes on after the burst
  --deadline 120           s after which unanswered burst requests are given up
  --timeout 30             s a legitimate request may take (lego's default HTTP timeout)
  --keep-alive             the legitimate client reuses connections (default: one each)
  --duration 60            s of scenario C
  --wrong-per-minute 100   wrong passwords a minute in C
  --owner-every 2          s between the owner's sign-ins in C
  --rotate-every 12        s between password changes in C
  -h, --help               this text`;

const LEGIT = loopbackAddress(2);
const FIRST_ATTACKER = 3;

interface Options {
  scenarios: string[];
  burst: Omit<BurstScenarioOptions, 'title' | 'attackers'>;
  spread: number;
  durationMs: number;
  wrongPerMinute: number;
  ownerEveryMs: number;
  rotateEveryMs: number;
}

/** The options, or exit 2 naming what is wrong. */
function options(): Options {
  try {
    return parseOptions();
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : String(error)} (--help lists the options)`,
    );
    process.exit(2);
  }
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      scenarios: { type: 'string', default: 'A,B,C' },
      count: { type: 'string', default: '1000' },
      spread: { type: 'string', default: '50' },
      unloaded: { type: 'string', default: '100' },
      interval: { type: 'string', default: '200' },
      observe: { type: 'string', default: '15' },
      deadline: { type: 'string', default: '120' },
      timeout: { type: 'string', default: '30' },
      'keep-alive': { type: 'boolean', default: false },
      duration: { type: 'string', default: '60' },
      'wrong-per-minute': { type: 'string', default: '100' },
      'owner-every': { type: 'string', default: '2' },
      'rotate-every': { type: 'string', default: '12' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const positive = (name: string, text: string, max = Infinity) => {
    const value = Number(text);
    if (!(value > 0 && value <= max))
      throw new Error(
        `--${name} must be a positive number${max < Infinity ? ` up to ${max}` : ''}, not "${text}"`,
      );
    return value;
  };
  const seconds = (name: string, text: string) => positive(name, text) * 1000;
  const scenarios = values.scenarios.toUpperCase().split(',');
  if (scenarios.some((s) => !['A', 'B', 'C'].includes(s)))
    throw new Error(`--scenarios takes A, B and C, not "${values.scenarios}"`);
  return {
    scenarios,
    burst: {
      legit: LEGIT,
      count: positive('count', values.count),
      unloadedSamples: positive('unloaded', values.unloaded),
      intervalMs: positive('interval', values.interval),
      observeMs: seconds('observe', values.observe),
      deadlineMs: seconds('deadline', values.deadline),
      timeoutMs: seconds('timeout', values.timeout),
      keepAlive: values['keep-alive'],
    },
    // 127.0.0.3 to 127.0.0.60: the range set aside for attackers.
    spread: positive('spread', values.spread, 60 - FIRST_ATTACKER + 1),
    durationMs: seconds('duration', values.duration),
    wrongPerMinute: positive('wrong-per-minute', values['wrong-per-minute']),
    ownerEveryMs: seconds('owner-every', values['owner-every']),
    rotateEveryMs: seconds('rotate-every', values['rotate-every']),
  };
}

const progress = (line: string) =>
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

/** The last commit that changed the service's code (apps/, packages/), and whether it is modified. */
async function measuredBuild(): Promise<string> {
  const head = (await git(['rev-parse', '--short', 'HEAD'], REPOSITORY_ROOT)).trim();
  const code = (
    await git(['log', '-1', '--format=%h', '--', 'apps', 'packages'], REPOSITORY_ROOT)
  ).trim();
  const dirty = (
    await git(['status', '--porcelain', '--', 'apps', 'packages'], REPOSITORY_ROOT)
  ).trim();
  return `apps/ and packages/ as of ${code}${dirty ? ' plus uncommitted changes' : ''} (HEAD ${head}; build it first: the script runs apps/workload/dist)`;
}

/** Runs one scenario on a service of its own, so that no limit or cache carries over. */
async function onFreshService<T>(
  dir: string,
  name: string,
  remote: string,
  password: string,
  work: (target: AttackTarget) => Promise<T>,
): Promise<T> {
  progress(`${name}: starting the service`);
  const target = await startTarget(join(dir, name), remote, password);
  try {
    return await work(target);
  } finally {
    await target.service.stop();
  }
}

async function run(): Promise<void> {
  const opts = options();
  const criteria: Criterion[] = [];
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(', ');
  console.log(`# Authentication under attack (${new Date().toISOString()})\n`);
  console.log(
    `Build measured: ${await measuredBuild()}. Node ${process.version}, ${(await git(['--version'])).trim()}, ${cpus().length} cores, SQLite, logs at info. Load average at the start: ${load()}.\n`,
  );
  const dir = await mkdtemp(join(tmpdir(), 'hlp-attack-'));
  try {
    const remote = join(dir, 'remote.git');
    await buildRepository(remote, ZONES.length, 0);
    const bursts = [
      { id: 'A', title: `A: ${opts.burst.count} from one address`, spread: 1 },
      {
        id: 'B',
        title: `B: ${opts.burst.count} from ${opts.spread} addresses`,
        spread: opts.spread,
      },
    ];
    for (const { id, title, spread } of bursts.filter((b) => opts.scenarios.includes(b.id))) {
      const attackers = loopbackAddresses(FIRST_ATTACKER, spread);
      const result = await onFreshService(dir, id, remote, `right-${randomSecret()}`, (target) =>
        runBurstScenario(target, { ...opts.burst, title, attackers }, progress),
      );
      console.log(burstReport(result).join('\n'));
      criteria.push(...burstCriteria(result));
    }
    if (opts.scenarios.includes('C')) {
      const password = `right-${randomSecret()}`;
      const result = await onFreshService(dir, 'C', remote, password, (target) =>
        runUsernameScenario(
          target,
          {
            title: 'C: one username under attack',
            attackers: loopbackAddresses(FIRST_ATTACKER, 10),
            owner: loopbackAddress(FIRST_ATTACKER + 10),
            durationMs: opts.durationMs,
            wrongPerMinute: opts.wrongPerMinute,
            ownerEveryMs: opts.ownerEveryMs,
            rotateEveryMs: opts.rotateEveryMs,
            timeoutMs: opts.burst.timeoutMs,
          },
          password,
          progress,
        ),
      );
      console.log(usernameReport(result).join('\n'));
      criteria.push(...usernameCriteria(result));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`## Against issue #11's criteria\n`);
  for (const { verdict, text } of criteria) console.log(`- **${verdict}** ${text}`);
  console.log(`\nLoad average at the end: ${load()}.`);
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
