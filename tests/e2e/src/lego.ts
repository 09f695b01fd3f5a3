import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LEGO_ACMEDNS, LOGS, OUTPUT } from './environment';
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
 * lego with its acme-dns provider: the API under /acme-dns, the account of each name in a
 * storage file. Debian's lego leaves that provider out; scripts/build-lego-acmedns.sh builds
 * Debian's lego source with it back in.
 */
export interface AcmeDnsRun {
  readonly name: string;
  readonly acmeDnsStorage: string;
  readonly domains: readonly string[];
}

export type LegoRun = HttpreqRun | AcmeDnsRun;

/** The lego binary, the DNS provider it is told to use, and its settings. */
function provider(
  endpoint: string,
  lego: LegoRun,
): { command: string; dns: string; env: NodeJS.ProcessEnv } {
  if ('acmeDnsStorage' in lego) {
    return {
      command: LEGO_ACMEDNS,
      dns: 'acme-dns',
      env: {
        ACME_DNS_API_BASE: `${endpoint}/acme-dns`,
        ACME_DNS_STORAGE_PATH: lego.acmeDnsStorage,
      },
    };
  }
  return {
    command: 'lego',
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
 * The real lego client with its httpreq or acme-dns provider. Its full propagation check stays
 * on: it resolves the zone's NS through /etc/resolv.conf (our BIND) and asks it on port 53.
 */
export async function runLego(
  endpoint: string,
  pki: Pki,
  pebble: Pebble,
  lego: LegoRun,
): Promise<LegoResult> {
  const path = join(OUTPUT, `lego-${lego.name}`);
  const { command, dns, env } = provider(endpoint, lego);
  const result = await run(
    command,
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
