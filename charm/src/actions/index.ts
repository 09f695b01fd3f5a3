import { registerAcmeDnsAccount } from './acme-dns-actions';
import { type ActionSpec } from './action-spec';
import { allowDomains, listDomains, revokeDomains } from './domain-actions';
import { importDjango } from './import-django';
import { rotateSecretKey } from './rotate-secret-key';
import { createSuperuser, createUser, restrictNetworks } from './user-actions';

/** Every action, by the name charmcraft.yaml gives it (the Python charm's, and three more). */
export const ACTIONS: Readonly<Record<string, ActionSpec>> = {
  'create-user': createUser,
  'allow-domains': allowDomains,
  'revoke-domains': revokeDomains,
  'list-domains': listDomains,
  'create-superuser': createSuperuser,
  'rotate-secret-key': rotateSecretKey,
  'restrict-networks': restrictNetworks,
  'import-django': importDjango,
  'register-acme-dns-account': registerAcmeDnsAccount,
};
