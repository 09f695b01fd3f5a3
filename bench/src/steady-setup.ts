import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sshCommand, sshStateDir } from '../../apps/workload/src/records/git-environment';
import { type Sshd, startSshd } from '../../apps/workload/test/support/sshd';

const run = promisify(execFile);

export type Transport = 'file' | 'ssh';
export type Database = 'sqlite' | 'postgres';

/** How the service and the floor reach one bare repository. */
export interface RemoteAccess {
  readonly url: string;
  /** Environment for the service (its key and known_hosts); empty for file. */
  readonly serviceEnv: NodeJS.ProcessEnv;
  /** Environment for a bench git command run as the service would (same ssh command). */
  gitEnv(dataDir: string): Promise<NodeJS.ProcessEnv>;
  /** SSH connections sshd has accepted so far (0 for file): a reused one adds none. */
  connections(): Promise<number>;
  stop(): Promise<void>;
}

/** A comma-separated option's items. */
export const list = (text: string): string[] => text.split(',').filter((item) => item !== '');

/** Throws, before anything is built, when a transport cannot run here. */
export function checkTransports(transports: readonly Transport[]): void {
  if (transports.includes('ssh') && !(process.getuid?.() === 0 && existsSync('/usr/sbin/sshd')))
    throw new Error(
      '--transports ssh needs root and /usr/sbin/sshd (apt-get install openssh-server)',
    );
}

export async function remoteAccess(
  transport: Transport,
  dir: string,
  path: string,
): Promise<RemoteAccess> {
  if (transport === 'file')
    return {
      url: path,
      serviceEnv: {},
      gitEnv: async () => ({}),
      connections: async () => 0,
      stop: async () => {},
    };
  const sshd: Sshd = await startSshd(join(dir, 'sshd'));
  const knownHosts = join(dir, 'known_hosts');
  await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
  return {
    url: `ssh://root@127.0.0.1:${sshd.port}${path}`,
    serviceEnv: { HLP_GIT_SSH_KEY_FILE: sshd.clientKey, HLP_GIT_KNOWN_HOSTS_FILE: knownHosts },
    gitEnv: async (dataDir) => {
      await mkdir(sshStateDir(dataDir), { recursive: true, mode: 0o700 });
      return {
        GIT_SSH_COMMAND: sshCommand({
          dataDir,
          sshKeyFile: sshd.clientKey,
          knownHostsFile: knownHosts,
          acceptNewHostKeys: false,
          timeoutSeconds: 60,
          inherited: {},
        }),
      };
    },
    connections: () => sshd.acceptedConnections(),
    stop: () => sshd.stop(),
  };
}

/** A database of the run's own: nothing (a file in the data directory) or a fresh PostgreSQL one. */
export interface BenchDatabase {
  readonly env: NodeJS.ProcessEnv;
  drop(): Promise<void>;
}

export async function benchDatabase(kind: Database, postgresUrl: string): Promise<BenchDatabase> {
  if (kind === 'sqlite') return { env: {}, drop: async () => {} };
  const name = `hlp_bench_${randomBytes(4).toString('hex')}`;
  const psql = (sql: string) => run('psql', [postgresUrl, '-v', 'ON_ERROR_STOP=1', '-qc', sql]);
  await psql(`CREATE DATABASE ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      await psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
