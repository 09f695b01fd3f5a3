import type { GrantOutcome, GrantRequest } from '../domains/domains.service';
import type { GrantRequestError } from '../domains/grant-errors';
import type { Flash } from './admin-cookies';

// What the admin pages say after a change: the flash messages and form errors.

export const SIGN_IN_REFUSED =
  'Sign-in failed: the username or password is wrong, or this account may not use the admin pages.';

export function tooManySignIns(waitSeconds: number): string {
  return `Too many sign-in attempts. Try again in ${waitSeconds} s.`;
}

export const NOTHING_TO_REVOKE: Flash = {
  kind: 'error',
  text: 'Select the grants to revoke first.',
};

function describeGrant(request: GrantRequest): string {
  const parts = [
    request.domains?.length ? `domain access on ${request.domains.join(', ')}` : '',
    request.subdomains?.length ? `subdomain access on ${request.subdomains.join(', ')}` : '',
  ];
  return parts.filter(Boolean).join(' and ');
}

function success(text: string): Flash {
  return { kind: 'success', text };
}

export function activeChanged(username: string, active: boolean): Flash {
  return success(
    active
      ? `Reactivated ${username}.`
      : `Deactivated ${username}: their password, tokens and sign-ins no longer work.`,
  );
}

export function adminChanged(username: string, admin: boolean): Flash {
  return success(
    admin ? `${username} is now an administrator.` : `${username} is no longer an administrator.`,
  );
}

export function userDeleted(username: string): Flash {
  return success(`Deleted ${username} and their grants.`);
}

export function granted(username: string, outcome: GrantOutcome): Flash {
  const newly = {
    domains: outcome.granted
      .filter((item) => item.accessLevel === 'domain')
      .map((item) => item.domain),
    subdomains: outcome.granted
      .filter((item) => item.accessLevel === 'subdomain')
      .map((item) => item.domain),
  };
  const held = outcome.unchanged.map((item) => `${item.accessLevel} access on ${item.domain}`);
  return success(
    [
      outcome.granted.length > 0 ? `Granted ${username} ${describeGrant(newly)}.` : '',
      held.length > 0 ? `Already held: ${held.join(', ')}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
  );
}

export function grantRefused(error: GrantRequestError): string[] {
  return error.failures.map((failure) => failure.reason);
}

export function revoked(username: string, request: GrantRequest): Flash {
  return success(`Revoked ${username}’s ${describeGrant(request)}.`);
}

export function revokeRefused(error: GrantRequestError): string[] {
  return error.failures.map(
    (failure) => `${failure.domain} (${failure.accessLevel}): ${failure.reason}`,
  );
}

export function domainAdded(fqdn: string): Flash {
  return success(`Added ${fqdn}. Grant it to users on their pages.`);
}

export function domainDeleted(fqdn: string): Flash {
  return success(`Deleted ${fqdn} and every grant on it.`);
}

export function acmeDnsAccountDeleted(username: string, fulldomain: string): Flash {
  return success(`Deleted the acme-dns account ${username}: ${fulldomain} is no longer updated.`);
}
