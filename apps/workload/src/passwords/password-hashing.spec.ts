import { pbkdf2, scrypt } from 'node:crypto';
import type { Kdf } from './hash-pool';
import {
  CURRENT_PARAMETERS,
  hashPassword as hashWith,
  type ScryptParameters,
  verifyPassword as verifyWith,
} from './password-hashing';

// node:crypto in this thread, computing what the pool's threads compute (test/hash-pool.spec.ts
// covers the pool): the pool's threads yield the CPU, and on a loaded machine wait for it.
const kdf: Kdf = {
  derive: (task) =>
    new Promise((resolve, reject) => {
      const done = (error: Error | null, key: Buffer) => (error ? reject(error) : resolve(key));
      if (task.kind === 'scrypt') {
        const maxmem = 256 * task.cost.N * task.cost.r;
        scrypt(task.password, task.salt, task.keyLength, { ...task.cost, maxmem }, done);
      } else {
        pbkdf2(task.password, task.salt, task.iterations, task.keyLength, 'sha256', done);
      }
    }),
};
const hashPassword = (password: string, params?: ScryptParameters) =>
  hashWith(kdf, password, params);
const verifyPassword = (password: string, stored: string) => verifyWith(kdf, password, stored);

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
  it('stores scrypt with its current parameters, and verifies it', async () => {
    const stored = await hashPassword('s3cret-passphrase');
    expect(stored).toMatch(/^scrypt\$ln=15,r=8,p=3\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword('s3cret-passphrase', stored)).toEqual({
      ok: true,
      needsRehash: false,
    });
  });

  // At a lower cost: what follows does not depend on it, and the current one is slow on purpose.
  it('salts every hash anew and refuses any other password', async () => {
    const cheap = { ln: 10, r: 8, p: 1 };
    const first = await hashPassword('s3cret-passphrase', cheap);
    expect(first).not.toBe(await hashPassword('s3cret-passphrase', cheap));
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
    const current = { ln: 10, r: 8, p: 1 };
    expect(await verifyWith(kdf, 'pw-with-old-cost', weak, current)).toEqual({
      ok: true,
      needsRehash: false,
    });
    expect(await verifyWith(kdf, 'pw-with-old-cost', weak, { ...current, p: 2 })).toEqual({
      ok: true,
      needsRehash: true,
    });
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
