import { AppError } from '../common/app-error';
import { InvalidNameError, normalizeDomain } from './domain-name';
import { type GrantFailure, type GrantItem, GrantRequestError } from './grant-errors';

export interface GrantRequest {
  readonly domains?: readonly string[];
  readonly subdomains?: readonly string[];
}

function requestedItems(request: GrantRequest): GrantItem[] {
  const items = [
    ...(request.domains ?? []).map((domain) => ({ domain, accessLevel: 'domain' as const })),
    ...(request.subdomains ?? []).map((domain) => ({ domain, accessLevel: 'subdomain' as const })),
  ];
  if (items.length === 0) {
    throw new AppError('invalid_input', 'nothing to do: give at least one domain or subdomain');
  }
  return items;
}

/** The items of a request, each name normalised, without repeats; one error lists every invalid name. */
export function grantItems(verb: 'grant' | 'revoke', request: GrantRequest): GrantItem[] {
  const failures: GrantFailure[] = [];
  const normalized: GrantItem[] = [];
  for (const item of requestedItems(request)) {
    try {
      normalized.push({ ...item, domain: normalizeDomain(item.domain) });
    } catch (error) {
      if (!(error instanceof InvalidNameError)) throw error;
      failures.push({ ...item, reason: error.message });
    }
  }
  if (failures.length > 0) throw new GrantRequestError(verb, failures);
  const seen = new Set<string>();
  return normalized.filter((item) => {
    const key = `${item.accessLevel}:${item.domain}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
