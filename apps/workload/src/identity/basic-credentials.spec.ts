import { parseBasicAuthorization } from './basic-credentials';

const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

describe('parseBasicAuthorization', () => {
  it('reads username and password; the password may hold colons', () => {
    expect(parseBasicAuthorization(basic('alice:pa:ss'))).toEqual({
      username: 'alice',
      password: 'pa:ss',
    });
    expect(parseBasicAuthorization(basic('ünï:cödé'))).toEqual({
      username: 'ünï',
      password: 'cödé',
    });
    expect(parseBasicAuthorization(basic('alice:').replace('Basic', 'basic'))).toEqual({
      username: 'alice',
      password: '',
    });
  });

  it.each([undefined, '', 'Bearer abc', 'Basic', 'Basic !!!', basic('no-colon'), basic(':nouser')])(
    'returns null for %j',
    (header) => {
      expect(parseBasicAuthorization(header)).toBeNull();
    },
  );
});
