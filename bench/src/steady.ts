import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../../apps/workload/test/support/ports';
import { measurePushFloor } from './baseline';
import { git } from './git';
import { challenge } from './loopback';
import { busySince, cpuSince, machineCpu, serviceCpu, untilQuiet } from './process-cpu';
import { buildRepository, copyRepository, packRepository, untilNoGc, zoneName } from './repository';
import { type BenchService, cpuProfileEnv, startService } from './service';
import { histogramDelta, histogramQuantile, metricDelta, sumOf } from './service-metrics';
import {
  type Database,
  type Transport,
  benchDatabase,
  checkTransports,
  list,
  remoteAccess,
} from './steady-setup';
import { type PhaseResult, runPhase } from './steady-load';
import { type InstancePair, pairSummary, type RowFigures } from './instance-pairs';
import { percentile } from './stats';

const HELP = `usage: pnpm --filter @hlp/bench steady [options]

The steady state: C clients each looping /present (then /cleanup) of distinct names until N in
all, a fresh connection per request, against the built workload; in the same run, the floor
(median bare \`git push\` of a one-line commit to a copy of the repository, over the same
transport and the same kind of SSH connection), measured again around each row, just before and
just after its presents. Prints one markdown table. The repositories and the services' data go
under $TMPDIR (default /tmp): a push's cost depends on how fast that file system makes files.

  --clients 1,16,64,256       concurrent clients
  --requests 2000             presents (and then cleanups) at each client count
  --transports file,ssh       ssh needs root and /usr/sbin/sshd (openssh-server)
  --databases sqlite,postgres postgres needs --postgres-url
  --postgres-url URL          a server where the bench may create databases
                              (default: $TEST_POSTGRES_URL)
  --commits 2000              history of the repository
  --zones 5                   zone files
  --floor-samples 15          bare pushes measured for the floor, and before and after each row
  --warm-up-rounds 10         before each row, unmeasured: this many presents and cleanups per
                              client (at most 1,000 in all), so that every row measures a
                              request path V8 has already compiled (0: none)
  --two-instances 64          on PostgreSQL, also run two instances on one remote at these
                              client counts ('' for none)
  --pairs 3                   two-instance rows, each paired with a row of the first instance
                              alone (the second idle), in alternating order: the ratio of
                              each pair, and their median
  --cpu-prof DIR              write each service's V8 CPU profile into DIR when it stops
                              (open it in Chrome's DevTools or speedscope)
  -h, --help                  this text`;

interface Options {
  clients: number[];
  requests: number;
  transports: Transport[];
  databases: Database[];
  postgresUrl: string | undefined;
  commits: number;
  zones: number;
  floorSamples: number;
  warmUpRounds: number;
  twoInstances: number[];
  pairs: number;
  cpuProfileDir: string | undefined;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '1,16,64,256' },
      requests: { type: 'string', default: '2000' },
      transports: { type: 'string', default: 'file,ssh' },
      databases: { type: 'string', default: 'sqlite,postgres' },
      'postgres-url': { type: 'string', default: process.env.TEST_POSTGRES_URL },
      commits: { type: 'string', default: '2000' },
      zones: { type: 'string', default: '5' },
      'floor-samples': { type: 'string', default: '15' },
      'warm-up-rounds': { type: 'string', default: '10' },
      'two-instances': { type: 'string', default: '64' },
      pairs: { type: 'string', default: '3' },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  return {
    clients: list(values.clients).map(Number),
    requests: Number(values.requests),
    transports: list(values.transports) as Transport[],
    databases: list(values.databases) as Database[],
    postgresUrl: values['postgres-url'],
    commits: Number(values.commits),
    zones: Number(values.zones),
    floorSamples: Number(values['floor-samples']),
    warmUpRounds: Number(values['warm-up-rounds']),
    twoInstances: list(values['two-instances']).map(Number),
    pairs: Number(values.pairs),
    cpuProfileDir: values['cpu-prof'],
  };
}

const progress = (label: string, total: number) => {
  let shown = 0;
  return (done: number) => {
    if (done * 4 < (shown + 1) * total) return;
    shown = Math.floor((done * 4) / total);
    process.stderr.write(`  ${label}: ${done}/${total}\n`);
  };
};

/** How many times each value appears in the zone files at the remote's main. */
async function countOnRemote(remote: string, zones: number, values: readonly string[]) {
  const text = (
    await Promise.all(
      Array.from({ length: zones }, (_, i) => git(['show', `main:${zoneName(i)}.domain`], remote)),
    )
  ).join('\n');
  const seen = new Map<string, number>();
  for (const match of text.matchAll(/"([A-Za-z0-9_-]{43})"/g))
    seen.set(match[1], (seen.get(match[1]) ?? 0) + 1);
  return values.map((value) => seen.get(value) ?? 0);
}

