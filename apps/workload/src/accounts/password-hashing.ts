import { pbkdf2, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
) => Promise<Buffer>;
const pbkdf2Async = promisify(pbkdf2);

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

function scryptOptions(params: ScryptParameters): ScryptOptions {
  const N = 2 ** params.ln;
  // Node refuses to allocate more than 32 MiB by default; scrypt needs 128·N·r bytes.
  return { N, r: params.r, p: params.p, maxmem: 256 * N * params.r };
}

/** Hashes a password as `scrypt$ln=15,r=8,p=3$<salt>$<hash>` (base64, unpadded). */
export async function hashPassword(
  password: string,
  params: ScryptParameters = CURRENT_PARAMETERS,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await scryptAsync(password, salt, KEY_LENGTH, scryptOptions(params));
  return `scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

async function verifyScrypt(password: string, stored: string): Promise<Verification> {
  const match =
    /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(
      stored,
    );
  if (!match) return WRONG;
  const params = { ln: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (params.ln < 1 || params.ln > 20 || params.r < 1 || params.p < 1) return WRONG;
  const salt = Buffer.from(match[4], 'base64');
  const expected = Buffer.from(match[5], 'base64');
  const actual = await scryptAsync(password, salt, expected.length, scryptOptions(params));
  const ok = actual.length === expected.length && timingSafeEqual(actual, expected);
  const weaker =
    params.ln < CURRENT_PARAMETERS.ln ||
    params.r < CURRENT_PARAMETERS.r ||
    params.p < CURRENT_PARAMETERS.p;
  return { ok, needsRehash: ok && weaker };
}

/** Django's `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`, as the Python service stores it. */
async function verifyDjangoPbkdf2(password: string, stored: string): Promise<Verification> {
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
  const actual = await pbkdf2Async(password, salt, iterations, expected.length, 'sha256');
  const ok = timingSafeEqual(actual, expected);
  return { ok, needsRehash: ok };
}

/** Checks a password against a stored hash of any supported scheme, in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<Verification> {
  if (stored.startsWith('scrypt$')) return verifyScrypt(password, stored);
  if (stored.startsWith('pbkdf2_sha256$')) return verifyDjangoPbkdf2(password, stored);
  return WRONG;
}

/** A hash of a password nobody has, so that checking an unknown user costs as much as a known one. */
let decoy: Promise<string> | undefined;

export async function verifyAgainstDecoy(password: string): Promise<void> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await decoy);
}
