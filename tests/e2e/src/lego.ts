import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOGS, OUTPUT } from './environment';
import type { Pebble } from './pebble';
import type { Pki } from './pki';
import { run } from './processes';

export interface LegoRun {
  readonly name: string;
  readonly mode: 'default' | 'raw';
  readonly username: string;
  readonly password: string;
  readonly domains: readonly string[];
}

export interface LegoResult {
  readonly code: number | null;
  readonly log: string;
  /** Where lego wrote the certificate of the first domain. */
  readonly certificate: string;
  readonly issuer: string;
}

/**
 * The real lego client with the httpreq provider. Its full propagation check stays on: it
 * resolves the zone's NS through /etc/resolv.conf (our BIND) and asks it on port 53.
 */
export async function runLego(
  endpoint: string,
  pki: Pki,
  pebble: Pebble,
  lego: LegoRun,
): Promise<LegoResult> {
  const path = join(OUTPUT, `lego-${lego.name}`);
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
      'httpreq',
      '--dns.resolvers',
      '127.0.0.1:53',
      ...lego.domains.flatMap((domain) => ['-d', domain]),
      'run',
    ],
    {
      env: {
        PATH: process.env.PATH,
        LEGO_CA_CERTIFICATES: pki.caPem,
        HTTPREQ_ENDPOINT: endpoint,
        HTTPREQ_MODE: lego.mode === 'raw' ? 'RAW' : '',
        HTTPREQ_USERNAME: lego.username,
        HTTPREQ_PASSWORD: lego.password,
        // lego sleeps one interval before its first check of each name: keep it short.
        HTTPREQ_POLLING_INTERVAL: '1',
        HTTPREQ_PROPAGATION_TIMEOUT: '30',
        HTTPREQ_HTTP_TIMEOUT: '30',
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
