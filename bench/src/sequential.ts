import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { setTimeout } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type PushFloor, openPushFloor } from './baseline';
import { git } from './git';
import { cpuSince, serviceCpu } from './process-cpu';
import { buildRepository, copyRepository, zoneName } from './repository';
import { type SequentialCase, sequentialCases } from './sequential-cases';
import { type BenchService, cpuProfileEnv, presentAndCleanup, startService } from './service';
import {
  type Database,
  type RemoteAccess,
  type Transport,
  benchDatabase,
  checkTransports,
  list,
  remoteAccess,
} from './steady-setup';
import { percentile } from './stats';

const HELP = `usage: pnpm --filter @hlp/bench sequential [options]

One client, one request at a time: the built workload's /present and /cleanup of a record in
zone 0, against the floor: the median bare \`git push\` of a one-line commit to that same zone
file in a copy of the same repository, over the same transport (over SSH, a connection shared as
the service shares its own, opened before the first timed push, for both). The floor's pushes and
the service's requests are taken in turn. Repositories of several history lengths and zone
sizes. Prints one markdown table.

  --histories 0,2000,50000    commits of history, the written zone at --history-records
  --history-records 100       records of the written zone in those
  --sizes 100,10000,100000    records of the written zone, at --size-history commits
  --size-history 2000         commits of history of those
  --zones 5                   zone files; the history goes to all but the written one, each
                              holding at most --history-records records
  --samples 20                floor pushes, and presents (each then cleaned up), per case
  --transports file,ssh       ssh needs root and /usr/sbin/sshd (openssh-server)
  --databases sqlite          sqlite,postgres for both (postgres needs --postgres-url)
  --postgres-url URL          a server where the bench may create databases
                              (default: $TEST_POSTGRES_URL)
  --cpu-prof DIR              write each service's V8 CPU profile into DIR when it stops
                              (its process id, printed on stderr, is in the file's name)
  -h, --help                  this text`;

interface Options {
  cases: SequentialCase[];
  zones: number;
  historyRecords: number;
  samples: number;
  transports: Transport[];
  databases: Database[];
  postgresUrl: string | undefined;
  cpuProfileDir: string | undefined;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      histories: { type: 'string', default: '0,2000,50000' },
      'history-records': { type: 'string', default: '100' },
      sizes: { type: 'string', default: '100,10000,100000' },
      'size-history': { type: 'string', default: '2000' },
      zones: { type: 'string', default: '5' },
      samples: { type: 'string', default: '20' },
      transports: { type: 'string', default: 'file,ssh' },
      databases: { type: 'string', default: 'sqlite' },
      'postgres-url': { type: 'string', default: process.env.TEST_POSTGRES_URL },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const historyRecords = Number(values['history-records']);
  return {
    cases: sequentialCases(
      list(values.histories).map(Number),
      historyRecords,
      list(values.sizes).map(Number),
      Number(values['size-history']),
    ),
    zones: Number(values.zones),
    historyRecords,
    samples: Number(values.samples),
    transports: list(values.transports) as Transport[],
    databases: list(values.databases) as Database[],
    postgresUrl: values['postgres-url'],
    cpuProfileDir: values['cpu-prof'],
  };
}

const say = (line: string) => process.stderr.write(`${line}\n`);
const fixed = (value: number, digits = 0) => value.toFixed(digits);
const WRITTEN = zoneName(0);

interface Row {
  readonly label: string;
  readonly floor: PushFloor;
  readonly service: BenchService;
  readonly access: RemoteAccess;
  readonly samples: number;
}

/**
 * A pause after each of the service's present-cleanup pairs. Pushes that follow each other start
 * the next receive-pack while one runs (over SSH here, a session whose start costs about 100 ms
 * of CPU, mostly root's login shell on this machine): the floor's push, taken at once, would
 * share the cores with that start. The service's next present comes well within the time a
 * receive-pack started ahead waits.
 */
const SETTLE_MS = 250;

/**
 * The floor's pushes and the service's present-cleanup pairs taken in turn, after one of each
 * (credentials cached, SSH connections open), so that a machine whose load changes during the
 * run weighs on both alike.
 */
async function measureRow({ label, floor, service, access, samples }: Row) {
  const fqdn = (i: number) => `_acme-challenge.seq${i}.${WRITTEN}`;
  await floor.sample();
  await presentAndCleanup(service, fqdn(0));
  await setTimeout(SETTLE_MS);
  const opened = await access.connections();
  const cpuBefore = await serviceCpu(service.pid);
  const push: number[] = [];
  const present: number[] = [];
  const cleanup: number[] = [];
  for (let i = 1; i <= samples; i += 1) {
    push.push((await floor.sample()).push);
    const pair = await presentAndCleanup(service, fqdn(i));
    present.push(pair.present);
    cleanup.push(pair.cleanup);
    await setTimeout(SETTLE_MS);
    if (i % 5 === 0) say(`  ${label}: ${i}/${samples}`);
  }
  const cpu = cpuSince(cpuBefore, await serviceCpu(service.pid));
  const perRequest = (seconds: number) => (seconds * 1000) / (2 * samples);
  return {
    push,
    present,
    cleanup,
    cpu: { own: perRequest(cpu.own), git: perRequest(cpu.git) },
    connections: (await access.connections()) - opened,
  };
}

