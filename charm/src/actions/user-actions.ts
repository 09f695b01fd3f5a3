import { randomBytes } from 'node:crypto';

import { ActionFailedError } from '@hlp/juju';

import { optionalFlag, optionalList, requiredText } from './action-params';
import { type ActionSpec } from './action-spec';
import { type WorkloadCli, readyWorkloadCli } from './workload-cli';

/** 32 URL-safe characters: well over the workload's 12-character minimum. */
function newPassword(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Creates the user, or sets a new password on an existing one, with a password generated here
 * and given to the CLI on stdin. Returns whether the user was created.
 */
async function upsertUser(
  cli: WorkloadCli,
  command: 'create-user' | 'create-superuser',
  username: string,
  password: string,
  extraArgs: readonly string[] = [],
): Promise<boolean> {
  const { stdout } = await cli.run(
    [command, '--password-stdin', '--json', ...extraArgs, '--', username],
    { failure: `cannot create or update "${username}"`, stdin: password },
  );
  try {
    return (JSON.parse(stdout) as { created: boolean }).created === true;
  } catch {
    throw new ActionFailedError(
      `"${username}" was saved, but the CLI's answer could not be read: ${stdout.trim()}`,
    );
  }
}

function replacedNote(created: boolean): string {
  return created ? '' : ' (it replaced the previous password)';
}

export const createUser: ActionSpec = {
  params: ['username'],
  required: ['username'],
  async run(charm, params) {
    const username = requiredText(params, 'username');
    const cli = await readyWorkloadCli(charm);
    const password = newPassword();
    const created = await upsertUser(cli, 'create-user', username, password);
    return {
      result: `Created or updated "${username}" with password "${password}"${replacedNote(created)}`,
      username,
      password,
      created,
    };
  },
};

export const createSuperuser: ActionSpec = {
  params: ['username', 'email'],
  required: ['username', 'email'],
  async run(charm, params) {
    const username = requiredText(params, 'username');
    const email = requiredText(params, 'email');
    const cli = await readyWorkloadCli(charm);
    const password = newPassword();
    const created = await upsertUser(cli, 'create-superuser', username, password, [
      `--email=${email}`,
    ]);
    return {
      result: `Created or updated admin user "${username}" with password "${password}"${replacedNote(created)}`,
      username,
      password,
      created,
    };
  },
};

/** Limits the networks a user may connect from (CIDR), or lifts the limit with `any`. */
export const restrictNetworks: ActionSpec = {
  params: ['username', 'networks', 'any'],
  required: ['username'],
  async run(charm, params) {
    const username = requiredText(params, 'username');
    const networks = optionalList(params, 'networks');
    const any = optionalFlag(params, 'any');
    if (networks.length > 0 === any) {
      throw new ActionFailedError("Give either 'networks' or 'any=true'.");
    }
    const cli = await readyWorkloadCli(charm);
    const { stdout } = await cli.run(
      [
        'restrict-networks',
        ...(any ? ['--any'] : [`--networks=${networks.join(',')}`]),
        '--',
        username,
      ],
      { failure: `cannot restrict the networks of "${username}"` },
    );
    return { result: stdout.trim(), username, networks: any ? 'any' : networks.join(',') };
  },
};
