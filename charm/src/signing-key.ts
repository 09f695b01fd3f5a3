import { randomBytes } from 'node:crypto';

import {
  type CommandRunner,
  HookToolError,
  relationIds,
  relationSet,
  secretInfoGet,
  secretRemove,
  secretSet,
  sharedAppSecret,
} from '@hlp/juju';

import { ENDPOINTS, SIGNING_KEY_SECRET_LABEL } from './names';

/** The secret's only field. */
const KEY_FIELD = 'secret-key';

/** Where the leader announces a new key to the other units: only its revision, never the key. */
const REVISION_FIELD = 'signing-key-revision';

function newKey(): Record<string, string> {
  return { [KEY_FIELD]: randomBytes(48).toString('base64url') };
}

/**
 * The key that signs the workload's tokens and sessions (HLP_SECRET_KEY): created once by the
 * leader in an application-owned Juju secret, read by every unit, so all units share it.
 */
export async function signingKey(runner: CommandRunner): Promise<string> {
  const content = await sharedAppSecret(runner, {
    label: SIGNING_KEY_SECRET_LABEL,
    description: 'Signs the tokens and sessions of httprequest-lego-provider',
    generate: newKey,
  });
  const key = content[KEY_FIELD];
  if (key === undefined) {
    throw new Error(`the secret "${SIGNING_KEY_SECRET_LABEL}" has no "${KEY_FIELD}" field`);
  }
  return key;
}

/** Whether the leader has created the key yet (its first complete hook does). */
export async function signingKeyExists(runner: CommandRunner): Promise<boolean> {
  try {
    await secretInfoGet(runner, { label: SIGNING_KEY_SECRET_LABEL });
    return true;
  } catch (error) {
    if (error instanceof HookToolError && error.isNotFound) return false;
    throw error;
  }
}

/**
 * Puts a new key in the secret (leader only), removes the revision it replaces (a key that no
 * longer signs anything is only a liability; every unit reads the newest with `--refresh`),
 * and returns the new revision. Units of the owning application get no secret-changed event,
 * so the revision also goes into the peer relation's application bag: the change wakes the
 * other units, which then read the secret.
 */
export async function rotateSigningKey(runner: CommandRunner): Promise<number> {
  const { id, revision: replaced } = await secretInfoGet(runner, {
    label: SIGNING_KEY_SECRET_LABEL,
  });
  await secretSet(runner, id, { content: newKey() });
  const { revision } = await secretInfoGet(runner, { id });
  await secretRemove(runner, id, { revision: replaced });
  const [peers] = await relationIds(runner, ENDPOINTS.peers);
  if (peers !== undefined) {
    await relationSet(runner, peers, { [REVISION_FIELD]: String(revision) }, { app: true });
  }
  return revision;
}