/** The table's lines for one repository over one transport: one per database. */
async function measureTransport(
  opts: Options,
  one: SequentialCase,
  transport: Transport,
  seed: string,
  dir: string,
): Promise<string[]> {
  await copyRepository(seed, join(dir, 'remote.git'));
  await copyRepository(seed, join(dir, 'floor.git'));
  const access = await remoteAccess(transport, dir, join(dir, 'remote.git'));
  const floor = await openPushFloor(
    access.url.replace(/remote\.git$/, 'floor.git'),
    await access.gitEnv(join(dir, 'floor-data')),
    WRITTEN,
  ).catch(async (error: unknown) => {
    await access.stop();
    throw error;
  });
  const lines: string[] = [];
  try {
    for (const database of opts.databases) {
      const label = `${one.commits} commits, ${one.records} records, ${transport}, ${database}`;
      const db = await benchDatabase(database, opts.postgresUrl ?? '');
      const env = { ...access.serviceEnv, ...db.env, ...cpuProfileEnv(opts.cpuProfileDir) };
      const service = await startService(
        join(dir, `data-${database}`),
        access.url,
        [WRITTEN],
        env,
      ).catch(async (error: unknown) => {
        await db.drop();
        throw error;
      });
      try {
        say(`${label}: service pid ${service.pid}`);
        const row = await measureRow({ label, floor, service, access, samples: opts.samples });
        const floorMs = percentile(row.push, 50);
        const p50 = percentile(row.present, 50);
        lines.push(
          [
            one.commits,
            one.records,
            `${transport}, ${database}`,
            fixed(floorMs),
            fixed(p50),
            fixed(percentile(row.present, 95)),
            `${fixed(p50 / floorMs, 2)}×`,
            p50 / floorMs <= 1.3 ? 'yes' : '**no**',
            fixed(percentile(row.cleanup, 50)),
            `${fixed(row.cpu.own, 1)} / ${fixed(row.cpu.git, 1)}`,
            transport === 'ssh' ? row.connections : '–',
          ].join(' | '),
        );
      } finally {
        await service.stop();
        await db.drop();
      }
    }
    return lines;
  } finally {
    await floor.close();
    await access.stop();
  }
}

async function measureCase(opts: Options, one: SequentialCase): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'hlp-sequential-'));
  try {
    say(`${one.commits} commits, ${one.records} records: building the repository`);
    const seed = join(dir, 'seed.git');
    await buildRepository(seed, opts.zones, one.commits, {
      firstZoneRecords: one.records,
      maxRecords: opts.historyRecords,
    });
    for (const transport of opts.transports) {
      const transportDir = join(dir, transport);
      await mkdir(transportDir);
      for (const line of await measureTransport(opts, one, transport, seed, transportDir))
        console.log(`| ${line} |`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(): Promise<void> {
  const opts = options();
  checkTransports(opts.transports);
  if (opts.databases.includes('postgres') && !opts.postgresUrl)
    throw new Error('--databases postgres needs --postgres-url or TEST_POSTGRES_URL');
  console.log(`# Sequential present against the floor (${new Date().toISOString()})\n`);
  console.log(
    `Node ${process.version}, ${(await git(['--version'])).trim()}; ${opts.zones} zone files, the history in all but ${WRITTEN} (each at most ${opts.historyRecords} records); ${opts.samples} samples each; one client; logs at warn.\n`,
  );
  console.log(
    '| history commits | zone records | transport, database | floor push p50 ms | present p50 ms | present p95 ms | present / floor | ≤ 1.3× | cleanup p50 ms | service CPU ms/request (own / git) | SSH connections opened while timed |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const one of opts.cases) await measureCase(opts, one);
  console.log(
    `\nfloor = median bare \`git push\` of a one-line commit to ${WRITTEN}.domain in a copy of the same repository, over the same transport (over SSH through a ControlMaster connection that its clone opened). present and cleanup: one client (Node’s fetch). After one warm-up push and pair, each push is followed by a present and its cleanup. Service CPU: from /proc over the timed requests (presents and cleanups), the process itself, and apart its git launcher with the git processes it reaped (over file that includes the receiving side of each push; over SSH that side runs under sshd). SSH connections opened while timed: by the floor and the service together (0: both reused theirs).`,
  );
}

run().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
