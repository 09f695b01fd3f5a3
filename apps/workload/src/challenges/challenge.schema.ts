import { z } from 'zod';
import { apiSchemas } from '../common/api-schemas';
import { byRule, parseInput, type ProblemsMessage } from '../common/request-input';
import { InvalidNameError, normalizeDomain, parseChallengeName } from '../domains/domain-name';
import { challengeText, dns01Value, keyAuthorization, txtValue } from './txt-value';

/** What a /present or /cleanup call asks for, checked. */
export interface ChallengeRequest {
  /** The name the record is for, without `_acme-challenge.`: `www.example.com`. */
  readonly domain: string;
  readonly value: string;
  readonly mode: 'default' | 'raw';
}

const DEFAULT_FIELDS = ['fqdn', 'value'];
const RAW_FIELDS = ['domain', 'token', 'keyAuth'];

function hasAny(fields: object, names: readonly string[]): boolean {
  return names.some((name) => name in fields);
}

/** Any object; its fields tell the mode, so they may not mix. */
const challengeFields = z
  .record(z.string(), z.unknown(), {
    error:
      'the body must be an object with "fqdn" and "value" (or, in RAW mode, "domain", "token" and "keyAuth")',
  })
  .refine(
    (fields) => !(hasAny(fields, DEFAULT_FIELDS) && hasAny(fields, RAW_FIELDS)),
    'the body mixes default-mode fields (fqdn, value) with RAW-mode fields (domain, token, keyAuth)',
  );

/** lego's default mode. */
export const defaultChallenge = z
  .object({
    fqdn: challengeText.transform(byRule(parseChallengeName, InvalidNameError)).meta({
      example: '_acme-challenge.www.example.com.',
      description: 'The challenge name; a trailing dot is optional; any case.',
    }),
    value: txtValue.meta({
      example: 'LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM',
      description: 'The TXT value: 1 to 255 base64url characters.',
    }),
  })
  .meta({ description: 'lego’s default httpreq body.' })
  .transform(({ fqdn, value }): ChallengeRequest => ({ domain: fqdn, value, mode: 'default' }))
  .register(apiSchemas, { id: 'Challenge' });

/** lego's RAW mode (`HTTPREQ_MODE=RAW`): the value is computed as lego does for DNS-01. */
export const rawChallenge = z
  .object({
    domain: challengeText
      // A wildcard's challenge lives at the name it covers.
      .transform(
        byRule((domain: string) => normalizeDomain(domain.replace(/^\*\./, '')), InvalidNameError),
      )
      .meta({ example: 'www.example.com', description: 'The name, or a wildcard `*.<name>`.' }),
    token: challengeText.meta({ description: 'The ACME token; not used.' }),
    keyAuth: keyAuthorization.meta({ description: 'The key authorization.' }),
  })
  .meta({ description: 'lego’s RAW-mode httpreq body (`HTTPREQ_MODE=RAW`).' })
  .transform(({ domain, keyAuth }): ChallengeRequest => ({
    domain,
    value: dns01Value(keyAuth),
    mode: 'raw',
  }))
  .register(apiSchemas, { id: 'ChallengeRaw' });

const MISSING_OR_NOT_TEXT = ['is required', 'must be a string'];

/** `fqdn: is required; value: …`: missing or non-text fields first, then wrong values. */
const byField: ProblemsMessage = (fields) => {
  const entries = Object.entries(fields);
  const first = entries.filter(([, problem]) => MISSING_OR_NOT_TEXT.includes(problem));
  const then = entries.filter(([, problem]) => !MISSING_OR_NOT_TEXT.includes(problem));
  return [...first, ...then].map(([field, problem]) => `${field}: ${problem}`).join('; ');
};

/** curl's `-d '{"fqdn": …}'` sends a form whose one field is the JSON text: say so. */
const byFieldWithFormHint: ProblemsMessage = (fields) =>
  Object.values(fields).includes('is required')
    ? `${byField(fields)} (the body was read as a form: to send JSON, set Content-Type: application/json)`
    : byField(fields);

/**
 * Reads a lego httpreq body. Default mode sends `{fqdn, value}`; RAW mode sends `{domain, token,
 * keyAuth}`; the mode is told by the fields present. Anything else is a 400 that says which field
 * is wrong and why.
 */
export function readChallenge(body: unknown, form: boolean): ChallengeRequest {
  const fields = parseInput(challengeFields, body, byField);
  return parseInput(
    hasAny(fields, RAW_FIELDS) ? rawChallenge : defaultChallenge,
    fields,
    form ? byFieldWithFormHint : byField,
  );
}
