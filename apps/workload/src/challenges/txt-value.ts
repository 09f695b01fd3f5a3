import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The text of a challenge field: one string; a repeated form field arrives as a list. */
export const challengeText = z.string({
  error: ({ input }) =>
    input === undefined || input === null ? 'is required' : 'must be a string',
});

/** base64url: an ACME DNS-01 value is 43 of these; none can end a quoted string or a line. */
export const txtValue = challengeText
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'must only hold the base64url characters A-Z a-z 0-9 - _');

export const keyAuthorization = challengeText.regex(
  /^[\x21-\x7e]{1,1024}$/,
  'must be 1 to 1024 printable ASCII characters',
);

/** The DNS-01 TXT value for a key authorization, as lego computes it: base64url(SHA-256), unpadded. */
export function dns01Value(keyAuthorization: string): string {
  return createHash('sha256').update(keyAuthorization, 'utf8').digest('base64url');
}
