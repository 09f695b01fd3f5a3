import { ActionFailedError } from '@hlp/juju';

import { optionalList, optionalText } from './action-params';
import { type ActionSpec } from './action-spec';
import { readyWorkloadCli } from './workload-cli';

/** An account as the CLI prints it: acme-dns's `POST /register` answer, plus `server_url`. */
interface StoredAccount {
  readonly username: string;
  readonly password: string;
  readonly fulldomain: string;
  readonly subdomain: string;
  readonly allowfrom: readonly string[];
  readonly server_url?: string;
}

function parsed(stdout: string): unknown {
  try {
    return JSON.parse(stdout);
  } catch {
    return undefined;
  }
}

function storedAccount(stdout: string, domain: string | undefined): StoredAccount {
  const printed = parsed(stdout) as Record<string, StoredAccount> | undefined;
  // With --domain the CLI keys the account by the name, as it normalised it.
  const account =
    domain === undefined
      ? (printed as StoredAccount | undefined)
      : printed && Object.values(printed)[0];
  if (typeof account?.username !== 'string' || !Array.isArray(account.allowfrom)) {
    // Not repeated here: it may hold the key, and failure messages reach the logs.
    throw new ActionFailedError(
      "an account may have been registered, but the CLI's answer could not be read: run the action again",
    );
  }
  return account;
}

/**
 * Registers an account of the acme-dns API, whatever acme-dns-registration says: the workload's
 * `acme-dns register`. `storage-json` is the JSON its client stores (lego's storage file,
 * cert-manager's account secret); the credentials come as keys of their own too.
 */
export const registerAcmeDnsAccount: ActionSpec = {
  params: ['domain', 'allowfrom'],
  required: [],
  async run(charm, params) {
    const domain = optionalText(params, 'domain');
    const allowFrom = optionalList(params, 'allowfrom');
    const cli = await readyWorkloadCli(charm);
    if (cli.config.acmeDnsZone === undefined) {
      throw new ActionFailedError(
        `the acme-dns API is off: set its zone first (\`juju config ${charm.context.appName} acme-dns-zone=<zone>\`)`,
      );
    }
    const { stdout, stderr } = await cli.run(
      [
        'acme-dns',
        'register',
        ...(domain === undefined ? [] : [`--domain=${domain}`]),
        ...(allowFrom.length > 0 ? [`--allow-from=${allowFrom.join(',')}`] : []),
      ],
      { failure: 'cannot register an acme-dns account' },
    );
    const account = storedAccount(stdout, domain);
    return {
      // The CLI's own line: which CNAME to add.
      result: stderr.trim(),
      'storage-json': stdout.trim(),
      username: account.username,
      password: account.password,
      fulldomain: account.fulldomain,
      subdomain: account.subdomain,
      ...(account.allowfrom.length > 0 ? { allowfrom: account.allowfrom.join(',') } : {}),
      ...(account.server_url === undefined ? {} : { 'server-url': account.server_url }),
    };
  },
};
