import { dns01Value, keyAuthorization, txtValue } from './txt-value';

function problem(schema: typeof txtValue, value: unknown): string | undefined {
  return schema.safeParse(value).error?.issues[0].message;
}

describe('dns01Value', () => {
  // Vectors from python3: base64.urlsafe_b64encode(hashlib.sha256(keyAuth).digest()).rstrip(b'=')
  it.each([
    [
      'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI',
      'LPsIwTo7o8BoG0-vjCyGQGBWSVIPxI-i_X336eUOQZo',
    ],
    ['a.b', 'LnM23I66h-9HLfVow1SCq_JXXcPl6sDFxiuP-urCyTQ'],
  ])('base64url(SHA-256(%s)) without padding is %s', (keyAuth, expected) => {
    expect(dns01Value(keyAuth)).toBe(expected);
    expect(problem(txtValue, expected)).toBeUndefined();
  });
});

describe('txtValue', () => {
  it.each([
    ['', 'must not be empty'],
    ['a'.repeat(256), 'must be at most 255 characters'],
    ['+'.repeat(256), 'must be at most 255 characters'],
    ['abc=', 'must only hold'],
    ['ab c', 'must only hold'],
    ['abc"', 'must only hold'],
    ['abc\n', 'must only hold'],
    ['abc\\', 'must only hold'],
    ['$INCLUDE', 'must only hold'],
    ['ab;c', 'must only hold'],
    ['ábc', 'must only hold'],
    [null, 'is required'],
    [7, 'must be a string'],
  ])('refuses %j', (value, message) => {
    expect(problem(txtValue, value)).toContain(message);
  });

  it('accepts 1 to 255 base64url characters', () => {
    expect(problem(txtValue, 'a')).toBeUndefined();
    expect(problem(txtValue, 'A-z_0'.repeat(51))).toBeUndefined();
  });
});

describe('keyAuthorization', () => {
  it('accepts printable ASCII and refuses the rest', () => {
    expect(problem(keyAuthorization, 'token.thumbprint')).toBeUndefined();
    expect(problem(keyAuthorization, '')).toBeDefined();
    expect(problem(keyAuthorization, 'a b')).toBeDefined();
    expect(problem(keyAuthorization, 'a\nb')).toBeDefined();
    expect(problem(keyAuthorization, 'x'.repeat(1025))).toBeDefined();
  });
});
