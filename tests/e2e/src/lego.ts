import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { acmeDnsHook } from './acme-dns-hook';
import { LOGS, OUTPUT } from './environment';
import type { Pebble } from './pebble';
import type { Pki } from './pki';
import { run } from './processes';

/** lego with its httpreq provider, as a user of the service. */
export interface HttpreqRun {
  readonly name: string;
  readonly mode: 'default' | 'raw';
  readonly username: string;
  readonly password: string;
  readonly domains: readonly string[];
}

/**
 * lego as with its acme-dns provider: the API under /acme-dns, the accounts in a storage file
 * (through the `exec` provider and acme-dns-hook.ts).
 */
export interface AcmeDnsRun {
  readonly name: string;
  readonly acmeDnsStorage: string;
  readonly domains: readonly string[];
}

export type LegoRun = HttpreqRun | AcmeDnsRun;

/** The DNS provider lego is told to use, and its settings. */
async function provider(
  endpoint: string,
  lego: LegoRun,
): Promise<{ dns: string; env: NodeJS.ProcessEnv }> {
  if ('acmeDnsStorage' in lego) {
    return {
      dns: 'exec',
      env: {
        EXEC_PATH: await acmeDnsHook(),
        ACME_DNS_API_BASE: `${endpoint}/acme-dns`,
        ACME_DNS_STORAGE_PATH: lego.acmeDnsStorage,
        EXEC_POLLING_INTERVAL: '1',
        EXEC_PROPAGATION_TIMEOUT: '30',
        // exec solves one name at a time, waiting this long (60 s by default) in between.
        EXEC_SEQUENCE_INTERVAL: '1',
      },
    };
  }
  return {
    dns: 'httpreq',
    env: {
      HTTPREQ_ENDPOINT: endpoint,
      HTTPREQ_MODE: lego.mode === 'raw' ? 'RAW' : '',
      HTTPREQ_USERNAME: lego.username,
      HTTPREQ_PASSWORD: lego.password,
      // lego sleeps one interval before its first check of each name: keep it short.
      HTTPREQ_POLLING_INTERVAL: '1',
      HTTPREQ_PROPAGATION_TIMEOUT: '30',
      HTTPREQ_HTTP_TIMEOUT: '30',
    },
  };
}

export interface LegoResult {
  readonly code: number | null;
  readonly log: string;
  /** Where lego wrote the certificate of the first domain. */
  readonly certificate: string;
  readonly issuer: string;
}

/**
 * The real lego client with the httpreq provider, or acme-dns's API through a hook. Its full propagation check stays on: it
 * resolves the zone's NS through /etc/resolv.conf (our BIND) and asks it on port 53.
 */
export async function runLego(
  endpoint: string,
  pki: Pki,
  pebble: Pebble,
  lego: LegoRun,
): Promise<LegoResult> {
  const path = join(OUTPUT, `lego-${lego.name}`);
  const { dns, env } = await provider(endpoint, lego);
  const result = await run(
    'lego',
    [
      '--server',
      pebble.directoryUrl,
      '--accept-tos',
      '--email',
      `${lego.name}@example.com`,
      '--path',
      path,
      '--key-type',
      'ec256',
      '--dns',
      dns,
      '--dns.resolvers',
      '127.0.0.1:53',
      ...lego.domains.flatMap((domain) => ['-d', domain]),
      'run',
    ],
    {
      env: {
        PATH: process.env.PATH,
        LEGO_CA_CERTIFICATES: pki.caPem,
        ...env,
      },
    },
  );
  const log = `${result.stdout}${result.stderr}`;
  await writeFile(join(LOGS, `lego-${lego.name}.log`), log);
  const file = lego.domains[0].replace('*', '_');
  return {
    code: result.code,
    log,
    certificate: join(path, 'certificates', `${file}.crt`),
    issuer: join(path, 'certificates', `${file}.issuer.crt`),
  };
}
