import { type CommandRunner } from './command-runner';
import { decodeHookToolOutput, runHookTool, runHookToolJson } from './run-hook-tool';
import { type SecretContent, withSecretContentFiles } from './secret-content-files';

/** How often Juju asks the owner to rotate a secret. */
export type SecretRotatePolicy =
  'never' | 'hourly' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly';

/** Metadata options shared by `secret-add` and `secret-set`. */
export interface SecretMetadataOptions {
  readonly label?: string;
  readonly description?: string;
  /** An RFC 3339 time or a duration such as `24h`. */
  readonly expire?: string;
  readonly rotate?: SecretRotatePolicy;
}

/** Options of {@link secretAdd}. */
export interface SecretAddOptions extends SecretMetadataOptions {
  /** Who owns the secret; application-owned secrets need leadership. Default `application`. */
  readonly owner?: 'application' | 'unit';
}

function metadataArgs(options: SecretMetadataOptions): string[] {
  const args: string[] = [];
  if (options.label !== undefined) args.push('--label', options.label);
  if (options.description !== undefined) args.push('--description', options.description);
  if (options.expire !== undefined) args.push('--expire', options.expire);
  if (options.rotate !== undefined) args.push('--rotate', options.rotate);
  return args;
}

/**
 * Creates a secret and returns its ID:
 * `secret-add [--label L] … --owner application key#file=<path> …`.
 */
export async function secretAdd(
  runner: CommandRunner,
  content: SecretContent,
  options: SecretAddOptions = {},
): Promise<string> {
  const args = [...metadataArgs(options), '--owner', options.owner ?? 'application'];
  const stdout = await withSecretContentFiles(content, (contentArgs) =>
    runHookTool(runner, 'secret-add', [...args, ...contentArgs]),
  );
  return stdout.trim();
}

/** Which secret to read and which revision. */
export interface SecretGetOptions {
  /** The secret ID; with `label` too, the label is attached to the secret for this consumer. */
  readonly id?: string;
  readonly label?: string;
  /** Read the latest revision and track it from now on (after `secret-changed`). */
  readonly refresh?: boolean;
  /** Read the latest revision once, without tracking it. */
  readonly peek?: boolean;
}

/** Reads a secret's content: `secret-get --format=json <id> [--label L] [--refresh|--peek]`. */
export async function secretGet(
  runner: CommandRunner,
  options: SecretGetOptions,
): Promise<SecretContent> {
  const args = ['--format=json'];
  if (options.id !== undefined) args.push(options.id);
  if (options.label !== undefined) args.push('--label', options.label);
  if (options.refresh) args.push('--refresh');
  if (options.peek) args.push('--peek');
  return ((await runHookToolJson(runner, 'secret-get', args)) ?? {}) as SecretContent;
}

/** Options of {@link secretSet}. */
export interface SecretSetOptions extends SecretMetadataOptions {
  /** New content, which creates a new revision. */
  readonly content?: SecretContent;
  /** The owner; needed only to change the ownership of a secret. */
  readonly owner?: 'application' | 'unit';
}

/** Updates a secret owned by this charm: `secret-set <id> [--label L] … key#file=<path> …`. */
export async function secretSet(
  runner: CommandRunner,
  id: string,
  options: SecretSetOptions,
): Promise<void> {
  const args = [...metadataArgs(options), ...(options.owner ? ['--owner', options.owner] : []), id];
  await withSecretContentFiles(options.content ?? {}, (contentArgs) =>
    runHookTool(runner, 'secret-set', [...args, ...contentArgs]),
  );
}

/** Lets the other side of a relation (or one unit of it) read a secret: `secret-grant --relation <id> [--unit u] <id>`. */
export async function secretGrant(
  runner: CommandRunner,
  id: string,
  relationId: number,
  options: { readonly unit?: string } = {},
): Promise<void> {
  const args = [
    '--relation',
    String(relationId),
    ...(options.unit ? ['--unit', options.unit] : []),
    id,
  ];
  await runHookTool(runner, 'secret-grant', args);
}

/** What the owner knows about a secret. */
export interface SecretInfo {
  readonly id: string;
  readonly revision: number;
  readonly label?: string;
  readonly description?: string;
  readonly owner?: string;
  readonly rotation?: string;
  readonly expiry?: string;
  readonly rotates?: string;
}

/** Metadata of a secret this charm owns: `secret-info-get --format=json <id>` or `--label L`. */
export async function secretInfoGet(
  runner: CommandRunner,
  options: { readonly id?: string; readonly label?: string },
): Promise<SecretInfo> {
  const args = ['--format=json'];
  if (options.id !== undefined) args.push(options.id);
  if (options.label !== undefined) args.push('--label', options.label);
  const output = await runHookToolJson(runner, 'secret-info-get', args);
  return decodeHookToolOutput(['secret-info-get', ...args], output, () => {
    // Juju answers with a map keyed by secret ID.
    const [entry] = Object.entries((output ?? {}) as Record<string, Omit<SecretInfo, 'id'>>);
    if (entry === undefined) {
      throw new Error('no secret in the answer');
    }
    return { ...entry[1], id: entry[0] };
  });
}

/** Removes a secret, or one revision of it: `secret-remove <id> [--revision n]`. */
export async function secretRemove(
  runner: CommandRunner,
  id: string,
  options: { readonly revision?: number } = {},
): Promise<void> {
  const args = [
    id,
    ...(options.revision !== undefined ? ['--revision', String(options.revision)] : []),
  ];
  await runHookTool(runner, 'secret-remove', args);
}
