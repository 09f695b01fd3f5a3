import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../../apps/workload/test/support/ports';
import { startSshd } from '../../apps/workload/test/support/sshd';
import { cloneEditPush, measurePushFloor } from './baseline';
import { git } from './git';
import { buildRepository, copyRepository, zoneName } from './repository';
import { type BenchService, call, sequentialRequests, startService } from './service';
import { ms, percentile, perSecond, timed } from './stats';

const HELP = `usage: pnpm --filter @hlp/bench bench [options]

Measures the service's /present and /cleanup against a local bare repository shaped like a DNS
records repository, and, in the same run, the floor (one git push) and the Python service's
approach (clone, edit, commit, push per request).

  --commits 0,2000     history sizes of the repository
  --clients 1,16,64    concurrent clients (64 presents in all at each level)
  --zones 5            zone files in the repository
  --samples 20         sequential requests measured
  --no-ssh             skip the run through a local sshd (it needs root and openssh-server)
  -h, --help           this text`;

const value = () => randomBytes(32).toString('base64url');
const TOTAL = 64;

interface Options {
  commits: number[];
  clients: number[];
  zones: number;
  samples: number;
  ssh: boolean;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      commits: { type: 'string', default: '0,2000' },
      clients: { type: 'string', default: '1,16,64' },
      zones: { type: 'string', default: '5' },
      samples: { type: 'string', default: '20' },
      'no-ssh': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const numbers = (text: string) => text.split(',').map(Number);
  return {
    commits: numbers(values.commits),
    clients: numbers(values.clients),
    zones: Number(values.zones),
    samples: Number(values.samples),
    ssh: !values['no-ssh'],
  };
}

async function valuesOnRemote(remote: string, zones: number): Promise<string> {
  const texts = await Promise.all(
    Array.from({ length: zones }, (_, i) => git(['show', `main:${zoneName(i)}.domain`], remote)),
  );
  return texts.join('\n');
}

const commitCount = async (remote: string) =>
  Number((await git(['rev-list', '--count', 'main'], remote)).trim());

const sequential = (service: BenchService, samples: number, zones: number) =>
  sequentialRequests(service, samples, (i) => `_acme-challenge.seq${i}.${zoneName(i % zones)}`);

async function concurrent(service: BenchService, remote: string, clients: number, zones: number) {
  const names = Array.from(
    { length: TOTAL },
    (_, i) => `_acme-challenge.c${clients}x${i}.${zoneName(i % zones)}`,
  );
  const values = names.map(() => value());
  const commitsBefore = await commitCount(remote);
  const statuses: number[] = [];
  const perClient = TOTAL / clients;
  const [, elapsed] = await timed(() =>
    Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let k = 0; k < perClient; k += 1) {
          const i = client * perClient + k;
          statuses.push(await call(service, 'present', names[i], values[i]));
        }
      }),
    ),
  );
  const memory = await service.memory();
  const remoteText = await valuesOnRemote(remote, zones);
  const lost = values.filter((v) => remoteText.split(v).length !== 2).length;
  const commits = (await commitCount(remote)) - commitsBefore;
  await Promise.all(names.map((name, i) => call(service, 'cleanup', name, values[i])));
  return {
    throughput: (TOTAL / elapsed) * 1000,
    successes: statuses.filter((status) => status === 204).length,
    lost,
    commits,
    memory,
  };
}

async function baseline(remote: string, samples: number) {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    latencies.push(
      (await timed(() => cloneEditPush(remote, `_acme-challenge.base${i}`, value())))[1],
    );
  }
  // Four gunicorn workers: four requests at a time, no lock, no retry.
  const parallelValues = Array.from({ length: 16 }, () => value());
  const [outcomes, elapsed] = await timed(() =>
    Promise.all(
      Array.from({ length: 4 }, async (_, worker) => {
        const results: string[] = [];
        for (let k = 0; k < 4; k += 1) {
          const i = worker * 4 + k;
          results.push(await cloneEditPush(remote, `_acme-challenge.par${i}`, parallelValues[i]));
        }
        return results;
      }),
    ),
  );
  const remoteText = await git(['show', `main:${zoneName(0)}.domain`], remote);
  return {
    latencies,
    throughput: (samples / latencies.reduce((a, b) => a + b, 0)) * 1000,
    parallel: {
      throughput: (16 / elapsed) * 1000,
      rejected: outcomes.flat().filter((outcome) => outcome === 'rejected').length,
      lost: parallelValues.filter((v) => !remoteText.includes(v)).length,
    },
  };
}

async function viaSsh(dir: string, remote: string, zones: number, samples: number) {
  const sshd = await startSshd(join(dir, 'sshd'));
  const knownHosts = join(dir, 'known_hosts');
  await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
  const service = await startService(
    join(dir, 'ssh-data'),
    `ssh://root@127.0.0.1:${sshd.port}${remote}`,
    zoneNames(zones),
    {
      HLP_GIT_SSH_KEY_FILE: sshd.clientKey,
      HLP_GIT_KNOWN_HOSTS_FILE: knownHosts,
    },
  );
  try {
    const afterStart = await sshd.acceptedConnections();
    const { present } = await sequential(service, samples, zones);
    return {
      afterStart,
      afterRequests: await sshd.acceptedConnections(),
      requests: samples * 2,
      present,
    };
  } finally {
    await service.stop();
    await sshd.stop();
  }
}

const zoneNames = (zones: number) => Array.from({ length: zones }, (_, i) => zoneName(i));

