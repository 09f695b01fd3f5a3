import { HashPool } from './hash-pool';
import {
  CURRENT_PARAMETERS,
  hashPassword as hashWith,
  type ScryptParameters,
  verifyPassword as verifyWith,
} from './password-hashing';

// The hashes run where the service runs them: on the pool's own threads.
const pool = new HashPool(2);
const hashPassword = (password: string, params?: ScryptParameters) =>
  hashWith(pool, password, params);
const verifyPassword = (password: string, stored: string) => verifyWith(pool, password, stored);
afterAll(() => pool.close());

// Made with python3: hashlib.pbkdf2_hmac('sha256', password, salt, iterations), base64; the
// string Django stores for the same inputs.
const DJANGO_VECTORS = [
  {
    password: 'correct horse battery staple',
    stored:
      'pbkdf2_sha256$1200000$Nc1oWXbQ2Zr6kS3vQJ0x7c$hRNEjOL1F2XCpx0Fm9FCjIqS9jWUStHDSdAsgQ6mUAY=',
  },
  {
    password: 'p@ssw0rd-ünïcode',
    stored: 'pbkdf2_sha256$260000$abc123saltSALT$uCrDwZK53WTkB6AjKeb6oDpVR7ShyRVKFUfYB1ZvZMw=',
  },
];

describe('password hashing', () => {
  it('stores scrypt with its parameters and a random salt', async () => {
    const first = await hashPassword('s3cret-passphrase');
    const second = await hashPassword('s3cret-passphrase');
    expect(first).toMatch(/^scrypt\$ln=15,r=8,p=3\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('s3cret-passphrase', first)).toEqual({
      ok: true,
      needsRehash: false,
    });
    expect(await verifyPassword('s3cret-passphrasE', first)).toEqual({
      ok: false,
      needsRehash: false,
    });
    expect(await verifyPassword('', first)).toEqual({ ok: false, needsRehash: false });
  });

  it('verifies hashes made with other parameters, and asks to upgrade weaker ones', async () => {
    const weak = await hashPassword('pw-with-old-cost', { ln: 10, r: 8, p: 1 });
    expect(weak.startsWith('scrypt$ln=10,r=8,p=1$')).toBe(true);
    expect(await verifyPassword('pw-with-old-cost', weak)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword('wrong', weak)).toEqual({ ok: false, needsRehash: false });
    expect(CURRENT_PARAMETERS).toEqual({ ln: 15, r: 8, p: 3 });
  });

  it.each(DJANGO_VECTORS)(
    'accepts a Django pbkdf2_sha256 hash and asks to upgrade it',
    async ({ password, stored }) => {
      expect(await verifyPassword(password, stored)).toEqual({ ok: true, needsRehash: true });
      expect(await verifyPassword(`${password}x`, stored)).toEqual({
        ok: false,
        needsRehash: false,
      });
    },
  );

  it.each([
    '',
    'plain-text',
    'md5$abc$def',
    'pbkdf2_sha256$0$salt$AAAA',
    'pbkdf2_sha256$abc$salt$AAAA',
    'pbkdf2_sha256$1000$salt$',
    'scrypt$ln=99,r=8,p=1$AAAA$AAAA',
    'scrypt$garbage',
  ])('refuses the malformed stored value %j', async (stored) => {
    expect(await verifyPassword('anything', stored)).toEqual({ ok: false, needsRehash: false });
  });
});
