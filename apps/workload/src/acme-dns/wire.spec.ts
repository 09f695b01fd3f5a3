import {
  AcmeDnsError,
  apiCredentials,
  isAcmeDnsSubdomain,
  isAcmeDnsTxt,
  newAccountCredentials,
  normalizeAllowFrom,
  parseRegistration,
  parseUpdate,
} from './wire';

const codeOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof AcmeDnsError ? `${error.status} ${error.code}` : String(error);
  }
  return 'no error';
};

describe('newAccountCredentials', () => {
  it('makes a UUID username and subdomain and a 40-character key, as acmetxt.go newACMETxt', () => {
    const first = newAccountCredentials();
    expect(first.username).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.subdomain).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.password).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect(isAcmeDnsSubdomain(first.subdomain)).toBe(true);
    expect(apiCredentials({ 'x-api-user': first.username, 'x-api-key': first.password })).toEqual({
      username: first.username,
      password: first.password,
    });
    expect(newAccountCredentials().password).not.toBe(first.password);
  });
});

describe('apiCredentials', () => {
  const key = 'k'.repeat(40);
  it('takes a UUID in any case, lower-cased, and a 40-character key', () => {
    expect(
      apiCredentials({ 'x-api-user': 'C36F50E8-4632-44F0-83FE-E070FEF28A10', 'x-api-key': key }),
    ).toEqual({ username: 'c36f50e8-4632-44f0-83fe-e070fef28a10', password: key });
  });
  it.each([
    [{ 'x-api-key': key }],
    [{ 'x-api-user': 'alice', 'x-api-key': key }],
    [{ 'x-api-user': 'c36f50e8-4632-44f0-83fe-e070fef28a10', 'x-api-key': `${key}k` }],
    [{ 'x-api-user': 'c36f50e8-4632-44f0-83fe-e070fef28a10', 'x-api-key': `${'k'.repeat(39)}=` }],
  ])('refuses %j', (headers) => {
    expect(apiCredentials(headers)).toBeNull();
  });
});

describe('isAcmeDnsSubdomain and isAcmeDnsTxt (validation.go)', () => {
  it('accept one DNS label and 43 base64url characters', () => {
    expect(isAcmeDnsSubdomain('a')).toBe(true);
    expect(isAcmeDnsSubdomain('a.b')).toBe(false);
    expect(isAcmeDnsSubdomain('-a')).toBe(false);
    expect(isAcmeDnsSubdomain('a'.repeat(64))).toBe(false);
    expect(isAcmeDnsTxt('LPsIwTo7o8BoG0-vjCyGQGBWSVIPxI-i_X336eUOQZo')).toBe(true);
    expect(isAcmeDnsTxt('LPsIwTo7o8BoG0-vjCyGQGBWSVIPxI-i_X336eUOQZ')).toBe(false);
    expect(isAcmeDnsTxt('LPsIwTo7o8BoG0-vjCyGQGBWSVIPxI-i_X336eUOQZ"')).toBe(false);
  });
});

describe('parseRegistration', () => {
  it('takes no body, null, an object without allowfrom, and field names in any case', () => {
    expect(parseRegistration(undefined)).toEqual([]);
    expect(parseRegistration('')).toEqual([]);
    expect(parseRegistration('null')).toEqual([]);
    expect(parseRegistration('{"other": 1}')).toEqual([]);
    expect(parseRegistration('{"AllowFrom": ["10.0.0.0/8"]}')).toEqual(['10.0.0.0/8']);
  });
  it.each([
    ['{', '400 malformed_json_payload'],
    ['[]', '400 malformed_json_payload'],
    ['{"allowfrom": {}}', '400 malformed_json_payload'],
    ['{"allowfrom": ["10.0.0.0/8", 5]}', '400 malformed_json_payload'],
    ['{"allowfrom": ["10.0.0.0"]}', '400 invalid_allowfrom_cidr'],
    ['{"allowfrom": ["::1/129"]}', '400 invalid_allowfrom_cidr'],
  ])('refuses %s: %s', (body, expected) => {
    expect(codeOf(() => parseRegistration(body))).toBe(expected);
  });
});

describe('normalizeAllowFrom', () => {
  it('drops IPv6 brackets and lower-cases, as acmetxt.go ValidEntries', () => {
    expect(normalizeAllowFrom(['[2001:DB8::]/32', ' 10.1.0.0/16 '])).toEqual([
      '2001:db8::/32',
      '10.1.0.0/16',
    ]);
  });
});

describe('parseUpdate', () => {
  it('reads subdomain and txt; anything it cannot decode leaves them empty', () => {
    expect(parseUpdate('{"subdomain": "s", "txt": "t", "extra": 1}')).toEqual({
      subdomain: 's',
      txt: 't',
    });
    expect(parseUpdate('{"Subdomain": "s", "TXT": "t"}')).toEqual({ subdomain: 's', txt: 't' });
    expect(parseUpdate('{')).toEqual({ subdomain: '', txt: '' });
    expect(parseUpdate('{"subdomain": 5}')).toEqual({ subdomain: '', txt: '' });
    expect(parseUpdate(undefined)).toEqual({ subdomain: '', txt: '' });
  });
});