/** Requests of a row's warm-up at most, presents and cleanups each. */
const MAX_WARM_UP_REQUESTS = 1000;

const commitCount = async (remote: string) =>
  Number((await git(['rev-list', '--count', 'main'], remote)).trim());

const rate = (count: number, phase: PhaseResult) => (count / phase.elapsedMs) * 1000;
const fixed = (value: number, digits = 1) => value.toFixed(digits);
const COLUMNS = [
  'transport, database',
  'clients',
  'floor ms (before / after)',
  'present req/s',
  'p50 ms (× floor)',
  'p99 ms',
  'efficiency',
  'own CPU ms/present',
  'git CPU ms/present',
  'machine CPU busy',
  'event loop busy',
  'pushes (per batch)',
  'batch size p50 / p90',
  'queue wait ms p50 / p90',
  'push ms mean',
  'cleanup req/s',
  'own CPU ms/cleanup',
  'answers',
  'lost',
  'left',
  'RSS/peak MiB',
];

/** p50 / p90 of a histogram of the services' metrics, over the phase between two scrapes. */
function quantiles(before: string[], after: string[], name: string, scale = 1) {
  const buckets = histogramDelta(before, after, name);
  if (!buckets) return 'n/a';
  return [0.5, 0.9].map((q) => fixed(histogramQuantile(buckets, q) * scale)).join(' / ');
}

/** The mean of a histogram of the services' metrics over the phase, from its sum and count. */
function meanOf(before: string[], after: string[], name: string, scale = 1) {
  const total = (suffix: string) =>
    before.reduce(
      (sum, text, i) => sum + sumOf(metricDelta(text, after[i], name + suffix) ?? new Map()),
      0,
    );
  const count = total('_count');
  return count > 0 ? (total('_sum') / count) * scale : undefined;
}

/** Each service's main thread: the share of the phase it spent running code, not waiting. */
function eventLoopBusy(before: string[], after: string[], elapsedMs: number) {
  return before
    .map((text, i) => {
      const busy = metricDelta(text, after[i], 'lego_provider_event_loop_busy_seconds_total');
      return busy ? `${fixed((sumOf(busy) * 100_000) / elapsedMs, 0)} %` : 'n/a';
    })
    .join(', ');
}

const outcomeText = (phase: PhaseResult) =>
  [...phase.outcomes].map(([outcome, count]) => `${count}×${outcome}`).join(' ');

interface Row {
  label: string;
  clients: number;
  floorMs: number;
  /**
   * Bare pushes of the floor's, timed: the row's own floor is the median of those measured just
   * before its presents and just after them, as the machine's speed drifts over a run.
   */
  floor?: () => Promise<number[]>;
  services: BenchService[];
  remote: string;
  zones: number;
  requests: number;
}

interface RowResult extends RowFigures {
  /** The line of the table, without its outer bars. */
  readonly cells: string;
}

