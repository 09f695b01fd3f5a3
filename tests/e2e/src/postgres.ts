import { chown, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { POSTGRES_BIN } from './environment';
import { type Processes, run, runOk, waitFor } from './processes';

/**
 * A PostgreSQL server of the suite's own on 127.0.0.1:5432 of its network namespace (the
 * machine's server is in another namespace): initdb, start, one database for the service.
 */
export async function startPostgres(dir: string, processes: Processes): Promise<string> {
  const data = join(dir, 'data');
  await mkdir(data, { recursive: true, mode: 0o700 });
  const { uid, gid } = await postgresUser();
  await chown(dir, uid, gid);
  await chown(data, uid, gid);
  const asPostgres = { uid, gid, env: { PATH: process.env.PATH, LC_ALL: 'C.UTF-8' } };
  await runOk(
    join(POSTGRES_BIN, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'],
    asPostgres,
  );
  processes.start(
    'postgres',
    join(POSTGRES_BIN, 'postgres'),
    ['-D', data, '-h', '127.0.0.1', '-p', '5432', '-k', dir, '-c', 'fsync=off'],
    asPostgres,
  );
  await waitFor(
    'PostgreSQL',
    async () =>
      (await run(join(POSTGRES_BIN, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-U', 'postgres']))
        .code === 0,
  );
  await runOk(join(POSTGRES_BIN, 'createdb'), [
    '-h',
    '127.0.0.1',
    '-U',
    'postgres',
    'httprequest-lego-provider',
  ]);
  return 'postgresql://postgres@127.0.0.1:5432/httprequest-lego-provider';
}

/** The Debian package's postgres account: the server refuses to run as root. */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const uid = Number((await runOk('id', ['-u', 'postgres'])).trim());
  const gid = Number((await runOk('id', ['-g', 'postgres'])).trim());
  return { uid, gid };
}
