import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OUTPUT } from './environment';

/**
 * What lego's acme-dns provider does on `present` (goacmedns UpdateTXTRecord: the account of the
 * name from the storage file, then POST <base>/update with X-Api-User, X-Api-Key and
 * {"subdomain", "txt"}), as a script for lego's `exec` provider: Debian's lego is built without
 * the acme-dns provider (debian/rules leaves it out until goacmedns is packaged, Debian bug
 * #968964; `lego dnshelp` still lists it, `--dns acme-dns` answers "unrecognized DNS provider"),
 * and the provider's source cannot be committed here. lego hands `exec` the CNAME's target, the
 * account's `fulldomain`, when `_acme-challenge.<name>` has one. acme-dns has no cleanup: its
 * values stay until replaced.
 */
const HOOK = `
const [operation, fqdn, value] = process.argv.slice(2);
if (operation !== 'present') process.exit(0);
const name = fqdn.replace(/\\.$/, '');
const accounts = JSON.parse(require('node:fs').readFileSync(process.env.ACME_DNS_STORAGE_PATH, 'utf8'));
const account =
  Object.values(accounts).find((candidate) => candidate.fulldomain === name) ??
  accounts[name.replace(/^_acme-challenge\\./, '')];
if (!account) {
  console.error('no acme-dns account for ' + name + ' in ' + process.env.ACME_DNS_STORAGE_PATH);
  process.exit(1);
}
fetch(process.env.ACME_DNS_API_BASE + '/update', {
  method: 'POST',
  headers: {
    Accept: 'application/json',
    'Content-Type': 'application/json',
    'X-Api-User': account.username,
    'X-Api-Key': account.password,
  },
  body: JSON.stringify({ subdomain: account.subdomain, txt: value }),
}).then(async (response) => {
  const text = await response.text();
  console.log('acme-dns update: ' + response.status + ' ' + text);
  if (response.status !== 200) process.exit(1);
});
`;

/** Writes the hook once, run by the Node.js running this suite; returns its path. */
export async function acmeDnsHook(): Promise<string> {
  const path = join(OUTPUT, 'acme-dns-hook.js');
  await writeFile(path, `#!${process.execPath}\n${HOOK}`);
  await chmod(path, 0o755);
  return path;
}