/** An OTLP/HTTP endpoint that accepts and drops every export, so tracing pays its full cost. */
async function discardingReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    request
      .resume()
      .on('end', () => response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Median throughput of 64 concurrent presents, with observability off, then all on. */
async function observabilityCost(dir: string, remote: string, zones: number) {
  const receiver = await discardingReceiver();
  const runs = 5;
  const measure = async (name: string, env: NodeJS.ProcessEnv) => {
    const service = await startService(join(dir, name), remote, zoneNames(zones), env);
    try {
      await sequential(service, 2, zones);
      const throughputs: number[] = [];
      for (let i = 0; i < runs; i += 1)
        throughputs.push((await concurrent(service, remote, 64, zones)).throughput);
      return percentile(throughputs, 50);
    } finally {
      await service.stop();
    }
  };
  try {
    const off = await measure('observability-off', {
      HLP_METRICS_PORT: '0',
      HLP_LOG_LEVEL: 'warn',
    });
    const on = await measure('observability-on', {
      HLP_METRICS_PORT: String(await freePort()),
      HLP_LOG_LEVEL: 'info',
      HLP_OTLP_ENDPOINT: receiver.url,
    });
    return { off, on, runs };
  } finally {
    await receiver.close();
  }
}

async function run(): Promise<void> {
  const opts = options();
  const canSsh = opts.ssh && process.getuid?.() === 0 && existsSync('/usr/sbin/sshd');
  console.log(`# httpreq benchmark (${new Date().toISOString()})\n`);
  console.log(
    `Node ${process.version}, ${(await git(['--version'])).trim()}; ${opts.zones} zone files; SQLite; logs at warn.\n`,
  );
  for (const commits of opts.commits) {
    const dir = await mkdtemp(join(tmpdir(), 'hlp-bench-'));
    try {
      console.log(`## ${commits} commits of history\n`);
      const remote = join(dir, 'remote.git');
      await buildRepository(remote, opts.zones, commits);
      await copyRepository(remote, join(dir, 'floor.git'));
      await copyRepository(remote, join(dir, 'baseline.git'));
      const floor = await measurePushFloor(join(dir, 'floor.git'), opts.samples);
      const base = await baseline(join(dir, 'baseline.git'), Math.min(opts.samples, 10));
      const service = await startService(join(dir, 'data'), remote, zoneNames(opts.zones));
      try {
        await sequential(service, 2, opts.zones); // warm-up: credential cache, clone in the page cache
        const seq = await sequential(service, opts.samples, opts.zones);
        const floorP50 = percentile(floor.push, 50);
        console.log('| measurement | p50 | p95 |');
        console.log('| --- | --- | --- |');
        console.log(
          `| floor: \`git push\` of a one-line commit | ${ms(floorP50)} | ${ms(percentile(floor.push, 95))} |`,
        );
        console.log(
          `| (\`git commit\` of that line) | ${ms(percentile(floor.commit, 50))} | ${ms(percentile(floor.commit, 95))} |`,
        );
        console.log(
          `| service: sequential /present | ${ms(percentile(seq.present, 50))} (${(percentile(seq.present, 50) / floorP50).toFixed(2)}× the floor) | ${ms(percentile(seq.present, 95))} |`,
        );
        console.log(
          `| service: sequential /cleanup | ${ms(percentile(seq.cleanup, 50))} | ${ms(percentile(seq.cleanup, 95))} |`,
        );
        console.log(
          `| Python approach: clone --depth 1, edit, commit, push | ${ms(percentile(base.latencies, 50))} | ${ms(percentile(base.latencies, 95))} |`,
        );
        console.log('');
        console.log(
          `Python approach, one worker: ${perSecond(base.throughput)}. Four workers, 16 requests: ${perSecond(base.parallel.throughput)}, ${base.parallel.rejected} pushes rejected, ${base.parallel.lost} of 16 records lost (all answered 204 by the Python service).\n`,
        );
        console.log(
          `| clients | throughput | vs Python (1 worker) | successes | records lost | commits | RSS (peak) |`,
        );
        console.log('| --- | --- | --- | --- | --- | --- | --- |');
        for (const clients of opts.clients) {
          const result = await concurrent(service, remote, clients, opts.zones);
          console.log(
            `| ${clients} | ${perSecond(result.throughput)} | ${(result.throughput / base.throughput).toFixed(0)}× | ${result.successes}/${TOTAL} | ${result.lost} | ${result.commits} | ${result.memory.rss.toFixed(0)} MiB (${result.memory.peak.toFixed(0)} MiB) |`,
          );
        }
        console.log('');
      } finally {
        await service.stop();
      }
      if (commits === opts.commits[opts.commits.length - 1]) {
        const cost = await observabilityCost(dir, remote, opts.zones);
        console.log(`### Metrics, request logs and traces\n`);
        console.log(
          `64 concurrent presents, median of ${cost.runs} runs: ${perSecond(cost.off)} with metrics off, logs at warn and no tracing; ${perSecond(cost.on)} with the metrics endpoint, a JSON log line per request and every span exported over OTLP (${(((cost.on - cost.off) / cost.off) * 100).toFixed(1)} %).\n`,
        );
      }
      if (canSsh && commits === opts.commits[opts.commits.length - 1]) {
        const ssh = await viaSsh(dir, join(dir, 'floor.git'), opts.zones, opts.samples);
        console.log(`### Through a local sshd\n`);
        console.log(
          `SSH connections accepted by sshd: ${ssh.afterStart} after start-up (the clone), ${ssh.afterRequests} after ${ssh.requests} more requests. Sequential /present over SSH: p50 ${ms(percentile(ssh.present, 50))}, p95 ${ms(percentile(ssh.present, 95))}.\n`,
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (!canSsh) console.log('(SSH run skipped: it needs root, /usr/sbin/sshd, and no --no-ssh.)');
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
