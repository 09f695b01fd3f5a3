import { dns01Value, keyAuthorizationProblem, txtValueProblem } from './txt-value';

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
    expect(txtValueProblem(expected)).toBeUndefined();
  });
});

describe('txtValueProblem', () => {
  it.each([
    ['', 'must not be empty'],
    ['a'.repeat(256), 'must be at most 255 characters'],
    ['abc=', 'must only hold'],
    ['ab c', 'must only hold'],
    ['abc"', 'must only hold'],
    ['abc\n', 'must only hold'],
    ['abc\\', 'must only hold'],
    ['$INCLUDE', 'must only hold'],
    ['ab;c', 'must only hold'],
    ['ábc', 'must only hold'],
  ])('refuses %j', (value, problem) => {
    expect(txtValueProblem(value)).toContain(problem);
  });

  it('accepts 1 to 255 base64url characters', () => {
    expect(txtValueProblem('a')).toBeUndefined();
    expect(txtValueProblem('A-z_0'.repeat(51))).toBeUndefined();
  });
});

describe('keyAuthorizationProblem', () => {
  it('accepts printable ASCII and refuses the rest', () => {
    expect(keyAuthorizationProblem('token.thumbprint')).toBeUndefined();
    expect(keyAuthorizationProblem('')).toBeDefined();
    expect(keyAuthorizationProblem('a b')).toBeDefined();
    expect(keyAuthorizationProblem('a\nb')).toBeDefined();
    expect(keyAuthorizationProblem('x'.repeat(1025))).toBeDefined();
  });
});
