/** DNS name rules shared by stored domains and ACME challenge names. */

export const ACME_CHALLENGE_PREFIX = '_acme-challenge.';
/** RFC 1035: a name is at most 253 characters in text form, without the final dot. */
export const MAX_NAME_LENGTH = 253;
/** The longest domain whose challenge name still fits in {@link MAX_NAME_LENGTH}. */
export const MAX_DOMAIN_LENGTH = MAX_NAME_LENGTH - ACME_CHALLENGE_PREFIX.length;

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

export class InvalidNameError extends Error {
  override readonly name = 'InvalidNameError';
}

function describe(raw: string): string {
  return JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw);
}

/**
 * Lower-case, without a trailing dot: how names are stored and compared. Checks nothing (see
 * {@link normalizeDomain}): for matching names that were checked when they were stored.
 */
export function canonicalName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/**
 * Checks a host name and returns it lower-case without its trailing dot. Only ASCII letters,
 * digits and hyphens are accepted (IDNs must arrive in their `xn--` form): a Unicode look-alike
 * or a control character is refused rather than folded into ASCII.
 */
export function normalizeDomain(raw: string, maxLength = MAX_DOMAIN_LENGTH): string {
  if (!PRINTABLE_ASCII.test(raw)) {
    throw new InvalidNameError(
      `${describe(raw)} is not a valid domain: only ASCII letters, digits, hyphens and dots are allowed`,
    );
  }
  const name = canonicalName(raw);
  if (name.length > maxLength) {
    throw new InvalidNameError(
      `${describe(raw)} is not a valid domain: it is longer than ${maxLength} characters`,
    );
  }
  const labels = name.split('.');
  if (labels.length < 2) {
    throw new InvalidNameError(
      `${describe(raw)} is not a valid domain: it needs at least two labels`,
    );
  }
  for (const label of labels) {
    if (!LABEL.test(label)) {
      throw new InvalidNameError(
        `${describe(raw)} is not a valid domain: the label ${describe(label)} must be 1 to 63 letters, digits or inner hyphens`,
      );
    }
  }
  if (/^\d+$/.test(labels[labels.length - 1])) {
    throw new InvalidNameError(
      `${describe(raw)} is not a valid domain: the last label is a number`,
    );
  }
  return name;
}

/**
 * Reads `_acme-challenge.<domain>[.]` and returns the domain, normalised. The whole name, prefix
 * included, must fit in {@link MAX_NAME_LENGTH}.
 */
export function parseChallengeName(raw: string): string {
  if (!raw.toLowerCase().startsWith(ACME_CHALLENGE_PREFIX)) {
    throw new InvalidNameError(`${describe(raw)} must start with "${ACME_CHALLENGE_PREFIX}"`);
  }
  const bare = raw.endsWith('.') ? raw.slice(0, -1) : raw;
  if (bare.length > MAX_NAME_LENGTH) {
    throw new InvalidNameError(`${describe(raw)} is longer than ${MAX_NAME_LENGTH} characters`);
  }
  return normalizeDomain(raw.slice(ACME_CHALLENGE_PREFIX.length));
}
