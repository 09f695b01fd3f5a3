import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Pki } from './pki';
import { type Processes, waitFor } from './processes';

export interface Pebble {
  readonly directoryUrl: string;
  /** Pebble's issuing root, made in memory at start-up. */
  root(): Promise<string>;
}

function get(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

/** pebble, the ACME test server, validating DNS-01 against our BIND. */
export async function startPebble(dir: string, pki: Pki, processes: Processes): Promise<Pebble> {
  await mkdir(dir, { recursive: true });
  const config = join(dir, 'pebble-config.json');
  await writeFile(
    config,
    JSON.stringify({
      pebble: {
        listenAddress: '127.0.0.1:14000',
        managementListenAddress: '127.0.0.1:15000',
        certificate: pki.pebbleCert,
        privateKey: pki.pebbleKey,
        httpPort: 5002,
        tlsPort: 5001,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    }),
  );
  processes.start('pebble', 'pebble', ['-config', config, '-dnsserver', '127.0.0.1:53'], {
    cwd: dir,
    // No random validation sleeps, no rejected nonces: deterministic runs.
    env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0' },
  });
  const ca = readFileSync(pki.caPem, 'utf8');
  const directoryUrl = 'https://127.0.0.1:14000/dir';
  await waitFor('pebble\u2019s directory', () =>
    get(directoryUrl, ca).then(
      (response) => response.status === 200,
      () => false,
    ),
  );
  return {
    directoryUrl,
    root: async () => (await get('https://127.0.0.1:15000/roots/0', ca)).body,
  };
}