/** One line of the table: presents then cleanups of `requests` distinct names. */
async function measureRow(row: Row): Promise<RowResult> {
  const { services, clients, requests, remote, zones } = row;
  const tag = randomBytes(3).toString('hex');
  const bodies = Array.from({ length: requests }, (_, i) =>
    challenge(
      `_acme-challenge.s${tag}-${i}.${zoneName(i % zones)}`,
      randomBytes(32).toString('base64url'),
    ),
  );
  const cpu = () => Promise.all(services.map((service) => serviceCpu(service.pid)));
  const sum = (before: Awaited<ReturnType<typeof cpu>>, after: typeof before) =>
    before
      .map((b, i) => cpuSince(b, after[i]))
      .reduce((a, b) => ({ own: a.own + b.own, git: a.git + b.git }));
  const scrape = () => Promise.all(services.map((service) => service.metrics()));
  const floorBefore = (await row.floor?.()) ?? [];
  const commitsBefore = await commitCount(remote);
  const metrics0 = await scrape();
  const cpu0 = await cpu();
  const machine0 = await machineCpu();
  const present = await runPhase(
    services,
    '/present',
    bodies,
    clients,
    progress(`${row.label} C=${clients} present`, requests),
  );
  const busy = busySince(machine0, await machineCpu());
  const presentCpu = sum(cpu0, await cpu());
  const metrics1 = await scrape();
  const floorAfter = (await row.floor?.()) ?? [];
  const floorMs = row.floor ? percentile([...floorBefore, ...floorAfter], 50) : row.floorMs;
  const pushes = (await commitCount(remote)) - commitsBefore;
  const values = bodies.map((body) => body.value);
  // Lost: acknowledged, yet not on the remote exactly once. Left: cleaned up (204), yet still there.
  const lost = (await countOnRemote(remote, zones, values)).filter(
    (n, i) => present.answers[i] === 204 && n !== 1,
  ).length;
  const cpu1 = await cpu();
  const cleanup = await runPhase(
    services,
    '/cleanup',
    bodies,
    clients,
    progress(`${row.label} C=${clients} cleanup`, requests),
  );
  const cleanupCpu = sum(cpu1, await cpu());
  const left = (await countOnRemote(remote, zones, values)).filter(
    (n, i) => cleanup.answers[i] === 204 && n !== 0,
  ).length;
  const memories = await Promise.all(services.map((service) => service.memory()));
  const presentRps = rate(requests, present);
  const p50 = percentile(present.latencies, 50);
  const efficiency = (presentRps * (floorMs / 1000)) / clients;
  const perRequest = (seconds: number) => fixed((seconds * 1000) / requests, 2);
  const pushMs = meanOf(metrics0, metrics1, 'lego_provider_record_push_duration_seconds', 1000);
  const cells = [
    row.label,
    clients,
    row.floor
      ? `${fixed(floorMs, 1)} (${fixed(percentile(floorBefore, 50), 1)} / ${fixed(percentile(floorAfter, 50), 1)})`
      : fixed(floorMs, 1),
    fixed(presentRps),
    `${fixed(p50, 0)} (${fixed(p50 / floorMs, 2)}×)`,
    fixed(percentile(present.latencies, 99), 0),
    fixed(efficiency, 2),
    perRequest(presentCpu.own),
    perRequest(presentCpu.git),
    `${fixed(busy * 100, 0)} %`,
    eventLoopBusy(metrics0, metrics1, present.elapsedMs),
    `${pushes} (${fixed(requests / Math.max(pushes, 1))})`,
    quantiles(metrics0, metrics1, 'lego_provider_record_batch_size'),
    quantiles(metrics0, metrics1, 'lego_provider_record_queue_wait_seconds', 1000),
    pushMs === undefined ? 'n/a' : fixed(pushMs),
    fixed(rate(requests, cleanup)),
    perRequest(cleanupCpu.own),
    outcomeText(present) === `${requests}×204` && outcomeText(cleanup) === `${requests}×204`
      ? 'all 204'
      : `${outcomeText(present)} / ${outcomeText(cleanup)}`,
    lost,
    left,
    memories.map((m) => `${fixed(m.rss, 0)}/${fixed(m.peak, 0)}`).join(', '),
  ].join(' | ');
  return { cells, presentRps, pushMs };
}

/**
 * The two-instance rows at `clients`, each paired with a row of the first instance alone (the
 * second idle), the order alternating between pairs; then each pair's ratio and their medians.
 */
async function pairedRows(
  row: Row,
  pairs: number,
  measured: (row: Row) => Promise<RowResult>,
): Promise<string> {
  const one = {
    ...row,
    label: `${row.label}, 1 of 2 instances`,
    services: row.services.slice(0, 1),
  };
  const two = { ...row, label: `${row.label}, 2 instances` };
  const measuredPairs: InstancePair[] = [];
  for (let pair = 0; pair < pairs; pair += 1) {
    const results = new Map<Row, RowResult>();
    for (const each of pair % 2 === 0 ? [one, two] : [two, one]) {
      const result = await measured(each);
      console.log(`| ${result.cells} |`);
      results.set(each, result);
    }
    measuredPairs.push({ one: results.get(one) as RowResult, two: results.get(two) as RowResult });
  }
  return `${row.label} | 2 instances ÷ 1 at ${row.clients} clients, ${pairs} pairs | ${pairSummary(measuredPairs)} ${'|'.repeat(COLUMNS.length - 3)}`;
}

