import { parseBearerAuthorization, TokenCodec } from './token-codec';

const KEY = 'a-secret-key-for-the-token-codec-tests-0123';

describe('TokenCodec', () => {
  it('signs and verifies each type of token, with simplejwt’s claims', () => {
    const codec = new TokenCodec(KEY, () => 1_700_000_000_000);
    const access = codec.sign('access', 7, 300);
    expect(access.claims).toEqual({
      token_type: 'access',
      user_id: 7,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iat: 1_700_000_000,
      exp: 1_700_000_300,
    });
    expect(codec.verify(access.token, 'access')).toEqual(access.claims);
    expect(codec.verify(access.token, 'refresh')).toBeNull();
    const refresh = codec.sign('refresh', 7, 600, 'family-1');
    expect(codec.verify(refresh.token, 'refresh')).toMatchObject({ family: 'family-1' });
    expect(codec.verify(refresh.token, 'access')).toBeNull();
  });

  it('refuses tokens past their expiry, under another key, or altered', () => {
    let now = 1_700_000_000_000;
    const codec = new TokenCodec(KEY, () => now);
    const { token } = codec.sign('access', 7, 300);
    now += 299_000;
    expect(codec.verify(token, 'access')).not.toBeNull();
    now += 1_000;
    expect(codec.verify(token, 'access')).toBeNull();
    now = 1_700_000_000_000;
    expect(new TokenCodec(`${KEY}x`, () => now).verify(token, 'access')).toBeNull();
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
    const tampered = Buffer.from(JSON.stringify({ ...claims, user_id: 1 })).toString('base64url');
    expect(codec.verify(`${header}.${tampered}.${signature}`, 'access')).toBeNull();
    expect(codec.verify('', 'access')).toBeNull();
    expect(codec.verify('x'.repeat(5000), 'access')).toBeNull();
  });
});

describe('parseBearerAuthorization', () => {
  it('reads the token of a Bearer header, any case of the scheme', () => {
    expect(parseBearerAuthorization('Bearer abc.def-ghi_jkl')).toBe('abc.def-ghi_jkl');
    expect(parseBearerAuthorization('bearer  abc ')).toBe('abc');
  });

  it.each([undefined, '', 'Basic YWxpY2U6cHc=', 'Bearer', 'Bearer a b', 'Bearer <script>'])(
    'returns null for %j',
    (header) => {
      expect(parseBearerAuthorization(header)).toBeNull();
    },
  );
});
