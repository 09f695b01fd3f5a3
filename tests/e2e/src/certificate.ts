import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OUTPUT } from './environment';
import { runOk } from './processes';

/** The DNS names in a certificate's subjectAltName, sorted. */
export async function subjectAltNames(certificate: string): Promise<string[]> {
  const text = await runOk('openssl', [
    'x509',
    '-in',
    certificate,
    '-noout',
    '-ext',
    'subjectAltName',
  ]);
  return text
    .split('\n')
    .slice(1)
    .join(',')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4))
    .sort();
}

/** Verifies the chain of a certificate lego wrote against pebble's root. */
export async function verifyChain(
  certificate: string,
  issuer: string,
  rootPem: string,
): Promise<void> {
  const root = join(OUTPUT, 'pebble-root.pem');
  await writeFile(root, rootPem);
  await runOk('openssl', ['verify', '-CAfile', root, '-untrusted', issuer, certificate]);
}
