import { ActionFailedError, StatusError, isLeader } from '@hlp/juju';

import { reconcile } from '../reconcile';
import { rotateSigningKey, signingKeyExists } from '../signing-key';
import { type ActionSpec } from './action-spec';
import { readyWorkloadCli } from './workload-cli';

/**
 * A new signing key: tokens and sessions signed with the old one stop working, so users log in
 * again. The leader restarts its own unit here; the others follow through the peer relation.
 */
export const rotateSecretKey: ActionSpec = {
  params: [],
  required: [],
  async run(charm) {
    if (!(await isLeader(charm.runner))) {
      throw new ActionFailedError('only leader unit can rotate secret key');
    }
    if (!(await signingKeyExists(charm.runner))) {
      throw new ActionFailedError('charm is still initializing');
    }
    await readyWorkloadCli(charm);
    const revision = await rotateSigningKey(charm.runner);
    try {
      await reconcile(charm);
    } catch (error) {
      if (!(error instanceof StatusError)) throw error;
      throw new ActionFailedError(
        `the key was rotated (revision ${revision}), but this unit has not applied it yet: ${error.message}`,
        { status: 'rotated' },
      );
    }
    return {
      status: 'success',
      result: 'Rotated the secret key: users must log in again.',
      revision,
    };
  },
};
