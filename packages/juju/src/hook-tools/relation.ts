import { type CommandRunner } from './command-runner';
import { type RelationRef, formatRelationRef, parseRelationRef } from './relation-ref';
import { decodeHookToolOutput, runHookTool, runHookToolJson } from './run-hook-tool';

/** A relation databag: string keys to string values. */
export type Databag = Readonly<Record<string, string>>;

/** The relations on an endpoint: `relation-ids <endpoint> --format=json`. */
export async function relationIds(runner: CommandRunner, endpoint: string): Promise<RelationRef[]> {
  const args = [endpoint, '--format=json'];
  const ids = ((await runHookToolJson(runner, 'relation-ids', args)) ?? []) as string[];
  return decodeHookToolOutput(['relation-ids', ...args], ids, () => ids.map(parseRelationRef));
}

/** The remote units in a relation: `relation-list --format=json -r <endpoint>:<id>`. */
export function relationList(runner: CommandRunner, relation: RelationRef): Promise<string[]>;
/** The remote application of a relation: `relation-list --format=json --app -r <endpoint>:<id>`. */
export function relationList(
  runner: CommandRunner,
  relation: RelationRef,
  options: { readonly app: true },
): Promise<string>;
export async function relationList(
  runner: CommandRunner,
  relation: RelationRef,
  options: { readonly app?: boolean } = {},
): Promise<string[] | string> {
  const args = [
    '--format=json',
    ...(options.app ? ['--app'] : []),
    '-r',
    formatRelationRef(relation),
  ];
  const value = await runHookToolJson(runner, 'relation-list', args);
  return options.app ? ((value ?? '') as string) : ((value ?? []) as string[]);
}

/** Options of {@link relationGet} and {@link relationSet}. */
export interface RelationDataOptions {
  /** Use the application databag instead of the unit databag. */
  readonly app?: boolean;
}

/**
 * Reads the databag of a unit or application in a relation:
 * `relation-get --format=json -r <endpoint>:<id> [--app] - <unit-or-app>`.
 * Reading this application's own bag needs leadership (except on peer relations).
 */
export async function relationGet(
  runner: CommandRunner,
  relation: RelationRef,
  member: string,
  options: RelationDataOptions = {},
): Promise<Databag> {
  const args = [
    '--format=json',
    '-r',
    formatRelationRef(relation),
    ...(options.app ? ['--app'] : []),
  ];
  return ((await runHookToolJson(runner, 'relation-get', [...args, '-', member])) ?? {}) as Databag;
}

/**
 * Merges keys into this unit's (or, as leader, this application's) databag; an empty value
 * deletes a key: `relation-set -r <endpoint>:<id> [--app] --file -` with the data as JSON on stdin.
 * Juju commits the write only if the hook succeeds.
 */
export async function relationSet(
  runner: CommandRunner,
  relation: RelationRef,
  data: Databag,
  options: RelationDataOptions = {},
): Promise<void> {
  const args = [
    '-r',
    formatRelationRef(relation),
    ...(options.app ? ['--app'] : []),
    '--file',
    '-',
  ];
  await runHookTool(runner, 'relation-set', args, JSON.stringify(data));
}
