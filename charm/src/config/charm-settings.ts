import {
  type GitRepository,
  OPTIONS,
  type Option,
  OptionValueError,
  type WorkloadInput,
} from '@hlp/config';
import {
  type CommandRunner,
  type ConfigValue,
  HookToolError,
  configGet,
  secretGet,
} from '@hlp/juju';

import { type SshEndpoint, knownHostsProblem, sshEndpoint } from '../ssh/known-hosts';
import { normalizePrivateKey } from '../ssh/private-key';
import {
  KNOWN_HOSTS_OPTION,
  REPOSITORY_OPTION,
  SSH_KEY_OPTION,
  SSH_KEY_SECRET_FIELD,
  SSH_KEY_SECRET_OPTION,
  WORKLOAD_OPTIONS,
} from './charm-options';
import { type ConfigProblems } from './config-problems';

/** Workload option values, as `renderWorkload` takes them. */
export type WorkloadValues = WorkloadInput['values'];

/** What the operator configured, checked and parsed. */
export interface CharmSettings {
  readonly values: WorkloadValues;
  readonly repository: GitRepository;
  /** The SSH private key, and the option it came from. */
  readonly sshKey?: { readonly option: string; readonly content: string };
  /** Pinned host keys (git-known-hosts). */
  readonly knownHosts?: string;
  /** The server whose host keys must be scanned, for an SSH repository without pinned keys. */
  readonly scanHostKeysOf?: SshEndpoint;
}

function text(config: Readonly<Record<string, ConfigValue>>, name: string): string | undefined {
  const value = config[name];
  return value === undefined || value === '' ? undefined : String(value);
}

function parseWorkloadOptions(
  config: Readonly<Record<string, ConfigValue>>,
  problems: ConfigProblems,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(WORKLOAD_OPTIONS)) {
    const raw = text(config, name);
    if (raw === undefined) continue;
    try {
      values[key] = (OPTIONS[key] as Option<unknown>).parse(raw);
    } catch (error) {
      if (!(error instanceof OptionValueError)) throw error;
      problems.invalidValue(name, error.message);
    }
  }
  return values;
}

async function readKeySecret(
  runner: CommandRunner,
  id: string,
  problems: ConfigProblems,
): Promise<string | undefined> {
  try {
    const content = await secretGet(runner, { id, refresh: true });
    const key = content[SSH_KEY_SECRET_FIELD];
    if (key === undefined) {
      problems.invalidValue(
        SSH_KEY_SECRET_OPTION,
        `the secret has no "${SSH_KEY_SECRET_FIELD}" field holding the key`,
      );
    }
    return key;
  } catch (error) {
    if (!(error instanceof HookToolError)) throw error;
    problems.invalidValue(
      SSH_KEY_SECRET_OPTION,
      `cannot read the secret (${error.stderr.trim() || `exit code ${error.exitCode}`}): grant it with \`juju grant-secret <secret> <application>\``,
    );
    return undefined;
  }
}

async function readSshKey(
  runner: CommandRunner,
  config: Readonly<Record<string, ConfigValue>>,
  problems: ConfigProblems,
): Promise<CharmSettings['sshKey']> {
  const secretId = text(config, SSH_KEY_SECRET_OPTION);
  const plain = text(config, SSH_KEY_OPTION);
  if (secretId !== undefined && plain !== undefined) {
    problems.invalidValue(
      SSH_KEY_OPTION,
      `set only one of ${SSH_KEY_SECRET_OPTION} (preferred) and ${SSH_KEY_OPTION}`,
    );
    return undefined;
  }
  const option = secretId === undefined ? SSH_KEY_OPTION : SSH_KEY_SECRET_OPTION;
  const raw = secretId === undefined ? plain : await readKeySecret(runner, secretId, problems);
  if (raw === undefined) return undefined;
  const content = normalizePrivateKey(raw);
  if (content === undefined) {
    problems.invalidValue(
      option,
      'not an OpenSSH or PEM private key ("-----BEGIN … PRIVATE KEY-----")',
    );
    return undefined;
  }
  return { option, content };
}

/**
 * Reads the Juju options (and the SSH key secret), checks each with the shared schema, and
 * records every problem; the settings are usable only when `problems` stayed empty.
 */
export async function readCharmSettings(
  runner: CommandRunner,
  problems: ConfigProblems,
): Promise<CharmSettings | undefined> {
  const config = await configGet(runner);
  const values = parseWorkloadOptions(config, problems) as WorkloadValues;
  const repository = values.gitRepo;
  if (text(config, REPOSITORY_OPTION) === undefined) problems.missingOption(REPOSITORY_OPTION);

  const sshKey = await readSshKey(runner, config, problems);
  const keyConfigured =
    text(config, SSH_KEY_SECRET_OPTION) !== undefined || text(config, SSH_KEY_OPTION) !== undefined;
  // The Python charm required a key; only a repository known not to use SSH does without.
  if (!keyConfigured && (repository === undefined || repository.transport === 'ssh')) {
    problems.missingOption(`${SSH_KEY_SECRET_OPTION} (or ${SSH_KEY_OPTION})`);
  }

  const knownHosts = text(config, KNOWN_HOSTS_OPTION);
  const knownHostsIssue = knownHosts === undefined ? undefined : knownHostsProblem(knownHosts);
  if (knownHostsIssue !== undefined) problems.invalidValue(KNOWN_HOSTS_OPTION, knownHostsIssue);

  if (repository === undefined) return undefined;
  const scanHostKeysOf = knownHosts === undefined ? sshEndpoint(repository) : undefined;
  return {
    values,
    repository,
    ...(sshKey === undefined ? {} : { sshKey }),
    ...(knownHosts === undefined ? {} : { knownHosts }),
    ...(scanHostKeysOf === undefined ? {} : { scanHostKeysOf }),
  };
}
