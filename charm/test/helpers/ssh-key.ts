import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SshKeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

/** A new ed25519 key pair without a passphrase, written under `dir` as `<name>` and `<name>.pub`. */
export function generateSshKey(dir: string, name = 'id_ed25519'): SshKeyPair {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'charm-test', '-f', path]);
  return {
    privateKey: readFileSync(path, 'utf8'),
    publicKey: readFileSync(`${path}.pub`, 'utf8'),
  };
}
