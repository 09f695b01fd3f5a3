import { ActionFailedError, type ActionResults, type Charm, type JsonObject } from '@hlp/juju';

import { optionalList, requiredText } from './action-params';
import { type ActionSpec } from './action-spec';
import { readyWorkloadCli } from './workload-cli';

interface GrantParams {
  readonly username: string;
  readonly domains: string[];
  readonly subdomains: string[];
}

function grantParams(params: JsonObject): GrantParams {
  const username = requiredText(params, 'username');
  const domains = optionalList(params, 'domains');
  const subdomains = optionalList(params, 'subdomains');
  if (domains.length === 0 && subdomains.length === 0) {
    throw new ActionFailedError("At least one of 'domains' or 'subdomains' must be provided.");
  }
  return { username, domains, subdomains };
}

/** Runs allow-domains or revoke-domains; the CLI prints the Python charm's texts itself. */
async function changeGrants(
  charm: Charm,
  params: JsonObject,
  command: 'allow-domains' | 'revoke-domains',
  failure: (username: string) => string,
): Promise<ActionResults> {
  const { username, domains, subdomains } = grantParams(params);
  const cli = await readyWorkloadCli(charm);
  const { stdout, stderr } = await cli.run(
    [
      command,
      ...(domains.length > 0 ? [`--domains=${domains.join(',')}`] : []),
      ...(subdomains.length > 0 ? [`--subdomains=${subdomains.join(',')}`] : []),
      '--',
      username,
    ],
    { failure: failure(username) },
  );
  return {
    result: stdout.trim(),
    username,
    ...(domains.length > 0 ? { domains: domains.join(',') } : {}),
    ...(subdomains.length > 0 ? { subdomains: subdomains.join(',') } : {}),
    // Grants held already, or similar remarks the CLI makes on stderr.
    ...(stderr.trim() === '' ? {} : { notes: stderr.trim() }),
  };
}

const grantParamNames = ['username', 'domains', 'subdomains'];

export const allowDomains: ActionSpec = {
  params: grantParamNames,
  required: ['username'],
  run: (charm, params) =>
    changeGrants(charm, params, 'allow-domains', (user) => `cannot grant access to "${user}"`),
};

export const revokeDomains: ActionSpec = {
  params: grantParamNames,
  required: ['username'],
  run: (charm, params) =>
    changeGrants(charm, params, 'revoke-domains', (user) => `cannot revoke access from "${user}"`),
};

export const listDomains: ActionSpec = {
  params: ['username'],
  required: ['username'],
  async run(charm, params) {
    const username = requiredText(params, 'username');
    const cli = await readyWorkloadCli(charm);
    const failure = `cannot list the domains of "${username}"`;
    // The text is the CLI's own (the Python layout); the JSON is for scripts.
    const text = await cli.run(['list-domains', '--', username], { failure });
    const json = await cli.run(['list-domains', '--json', '--', username], { failure });
    return { result: text.stdout, grants: JSON.stringify(JSON.parse(json.stdout)) };
  },
};
