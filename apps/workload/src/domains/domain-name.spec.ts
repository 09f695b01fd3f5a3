import {
  InvalidNameError,
  MAX_NAME_LENGTH,
  normalizeDomain,
  parseChallengeName,
} from './domain-name';

const label63 = 'a'.repeat(63);

describe('normalizeDomain', () => {
  it.each([
    ['example.com', 'example.com'],
    ['Example.COM', 'example.com'],
    ['example.com.', 'example.com'],
    ['a-b.x1.example.co.uk', 'a-b.x1.example.co.uk'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    [`${label63}.com`, `${label63}.com`],
    ['123.example.com', '123.example.com'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(normalizeDomain(raw)).toBe(expected);
  });

  it.each([
    ['', 'only ASCII'],
    ['com', 'at least two labels'],
    ['example..com', 'the label ""'],
    ['-example.com', 'the label "-example"'],
    ['example-.com', 'the label "example-"'],
    ['exa_mple.com', 'the label "exa_mple"'],
    ['example.com\n', 'only ASCII'],
    ['example.com\r', 'only ASCII'],
    ['exa mple.com', 'only ASCII'],
    ['ex\u0430mple.com', 'only ASCII'], // Cyrillic a
    ['\u212Aexample.com', 'only ASCII'], // Kelvin sign lower-cases to "k"
    ['bücher.example', 'only ASCII'],
    [`${'a'.repeat(64)}.com`, 'must be 1 to 63'],
    ['example.com..', 'the label ""'],
    ['10.0.0.1', 'the last label is a number'],
    ['"example.com', 'the label'],
    ['$include.com', 'the label'],
    ['example.com/../x', 'the label'],
  ])('refuses %j', (raw, reason) => {
    expect(() => normalizeDomain(raw)).toThrow(InvalidNameError);
    expect(() => normalizeDomain(raw)).toThrow(reason);
  });

  it('refuses a domain whose challenge name would not fit in 253 characters', () => {
    const labels = (count: number) => Array.from({ length: count }, () => 'a'.repeat(58)).join('.');
    const longest = `${labels(4)}.com`; // 4·59 + 3 = 239 characters
    expect(longest.length).toBe(239);
    expect(() => normalizeDomain(longest)).toThrow('longer than 237 characters');
    expect(normalizeDomain(longest.slice(2))).toBe(longest.slice(2));
  });
});

describe('parseChallengeName', () => {
  it.each([
    ['_acme-challenge.example.com.', 'example.com'],
    ['_acme-challenge.example.com', 'example.com'],
    ['_ACME-Challenge.WWW.Example.com.', 'www.example.com'],
  ])('reads %j as %j', (raw, expected) => {
    expect(parseChallengeName(raw)).toBe(expected);
  });

  it('counts the prefix in the 253-character limit', () => {
    const domain = `${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(51)}.com`;
    const name = `_acme-challenge.${domain}`;
    expect(name.length).toBe(MAX_NAME_LENGTH + 1);
    expect(parseChallengeName(`_acme-challenge.${domain.slice(1)}.`)).toBe(domain.slice(1));
    expect(() => parseChallengeName(name)).toThrow('longer than 253 characters');
    expect(() => parseChallengeName(`${name}.`)).toThrow('longer than 253 characters');
  });

  it.each([
    ['example.com', 'must start with "_acme-challenge."'],
    ['_acme-challenge', 'must start with'],
    ['_acme-challenge.', 'only ASCII'],
    ['x._acme-challenge.example.com', 'must start with'],
    ['_acme-challenge.example.com\n', 'only ASCII'],
    ['_acme-challenge.example.com\n$INCLUDE /etc/passwd', 'only ASCII'],
    ['_acme-challenge._acme-challenge.example.com', 'the label "_acme-challenge"'],
  ])('refuses %j', (raw, reason) => {
    expect(() => parseChallengeName(raw)).toThrow(reason);
  });
});
