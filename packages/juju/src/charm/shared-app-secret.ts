import { type CommandRunner } from '../hook-tools/command-runner';
import { HookToolError } from '../hook-tools/hook-tool-error';
import { isLeader } from '../hook-tools/leadership';
import { secretAdd, secretGet } from '../hook-tools/secret';
import { type SecretContent } from '../hook-tools/secret-content-files';
import { WaitingStatusError } from './status-error';

/** Options of {@link sharedAppSecret}. */
export interface SharedAppSecretOptions {
  /** The secret's label: how every unit finds it. */
  readonly label: string;
  /** Makes the content, once, on the leader. */
  readonly generate: () => SecretContent | Promise<SecretContent>;
  readonly description?: string;
}

/**
 * The content of an application-owned secret shared by all units (a signing key, an admin
 * password). The leader creates it the first time with the label; every unit reads it by label
 * with `--refresh`, so a new revision is picked up. A non-leader that runs before the leader
 * created it gets a {@link WaitingStatusError}.
 */
export async function sharedAppSecret(
  runner: CommandRunner,
  options: SharedAppSecretOptions,
): Promise<SecretContent> {
  try {
    return await secretGet(runner, { label: options.label, refresh: true });
  } catch (error) {
    if (!(error instanceof HookToolError && error.isNotFound)) {
      throw error;
    }
  }
  if (!(await isLeader(runner))) {
    throw new WaitingStatusError(`waiting for the leader to create secret "${options.label}"`);
  }
  const content = await options.generate();
  await secretAdd(runner, content, {
    label: options.label,
    owner: 'application',
    ...(options.description === undefined ? {} : { description: options.description }),
  });
  return content;
}
