import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOGS, SERVICE_USER } from './environment';
import { type Processes, run, runOk, waitFor } from './processes';

export interface Bind {
  readonly zonesDir: string;
  readonly zonesConf: string;
  readonly rndcConf: string;
  /**
   * Whether BIND's query log shows a TXT query for `name` from pebble's validation (recursion
   * desired, no EDNS) or from lego's check of the zone's authoritative servers (no recursion).
   */
  queried(name: string, by: 'pebble' | 'lego'): Promise<boolean>;
}

/**
 * BIND, authoritative only, on 127.0.0.1 port 53 of the suite's network namespace: pebble
 * validates against it, and lego's propagation check finds it through /etc/resolv.conf.
 */
export async function startBind(dir: string, processes: Processes): Promise<Bind> {
  // The repository's deploy hook runs as the service user: it owns what it writes. named keeps
  // only some capabilities of root, so its own directory stays root's.
  const deployDir = join(dir, 'deploy');
  const zonesDir = join(deployDir, 'zones');
  await mkdir(zonesDir, { recursive: true });
  await chmod(dir, 0o755);
  const zonesConf = join(deployDir, 'zones.conf');
  await writeFile(zonesConf, '');
  for (const path of [deployDir, zonesDir, zonesConf])
    await chown(path, SERVICE_USER.uid, SERVICE_USER.gid);
  const key = await runOk('tsig-keygen', ['-a', 'hmac-sha256', 'e2e-rndc']);
  await writeFile(join(dir, 'rndc.key'), key, { mode: 0o644 });
  const rndcConf = join(dir, 'rndc.conf');
  await writeFile(
    rndcConf,
    `${key}\noptions { default-key "e2e-rndc"; default-server 127.0.0.1; default-port 953; };\n`,
    { mode: 0o644 },
  );
  const namedConf = join(dir, 'named.conf');
  await writeFile(
    namedConf,
    `options {
  directory "${dir}";
  pid-file "${dir}/named.pid";
  lock-file "${dir}/named.lock";
  session-keyfile "${dir}/session.key";
  managed-keys-directory "${dir}";
  listen-on port 53 { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify no;
  allow-transfer { none; };
  querylog yes;
};
include "${dir}/rndc.key";
controls { inet 127.0.0.1 port 953 allow { 127.0.0.1; } keys { "e2e-rndc"; }; };
include "${zonesConf}";
`,
  );
  await runOk('named-checkconf', [namedConf]);
  const named = processes.start('named', 'named', ['-g', '-c', namedConf]);
  await waitFor('BIND\u2019s control channel', async () => {
    if (named.exitCode !== null)
      throw new Error(`named exited with ${named.exitCode}: see logs/named.log`);
    return (await run('rndc', ['-c', rndcConf, 'status'])).code === 0;
  });
  return {
    zonesDir,
    zonesConf,
    rndcConf,
    queried: async (name, by) => {
      const log = await readFile(join(LOGS, 'named.log'), 'utf8');
      return log.includes(`query: ${name} IN TXT ${by === 'pebble' ? '+ (' : '-E'}`);
    },
  };
}
