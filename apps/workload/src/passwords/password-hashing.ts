import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kdf } from './hash-pool';

/** scrypt cost: N = 2^ln, block size r, parallelism p (OWASP's N=2^15, r=8, p=3 row). */
export interface ScryptParameters {
  readonly ln: number;
  readonly r: number;
  readonly p: number;
}

export const CURRENT_PARAMETERS: ScryptParameters = { ln: 15, r: 8, p: 3 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

export interface Verification {
  readonly ok: boolean;
  /** The password is right but stored with an older scheme or weaker parameters. */
  readonly needsRehash: boolean;
}

const WRONG: Verification = { ok: false, needsRehash: false };

function b64(data: Buffer): string {
  return data.toString('base64').replace(/=+$/, '');
}

function scrypt(
  kdf: Kdf,
  password: string,
  salt: Buffer,
  keyLength: number,
  params: ScryptParameters,
): Promise<Buffer> {
  return kdf.derive({
    kind: 'scrypt',
    password,
    salt,
    keyLength,
    cost: { N: 2 ** params.ln, r: params.r, p: params.p },
  });
}

/** Hashes a password as `scrypt$ln=15,r=8,p=3$<salt>$<hash>` (base64, unpadded). */
export async function hashPassword(
  kdf: Kdf,
  password: string,
  params: ScryptParameters = CURRENT_PARAMETERS,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await scrypt(kdf, password, salt, KEY_LENGTH, params);
  return `scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

async function verifyScrypt(
  kdf: Kdf,
  password: string,
  stored: string,
  current: ScryptParameters,
): Promise<Verification> {
  const match =
    /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(
      stored,
    );
  if (!match) return WRONG;
  const params = { ln: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (params.ln < 1 || params.ln > 20 || params.r < 1 || params.p < 1) return WRONG;
  const salt = Buffer.from(match[4], 'base64');
  const expected = Buffer.from(match[5], 'base64');
  const actual = await scrypt(kdf, password, salt, expected.length, params);
  const ok = actual.length === expected.length && timingSafeEqual(actual, expected);
  const weaker = params.ln < current.ln || params.r < current.r || params.p < current.p;
  return { ok, needsRehash: ok && weaker };
}

/** Django's `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`, as the Python service stores it. */
async function verifyDjangoPbkdf2(
  kdf: Kdf,
  password: string,
  stored: string,
): Promise<Verification> {
  const [, iterationsText, salt, hashText] = stored.split('$');
  const iterations = Number(iterationsText);
  if (
    !Number.isInteger(iterations) ||
    iterations < 1 ||
    iterations > 10_000_000 ||
    !salt ||
    !hashText
  ) {
    return WRONG;
  }
  const expected = Buffer.from(hashText, 'base64');
  if (expected.length === 0) return WRONG;
  const actual = await kdf.derive({
    kind: 'pbkdf2',
    password,
    salt,
    iterations,
    keyLength: expected.length,
  });
  const ok = timingSafeEqual(actual, expected);
  return { ok, needsRehash: ok };
}

/**
 * Checks a password against a stored hash of any supported scheme, in constant time; a hash
 * weaker than `current` (what new hashes use) needs to be made again.
 */
export async function verifyPassword(
  kdf: Kdf,
  password: string,
  stored: string,
  current: ScryptParameters = CURRENT_PARAMETERS,
): Promise<Verification> {
  if (stored.startsWith('scrypt$')) return verifyScrypt(kdf, password, stored, current);
  if (stored.startsWith('pbkdf2_sha256$')) return verifyDjangoPbkdf2(kdf, password, stored);
  return WRONG;
}
