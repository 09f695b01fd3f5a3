import { readFileSync } from 'node:fs';

import { type FakeJujuState, type FakeSecret, newSecretId } from '../fake-juju-state';
import { type ToolHandler, ToolFailure, formatOutput, keyValue, parseToolArgs } from '../tool-call';
import { findRelation } from './relation';

const CONTENT_KEY = /^[a-z](?:-?[a-z0-9]){2,}$/;
const METADATA = ['label', 'description', 'expire', 'rotate', 'owner'];

// `secret:abc`, `secret://<model-uuid>/abc` and `abc` name the same secret.
function coreId(id: string): string {
  return id.replace(/^secret:(\/\/[^/]*\/)?/, '');
}

function findSecret(
  state: FakeJujuState,
  id: string | undefined,
  label: string | undefined,
): FakeSecret {
  const secret = state.secrets.find((candidate) =>
    id !== undefined
      ? coreId(candidate.id) === coreId(id)
      : candidate.label === label || candidate.consumerLabel === label,
  );
  if (secret === undefined) {
    throw new ToolFailure(`secret "${id ?? label}" not found`);
  }
  return secret;
}

/** Checks this unit may change the secret: it owns it, and app-owned secrets need leadership. */
function assertManageable(state: FakeJujuState, secret: FakeSecret): void {
  if (secret.owner === 'remote') {
    throw new ToolFailure(
      `permission denied: secret "${secret.id}" is not owned by this application`,
    );
  }
  if (secret.owner === 'application' && !state.leader) {
    throw new ToolFailure('this unit is not the leader');
  }
}

function readContent(args: readonly string[]): Record<string, string> {
  const content: Record<string, string> = {};
  for (const arg of args) {
    const { key, encoding, value } = keyValue(arg);
    if (!CONTENT_KEY.test(key)) {
      throw new ToolFailure(`invalid key "${key}"`, 2);
    }
    if (encoding === 'file') {
      content[key] = readFileSync(value, 'utf8');
    } else if (encoding === 'base64') {
      content[key] = Buffer.from(value, 'base64').toString('utf8');
    } else {
      content[key] = value;
    }
  }
  return content;
}

