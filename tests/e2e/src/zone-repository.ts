import { appendFile, chown, copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bind } from './bind';
import { SERVICE_USER } from './environment';
import { runOk } from './processes';

export interface ZoneRepository {
  /** The bare repository the service clones and pushes to. */
  readonly path: string;
  commitCount(): Promise<number>;
  /** TXT lines at `owner` (relative to the zone) in the zone file of a revision. */
  txtCount(zone: string, owner: string, revision?: string): Promise<number>;
  /** The values (rdata, as written) of the TXT lines at `owner` on main. */
  txtValues(zone: string, owner: string): Promise<string[]>;
  /** The most TXT lines at `owner` that any commit ever had at once. */
  mostTxtInHistory(zone: string, owner: string): Promise<number>;
  /** Appends records to a zone file and pushes them, as the zone's owner would (deployed to BIND). */
  addRecords(zone: string, lines: readonly string[]): Promise<void>;
}

const asService = { uid: SERVICE_USER.uid, gid: SERVICE_USER.gid };

function seedZone(zone: string): string {
  return [
    `$ORIGIN ${zone}.`,
    '$TTL 60',
    `@ 60 IN SOA ns1.${zone}. hostmaster.${zone}. 1 60 60 86400 1`,
    `@ 60 IN NS ns1.${zone}.`,
    'ns1 60 IN A 127.0.0.1',
    '@ 60 IN A 127.0.0.1',
    '',
  ].join('\n');
}

/**
 * A bare repository of zone files whose post-receive hook deploys every push to BIND and waits
 * until it is served; seeded with SOA, NS and A records so that BIND loads each zone.
 */
export async function createZoneRepository(
  dir: string,
  bind: Bind,
  zones: readonly string[],
): Promise<ZoneRepository> {
  await mkdir(dir, { recursive: true });
  await chown(dir, SERVICE_USER.uid, SERVICE_USER.gid);
  const path = join(dir, 'dns.git');
  const gitEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const git = (args: string[], cwd = dir) => runOk('git', args, { cwd, env: gitEnv, ...asService });
  await git(['init', '--quiet', '--bare', '--initial-branch=main', path]);
  await writeFile(
    join(path, 'deploy.env'),
    `ZONES_DIR='${bind.zonesDir}'\nZONES_CONF='${bind.zonesConf}'\nRNDC_CONF='${bind.rndcConf}'\nBRANCH=main\n`,
  );
  await copyFile(
    join(__dirname, '..', 'scripts', 'post-receive.sh'),
    join(path, 'hooks', 'post-receive'),
  );
  await chown(join(path, 'hooks', 'post-receive'), SERVICE_USER.uid, SERVICE_USER.gid);

  const seed = join(dir, 'seed');
  await git(['clone', '--quiet', path, seed]);
  for (const zone of zones) {
    await writeFile(join(seed, `${zone}.domain`), seedZone(zone));
    await chown(join(seed, `${zone}.domain`), SERVICE_USER.uid, SERVICE_USER.gid);
  }
  const commitAndPush = async (message: string) => {
    await git(['add', '--all'], seed);
    await git(
      [
        '-c',
        'user.name=e2e',
        '-c',
        'user.email=e2e@example.invalid',
        'commit',
        '--quiet',
        '-m',
        message,
      ],
      seed,
    );
    await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/main'], seed);
  };
  await commitAndPush('Seed zones');

  // Reads as root, of a repository owned by the service user.
  const read = (args: string[]) => runOk('git', ['-c', 'safe.directory=*', '-C', path, ...args]);
  const txtLines = async (zone: string, owner: string, revision: string) =>
    (await read(['show', `${revision}:${zone}.domain`]))
      .split('\n')
      .filter((line) => line.split(/\s+/)[0] === owner && /\sTXT\s/.test(line));
  const txtCount = async (zone: string, owner: string, revision = 'main') =>
    (await txtLines(zone, owner, revision)).length;
  return {
    path,
    commitCount: async () => Number((await read(['rev-list', '--count', 'main'])).trim()),
    txtCount,
    txtValues: async (zone, owner) =>
      (await txtLines(zone, owner, 'main')).map((line) => line.replace(/^.*\sTXT\s+/, '')),
    mostTxtInHistory: async (zone, owner) => {
      const revisions = (await read(['rev-list', 'main'])).trim().split('\n');
      const counts = await Promise.all(
        revisions.map((revision) => txtCount(zone, owner, revision)),
      );
      return Math.max(...counts);
    },
    addRecords: async (zone, lines) => {
      await git(['fetch', '--quiet', 'origin'], seed);
      await git(['reset', '--quiet', '--hard', 'origin/main'], seed);
      const file = join(seed, `${zone}.domain`);
      await appendFile(file, `${lines.join('\n')}\n`);
      await commitAndPush(`Add ${lines.length} record(s) to ${zone}`);
    },
  };
}
