import { ActionFailedError, type Charm, HookToolError, secretGet } from '@hlp/juju';

import { optionalFlag, requiredText } from './action-params';
import { type ActionSpec } from './action-spec';
import { readyWorkloadCli } from './workload-cli';

/** The field of the source secret holding the Python service's database URL. */
export const SOURCE_URI_FIELD = 'uri';

/** The Python service's database URL, from the Juju secret the operator granted us. */
async function sourceUri(charm: Charm, secretId: string): Promise<string> {
  let content: Readonly<Record<string, string>>;
  try {
    content = await secretGet(charm.runner, { id: secretId, refresh: true });
  } catch (error) {
    if (!(error instanceof HookToolError)) throw error;
    throw new ActionFailedError(
      `cannot read the secret ${secretId} (${error.stderr.trim() || `exit code ${error.exitCode}`}): grant it with \`juju grant-secret <secret> ${charm.context.appName}\``,
    );
  }
  const uri = content[SOURCE_URI_FIELD];
  if (uri === undefined || uri.trim() === '') {
    throw new ActionFailedError(
      `the secret ${secretId} has no "${SOURCE_URI_FIELD}" field: create it with \`juju add-secret <name> ${SOURCE_URI_FIELD}=postgresql://<user>:<password>@<host>:5432/<database>\``,
    );
  }
  return uri.trim();
}

/**
 * Takes over the Python charm's users, domains and grants: the workload's `import-django`,
 * given the source database on stdin (it holds a password). The report is the CLI's own.
 */
export const importDjango: ActionSpec = {
  params: ['source-secret-id', 'dry-run'],
  required: ['source-secret-id'],
  async run(charm, params) {
    const secretId = requiredText(params, 'source-secret-id');
    const dryRun = optionalFlag(params, 'dry-run');
    const cli = await readyWorkloadCli(charm);
    const source = await sourceUri(charm, secretId);
    const { stdout } = await cli.run(
      ['import-django', '--from-stdin', ...(dryRun ? ['--dry-run'] : [])],
      { failure: 'cannot import from the Python service', stdin: source },
    );
    return { result: stdout.trim(), 'dry-run': dryRun };
  },
};
