import { type OptionKey } from '@hlp/config';

/** The zone repository: the one option without which nothing runs. */
export const REPOSITORY_OPTION = 'git-repo';

/** Juju options that each set one workload option; the shared schema parses their values. */
export const WORKLOAD_OPTIONS = {
  [REPOSITORY_OPTION]: 'gitRepo',
  'git-branch': 'gitBranch',
  'git-timeout-seconds': 'gitTimeoutSeconds',
  'git-author-email-domain': 'gitAuthorEmailDomain',
  'txt-ttl': 'txtTtl',
  'bump-soa-serial': 'bumpSoaSerial',
  'allowed-hosts': 'allowedHosts',
  'auth-cache-seconds': 'authCacheSeconds',
  'log-level': 'logLevel',
  // Set, it replaces the proxies the charm learns from the ingress integration.
  'trusted-proxies': 'trustedProxies',
  // The acme-dns API: off until a zone is named.
  'acme-dns-zone': 'acmeDnsZone',
  'acme-dns-registration': 'acmeDnsRegistration',
  'acme-dns-registration-networks': 'acmeDnsRegistrationNetworks',
} as const satisfies Record<string, OptionKey>;

/** The SSH private key, as a Juju secret (preferred) or as a plain string (as the Python charm). */
export const SSH_KEY_SECRET_OPTION = 'git-ssh-key-secret-id';
export const SSH_KEY_OPTION = 'git-ssh-key';
/** The content key of the SSH key secret: `juju add-secret <name> value#file=<key file>`. */
export const SSH_KEY_SECRET_FIELD = 'value';

/** Pinned host keys of the repository's server, in known_hosts format. */
export const KNOWN_HOSTS_OPTION = 'git-known-hosts';

/** Every Juju option the charm reads; charmcraft.yaml declares exactly these. */
export const CHARM_OPTION_NAMES: readonly string[] = [
  ...Object.keys(WORKLOAD_OPTIONS),
  SSH_KEY_SECRET_OPTION,
  SSH_KEY_OPTION,
  KNOWN_HOSTS_OPTION,
];

/**
 * Workload options the charm decides: the Juju options above, and what comes from integrations,
 * secrets and the files the charm writes. The rock's values for these are dropped; every other
 * option keeps the rock's value (where the service listens, where it keeps its state, …).
 */
export const CHARM_SET_OPTIONS: readonly OptionKey[] = [
  ...Object.values(WORKLOAD_OPTIONS),
  'database',
  'secretKey',
  'gitSshKeyFile',
  'gitKnownHostsFile',
  // The charm checks host keys itself: the workload never trusts new ones on its own.
  'gitSshAcceptNewHostKeys',
  'peerPort',
];