function applyMetadata(secret: FakeSecret, options: ReadonlyMap<string, string | boolean>): void {
  const text = (name: string): string | undefined => {
    const value = options.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  secret.label = text('label') ?? secret.label;
  secret.description = text('description') ?? secret.description;
  secret.expire = text('expire') ?? secret.expire;
  secret.rotate = text('rotate') ?? secret.rotate;
}

function latest(secret: FakeSecret): number {
  return Math.max(0, ...secret.revisions.map((revision) => revision.revision));
}

/** `secret-add [--label L] [--description D] [--expire T] [--rotate P] [--owner application|unit] key=value|key#file=path …`. */
export const secretAdd: ToolHandler = ({ args, state }) => {
  const { options, positional } = parseToolArgs(args, { values: METADATA });
  const owner = options.get('owner') ?? 'application';
  if (owner !== 'application' && owner !== 'unit') {
    throw new ToolFailure(`invalid owner "${String(owner)}"`, 2);
  }
  const content = readContent(positional);
  if (Object.keys(content).length === 0) {
    throw new ToolFailure('missing secret value', 2);
  }
  if (owner === 'application' && !state.leader) {
    throw new ToolFailure('this unit is not the leader');
  }
  const label = options.get('label');
  if (
    label !== undefined &&
    state.secrets.some((secret) => secret.owner !== 'remote' && secret.label === label)
  ) {
    throw new ToolFailure(`secret with label "${String(label)}" already exists`);
  }
  const secret: FakeSecret = {
    id: newSecretId(),
    owner,
    revisions: [{ revision: 1, content }],
    grants: [],
  };
  applyMetadata(secret, options);
  state.secrets.push(secret);
  return `${secret.id}\n`;
};

/** `secret-get [--format=json] <id> [--label L] [--refresh|--peek]`, or `--label L` alone. */
export const secretGet: ToolHandler = ({ args, state }) => {
  const { options, positional } = parseToolArgs(args, {
    values: ['format', 'label'],
    flags: ['refresh', 'peek'],
  });
  const [id] = positional;
  const label = options.get('label') as string | undefined;
  if (options.get('refresh') === true && options.get('peek') === true) {
    throw new ToolFailure('specify one of --peek or --refresh but not both', 2);
  }
  const secret = findSecret(state, id, id === undefined ? label : undefined);
  if (id !== undefined && label !== undefined) {
    if (secret.owner === 'remote') secret.consumerLabel = label;
    else secret.label = label;
  }
  // Owners always see the latest revision; consumers see the one they track.
  let revision = latest(secret);
  if (secret.owner === 'remote' && options.get('peek') !== true) {
    if (secret.trackedRevision === undefined || options.get('refresh') === true) {
      secret.trackedRevision = revision;
    }
    revision = secret.trackedRevision;
  }
  const content = secret.revisions.find((candidate) => candidate.revision === revision)?.content;
  if (content === undefined) {
    throw new ToolFailure(`secret "${secret.id}" revision ${revision} not found`);
  }
  return formatOutput(content, options.get('format'));
};

/** `secret-set <id> [--label L] … [key=value|key#file=path …]`: new content makes a new revision. */
export const secretSet: ToolHandler = ({ args, state }) => {
  const { options, positional } = parseToolArgs(args, { values: METADATA });
  const [id, ...contentArgs] = positional;
  if (id === undefined) {
    throw new ToolFailure('missing secret URI', 2);
  }
  const secret = findSecret(state, id, undefined);
  assertManageable(state, secret);
  applyMetadata(secret, options);
  const content = readContent(contentArgs);
  if (Object.keys(content).length > 0) {
    secret.revisions.push({ revision: latest(secret) + 1, content });
  }
};

/** `secret-grant --relation <id> [--unit <unit>] <id>`. */
export const secretGrant: ToolHandler = ({ args, state }) => {
  const { options, positional } = parseToolArgs(args, { values: ['relation', 'r', 'unit'] });
  const [id] = positional;
  const relationRef = options.get('relation') ?? options.get('r');
  if (id === undefined || typeof relationRef !== 'string') {
    throw new ToolFailure('missing secret URI or --relation', 2);
  }
  const secret = findSecret(state, id, undefined);
  assertManageable(state, secret);
  const relation = findRelation(state, relationRef);
  const unit = options.get('unit');
  secret.grants.push({ relationId: relation.id, ...(typeof unit === 'string' ? { unit } : {}) });
};

/**
 * `secret-info-get [--format=json] <id>` or `--label L`: the owner's view. Juju answers it from
 * the metadata of the unit's own secrets, plus the application's only on the leader, so a
 * consumer and a non-leader asking about an application-owned secret both get "not found".
 */
export const secretInfoGet: ToolHandler = ({ args, state }) => {
  const { options, positional } = parseToolArgs(args, { values: ['format', 'label'] });
  const label = options.get('label') as string | undefined;
  const [id] = positional;
  const notFound = new ToolFailure(`secret "${id === undefined ? label : coreId(id)}" not found`);
  let secret: FakeSecret;
  try {
    secret = findSecret(state, id, label);
  } catch {
    throw notFound;
  }
  if (secret.owner === 'remote' || (secret.owner === 'application' && !state.leader)) {
    throw notFound;
  }
  const info = {
    revision: latest(secret),
    owner: secret.owner,
    ...(secret.label ? { label: secret.label } : {}),
    ...(secret.description ? { description: secret.description } : {}),
    ...(secret.rotate ? { rotation: secret.rotate } : {}),
    ...(secret.expire ? { expiry: secret.expire } : {}),
  };
  return formatOutput({ [coreId(secret.id)]: info }, options.get('format'));
};

/** `secret-remove <id> [--revision n]`. */
export const secretRemove: ToolHandler = ({ args, state }) => {
  const { options, positional } = parseToolArgs(args, { values: ['revision'] });
  const secret = findSecret(state, positional[0], undefined);
  assertManageable(state, secret);
  const revision = options.get('revision');
  if (typeof revision === 'string') {
    secret.revisions = secret.revisions.filter(
      (candidate) => candidate.revision !== Number(revision),
    );
  }
  if (revision === undefined || secret.revisions.length === 0) {
    state.secrets = state.secrets.filter((candidate) => candidate !== secret);
  }
};
