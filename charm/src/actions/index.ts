import { type ActionSpec } from './action-spec';
import { allowDomains, listDomains, revokeDomains } from './domain-actions';
import { rotateSecretKey } from './rotate-secret-key';
import { createSuperuser, createUser } from './user-actions';

/** Every action, by the name charmcraft.yaml gives it (the Python charm's names). */
export const ACTIONS: Readonly<Record<string, ActionSpec>> = {
  'create-user': createUser,
  'allow-domains': allowDomains,
  'revoke-domains': revokeDomains,
  'list-domains': listDomains,
  'create-superuser': createSuperuser,
  'rotate-secret-key': rotateSecretKey,
};
