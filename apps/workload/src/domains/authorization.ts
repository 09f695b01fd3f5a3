import type { AccessLevel } from './access-level';
import { canonicalName } from './domain-name';

export interface Grant {
  readonly domain: string;
  readonly accessLevel: AccessLevel;
}

/**
 * Whether a holder of `grants` may manage `_acme-challenge.<name>`: `domain` access on exactly
 * `name`, or `subdomain` access on a domain that `name` is strictly below, at a label boundary.
 * Case-insensitive; a trailing dot is ignored.
 */
export function mayManage(name: string, grants: readonly Grant[]): boolean {
  const target = canonicalName(name);
  return grants.some((grant) => {
    const domain = canonicalName(grant.domain);
    return grant.accessLevel === 'domain' ? target === domain : target.endsWith(`.${domain}`);
  });
}
