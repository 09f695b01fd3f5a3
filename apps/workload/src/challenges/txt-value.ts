import { createHash } from 'node:crypto';

/** base64url: an ACME DNS-01 value is 43 of these; none can end a quoted string or a line. */
const TXT_VALUE = /^[A-Za-z0-9_-]{1,255}$/;
const KEY_AUTHORIZATION = /^[\x21-\x7e]{1,1024}$/;

/** Why a TXT value is refused, or undefined when it is acceptable. */
export function txtValueProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 255) return 'must be at most 255 characters';
  if (!TXT_VALUE.test(value)) return 'must only hold the base64url characters A-Z a-z 0-9 - _';
  return undefined;
}

export function keyAuthorizationProblem(keyAuth: string): string | undefined {
  if (!KEY_AUTHORIZATION.test(keyAuth)) return 'must be 1 to 1024 printable ASCII characters';
  return undefined;
}

/** The DNS-01 TXT value for a key authorization, as lego computes it: base64url(SHA-256), unpadded. */
export function dns01Value(keyAuthorization: string): string {
  return createHash('sha256').update(keyAuthorization, 'utf8').digest('base64url');
}