async function runCombination(opts: Options, transport: Transport, database: Database) {
  const dir = await mkdtemp(join(tmpdir(), 'hlp-steady-'));
  const label = `${transport}, ${database}`;
  const zones = Array.from({ length: opts.zones }, (_, i) => zoneName(i));
  const access = await remoteAccess(transport, dir, join(dir, 'remote.git'));
  const db = await benchDatabase(database, opts.postgresUrl ?? '');
  const services: BenchService[] = [];
  try {
    process.stderr.write(`${label}: building ${opts.commits} commits of history\n`);
    await buildRepository(join(dir, 'remote.git'), opts.zones, opts.commits);
    await copyRepository(join(dir, 'remote.git'), join(dir, 'floor.git'));
    const floorUrl = access.url.replace(/remote\.git$/, 'floor.git');
    const floorEnv = await access.gitEnv(join(dir, 'floor-data'));
    const floorPushes = async () => {
      await untilQuiet();
      return (await measurePushFloor(floorUrl, opts.floorSamples, floorEnv)).push;
    };
    const floorMs = percentile(await floorPushes(), 50);
    console.log(
      `| ${label} | floor: bare \`git push\` of a one-line commit, median of ${opts.floorSamples} | ${fixed(floorMs, 1)} ms ${'|'.repeat(COLUMNS.length - 2)}`,
    );
    const env = { ...access.serviceEnv, ...db.env, ...cpuProfileEnv(opts.cpuProfileDir) };
    // Each instance serves its metrics (as deployed), on a port of its own; on PostgreSQL it takes
    // the batches the other hands it over a port of its own too (ADR 0007).
    const instanceEnv = async () => ({
      ...env,
      HLP_METRICS_PORT: String(await freePort()),
      ...(database === 'postgres'
        ? { HLP_PEER_PORT: String(await freePort()), HLP_PEER_ADDRESS: '127.0.0.1' }
        : {}),
    });
    services.push(await startService(join(dir, 'data-1'), access.url, zones, await instanceEnv()));
    const remote = join(dir, 'remote.git');
    const warmUp = { label, floorMs, remote, zones: opts.zones, requests: 20, clients: 1 };
    await measureRow({ ...warmUp, services });
    const idle = await services[0].memory();
    console.log(
      `| ${label} | idle: after start-up and ${warmUp.requests} sequential requests ${'|'.repeat(COLUMNS.length - 2)} ${fixed(idle.rss, 0)}/${fixed(idle.peak, 0)} |`,
    );
    // A row's figures are the steady state: the remote packed and its clients run first, unmeasured.
    const measured = async (row: Row): Promise<RowResult> => {
      await packRepository(remote);
      const warmUpRequests = Math.min(opts.warmUpRounds * row.clients, MAX_WARM_UP_REQUESTS);
      if (warmUpRequests > 0)
        await measureRow({ ...row, label: `${row.label} warm-up`, requests: warmUpRequests });
      return measureRow({ ...row, floor: floorPushes });
    };
    for (const clients of opts.clients)
      console.log(
        `| ${(await measured({ ...warmUp, services, clients, requests: opts.requests })).cells} |`,
      );
    if (database === 'postgres' && opts.twoInstances.length > 0) {
      services.push(
        await startService(join(dir, 'data-2'), access.url, zones, await instanceEnv(), {
          provision: false,
        }),
      );
      // One client per instance: the new one warms up too.
      await measureRow({ ...warmUp, services, clients: services.length });
      for (const clients of opts.twoInstances) {
        const row = { ...warmUp, services, clients, requests: opts.requests };
        console.log(`| ${await pairedRows(row, opts.pairs, measured)} |`);
      }
    }
  } finally {
    await Promise.all(services.map((service) => service.stop()));
    await access.stop();
    await db.drop();
    await untilNoGc(join(dir, 'remote.git'));
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(): Promise<void> {
  const opts = options();
  checkTransports(opts.transports);
  if (opts.databases.includes('postgres') && !opts.postgresUrl)
    throw new Error('--databases postgres needs --postgres-url or TEST_POSTGRES_URL');
  console.log(`# Steady state (${new Date().toISOString()})\n`);
  console.log(
    `Node ${process.version}, ${(await git(['--version'])).trim()}; ${opts.zones} zone files, ${opts.commits} commits of history; ${opts.requests} presents then ${opts.requests} cleanups per row; logs at warn.\n`,
  );
  console.log(`| ${COLUMNS.join(' | ')} |`);
  console.log(`|${' --- |'.repeat(COLUMNS.length)}`);
  for (const transport of opts.transports)
    for (const database of opts.databases) await runCombination(opts, transport, database);
  console.log(
    '\nfloor ms = a row’s own floor: the median of the bare pushes (as many as the floor line’s) measured just before its presents and just after them, as the machine’s speed drifts over a run (in brackets, the median of each); the floor line is the first such measurement. efficiency = present req/s × floor seconds / clients (Little’s law; with group commit the ceiling is about 0.67). CPU is from /proc: the service process itself, and apart, its git launcher with every git process it reaped; machine CPU busy is the share of both cores not idle during the present phase (the service, git, the bench’s own clients and PostgreSQL): near 100 %, the run is bound by CPU, not by the push. Event loop busy is each service’s main thread over the same phase (from its metric lego_provider_event_loop_busy_seconds_total): near 100 %, the service is bound by its one thread even with cores to spare. Batch size, queue wait (from a present’s request to the start of its batch) and the service’s own push time (its mean) come from the services’ histograms over the present phase, the quantiles estimated as Prometheus’s histogram_quantile does.',
  );
}

run().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
