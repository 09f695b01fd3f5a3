import { AppError } from '../common/app-error';
import { InvalidNameError, normalizeDomain, parseChallengeName } from '../domains/domain-name';
import { dns01Value, keyAuthorizationProblem, txtValueProblem } from './txt-value';

/** What a /present or /cleanup call asks for, checked. */
export interface ChallengeRequest {
  /** The name the record is for, without `_acme-challenge.`: `www.example.com`. */
  readonly domain: string;
  readonly value: string;
  readonly mode: 'default' | 'raw';
}

const DEFAULT_FIELDS = ['fqdn', 'value'] as const;
const RAW_FIELDS = ['domain', 'token', 'keyAuth'] as const;

function invalid(fields: Record<string, string>): AppError {
  const message = Object.entries(fields)
    .map(([field, problem]) => `${field}: ${problem}`)
    .join('; ');
  return new AppError('invalid_input', message, { fields });
}

function text(
  body: Record<string, unknown>,
  field: string,
  problems: Record<string, string>,
): string {
  const value = body[field];
  if (value === undefined || value === null) problems[field] = 'is required';
  else if (typeof value !== 'string') problems[field] = 'must be a string';
  else return value;
  return '';
}

/**
 * Reads a lego httpreq body. Default mode sends `{fqdn, value}`; RAW mode (`HTTPREQ_MODE=RAW`)
 * sends `{domain, token, keyAuth}`, and the value is computed as lego does for DNS-01. The mode is
 * told by the fields present. Anything else is a 400 that says which field is wrong and why.
 */
export function parseChallengeRequest(body: unknown): ChallengeRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError(
      'invalid_input',
      'the body must be an object with "fqdn" and "value" (or, in RAW mode, "domain", "token" and "keyAuth")',
    );
  }
  const fields = body as Record<string, unknown>;
  const isRaw = RAW_FIELDS.some((field) => field in fields);
  const isDefault = DEFAULT_FIELDS.some((field) => field in fields);
  if (isRaw && isDefault) {
    throw new AppError(
      'invalid_input',
      'the body mixes default-mode fields (fqdn, value) with RAW-mode fields (domain, token, keyAuth)',
    );
  }
  const problems: Record<string, string> = {};
  if (isRaw) {
    const domain = text(fields, 'domain', problems);
    text(fields, 'token', problems);
    const keyAuth = text(fields, 'keyAuth', problems);
    let normalized = '';
    if (!problems.domain) {
      try {
        // A wildcard's challenge lives at the name it covers.
        normalized = normalizeDomain(domain.startsWith('*.') ? domain.slice(2) : domain);
      } catch (error) {
        if (!(error instanceof InvalidNameError)) throw error;
        problems.domain = error.message;
      }
    }
    const keyAuthProblem = problems.keyAuth ? undefined : keyAuthorizationProblem(keyAuth);
    if (keyAuthProblem) problems.keyAuth = keyAuthProblem;
    if (Object.keys(problems).length > 0) throw invalid(problems);
    return { domain: normalized, value: dns01Value(keyAuth), mode: 'raw' };
  }
  const fqdn = text(fields, 'fqdn', problems);
  const value = text(fields, 'value', problems);
  let domain = '';
  if (!problems.fqdn) {
    try {
      domain = parseChallengeName(fqdn);
    } catch (error) {
      if (!(error instanceof InvalidNameError)) throw error;
      problems.fqdn = error.message;
    }
  }
  const valueProblem = problems.value ? undefined : txtValueProblem(value);
  if (valueProblem) problems.value = valueProblem;
  if (Object.keys(problems).length > 0) throw invalid(problems);
  return { domain, value, mode: 'default' };
}
