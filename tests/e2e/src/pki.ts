import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runOk } from './processes';

export interface Pki {
  /** The CA that signed pebble's TLS certificate (lego trusts it through LEGO_CA_CERTIFICATES). */
  readonly caPem: string;
  readonly pebbleCert: string;
  readonly pebbleKey: string;
}

/** Debian's pebble ships without its test certificates: make a throwaway CA and a leaf for 127.0.0.1. */
export async function createPki(dir: string): Promise<Pki> {
  await mkdir(dir, { recursive: true });
  const path = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await runOk('openssl', [
    'req',
    '-x509',
    ...ec,
    '-days',
    '2',
    '-keyout',
    path('ca.key'),
    '-out',
    path('ca.pem'),
    '-subj',
    '/CN=httprequest-lego-provider e2e CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await runOk('openssl', [
    'req',
    ...ec,
    '-keyout',
    path('pebble.key'),
    '-out',
    path('pebble.csr'),
    '-subj',
    '/CN=localhost',
  ]);
  await writeFile(
    path('leaf.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n',
  );
  await runOk('openssl', [
    'x509',
    '-req',
    '-in',
    path('pebble.csr'),
    '-CA',
    path('ca.pem'),
    '-CAkey',
    path('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    path('leaf.ext'),
    '-out',
    path('pebble.pem'),
  ]);
  return { caPem: path('ca.pem'), pebbleCert: path('pebble.pem'), pebbleKey: path('pebble.key') };
}
