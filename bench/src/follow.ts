import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { HandedOverPush } from '../../apps/workload/src/records/push-turns';
import { WorkingClone } from '../../apps/workload/src/records/working-clone';
import { git } from './git';
import { zoneName } from './repository';
import { percentile } from './stats';

const HELP = `usage: pnpm --filter @hlp/bench follow [options]

What an instance on PostgreSQL spends following another's pushes (WorkingClone.adopt): a writer
clone commits and pushes to a bare repository on this machine, each push adding a TXT record to
every zone file, and hands each over as it records it for the other instances; fresh clones then
adopt the whole run, in turn with the objects' recorded ids (the zone files stored as they came)
and without them (each object inflated to learn its id, as the records of earlier versions
are). Prints one markdown table: medians of the whole adoption's time and, in brackets, of the
time the event loop was busy in it (what a request arriving meanwhile waits for).

  --cases 5x400,1x10000,1x100000  zone files × TXT records in each
  --pushes 16                     pushes adopted at once (an instance follows every 16)
  --samples 5                     adoptions of each kind per case
  -h, --help                      this text`;

const AUTHOR = { name: 'bench', email: 'bench@example.invalid' };

const txt = (name: string) => `${name} 60 IN TXT "${randomBytes(32).toString('base64url')}"\n`;

interface Case {
  readonly zones: number;
  readonly records: number;
}

function options(): { cases: Case[]; pushes: number; samples: number } {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '5x400,1x10000,1x100000' },
      pushes: { type: 'string', default: '16' },
      samples: { type: 'string', default: '5' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const cases = values.cases.split(',').map((shape) => {
    const [zones, records] = shape.split('x').map(Number);
    if (!(zones >= 1 && records >= 0)) throw new Error(`--cases: ${shape} is not ZONESxRECORDS`);
    return { zones, records };
  });
  const [pushes, samples] = [Number(values.pushes), Number(values.samples)];
  if (!(Number.isInteger(pushes) && pushes >= 1 && Number.isInteger(samples) && samples >= 1))
    throw new Error('--pushes and --samples take a whole number, 1 or more');
  return { cases, pushes, samples };
}

async function measureCase(shape: Case, pushCount: number, samples: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hlp-follow-'));
  try {
    const seed = join(dir, 'seed');
    await mkdir(seed);
    const texts = new Map<string, string>();
    for (let z = 0; z < shape.zones; z += 1) {
      const zone = zoneName(z);
      const records = Array.from({ length: shape.records }, (_, i) => txt(`r${i}`)).join('');
      texts.set(
        zone,
        `$ORIGIN ${zone}.\n@ 600 IN SOA ns1 hostmaster 1 3600 600 86400 60\n${records}`,
      );
      await writeFile(join(seed, `${zone}.domain`), texts.get(zone) as string);
    }
    await git(['init', '--quiet', '--initial-branch=main'], seed);
    await git(['add', '.'], seed);
    await git(['commit', '--quiet', '--message', 'Seed'], seed);
    const remote = join(dir, 'remote.git');
    await git(['clone', '--quiet', '--bare', seed, remote]);
    const open = async (name: string) => {
      const clone = new WorkingClone({
        dir: join(dir, name),
        url: remote,
        redactedUrl: remote,
        env: {},
        timeoutMs: 120_000,
      });
      await clone.open();
      return clone;
    };
    // The followers are cloned before the pushes, as an instance is that sat them out.
    const followers = [];
    for (let i = 0; i < samples * 2; i += 1) followers.push(await open(`follower-${i}`));
    const writer = await open('writer');
    const pushes: HandedOverPush[] = [];
    for (let p = 0; p < pushCount; p += 1) {
      for (const [zone, text] of texts) texts.set(zone, text + txt(`push${p}`));
      const commit = await writer.commit(texts, 'Update\n', AUTHOR);
      if ((await writer.push(commit)) !== 'pushed') throw new Error('the writer’s push was stale');
      const push = writer.handOver(commit);
      if (!push) throw new Error('the writer handed nothing over');
      pushes.push(push);
    }
    const withoutIds = pushes.map(({ ids: _, ...push }) => push);
    const times = { ids: [] as number[], inflated: [] as number[] };
    const busy = { ids: [] as number[], inflated: [] as number[] };
    // In turn, so that both kinds see the same machine.
    for (const [i, follower] of followers.entries()) {
      const kind = i % 2 === 0 ? 'ids' : 'inflated';
      const [started, loop] = [performance.now(), performance.eventLoopUtilization()];
      await follower.adopt(kind === 'ids' ? pushes : withoutIds);
      times[kind].push(performance.now() - started);
      busy[kind].push(performance.eventLoopUtilization(loop).active);
    }
    const kib = pushes.flatMap((push) => push.objects).reduce((sum, o) => sum + o.length, 0) / 1024;
    const median = (values: number[]) => percentile(values, 50).toFixed(1);
    return `| ${shape.zones} × ${shape.records} | ${pushCount} | ${kib.toFixed(0)} | ${median(times.ids)} (${median(busy.ids)}) | ${median(times.inflated)} (${median(busy.inflated)}) |`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(): Promise<void> {
  const opts = options();
  console.log(`# Following another instance's pushes (${new Date().toISOString()})\n`);
  console.log(
    '| zone files × TXT records | pushes | KiB handed over | adopt with the ids, ms (event loop busy) | adopt inflating each, ms (event loop busy) |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const shape of opts.cases) {
    process.stderr.write(`${shape.zones} × ${shape.records}: ${opts.pushes} pushes…\n`);
    console.log(await measureCase(shape, opts.pushes, opts.samples));
  }
}

run().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
