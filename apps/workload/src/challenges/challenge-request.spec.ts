import { AppError } from '../common/app-error';
import { parseChallengeRequest } from './challenge-request';
import { dns01Value } from './txt-value';

const VALUE = 'LPsIwTo7o8BoG0-vjCyGQGBWSVIPxI-i_X336eUOQZo';

describe('parseChallengeRequest', () => {
  it('reads default mode', () => {
    expect(
      parseChallengeRequest({ fqdn: '_acme-challenge.WWW.example.com.', value: VALUE }),
    ).toEqual({
      domain: 'www.example.com',
      value: VALUE,
      mode: 'default',
    });
  });

  it('reads RAW mode and computes the value', () => {
    expect(parseChallengeRequest({ domain: 'Example.com', token: 't', keyAuth: 'a.b' })).toEqual({
      domain: 'example.com',
      value: dns01Value('a.b'),
      mode: 'raw',
    });
    expect(
      parseChallengeRequest({ domain: '*.example.com', token: 't', keyAuth: 'a.b' }).domain,
    ).toBe('example.com');
  });

  it('ignores fields it does not know', () => {
    expect(
      parseChallengeRequest({ fqdn: '_acme-challenge.example.com', value: VALUE, extra: [1] })
        .domain,
    ).toBe('example.com');
  });

  it.each([
    [[], 'the body must be an object'],
    [null, 'the body must be an object'],
    ['text', 'the body must be an object'],
    [{}, 'fqdn: is required; value: is required'],
    [{ fqdn: null, value: VALUE }, 'fqdn: is required'],
    [{ fqdn: ['_acme-challenge.example.com'], value: VALUE }, 'fqdn: must be a string'],
    [{ fqdn: '_acme-challenge.example.com', value: true }, 'value: must be a string'],
    [
      { fqdn: 'www.example.com', value: VALUE },
      'fqdn: "www.example.com" must start with "_acme-challenge."',
    ],
    [{ fqdn: '_acme-challenge.example.com', value: 'a\nb' }, 'value: must only hold'],
    [{ domain: 'example.com', keyAuth: 'a.b' }, 'token: is required'],
    [{ domain: 5, token: 't', keyAuth: 'a.b' }, 'domain: must be a string'],
    [
      { domain: 'example.com', token: 't', keyAuth: 'a b' },
      'keyAuth: must be 1 to 1024 printable ASCII characters',
    ],
    [{ fqdn: '_acme-challenge.example.com', domain: 'example.com' }, 'mixes default-mode fields'],
  ])('refuses %j', (body, message) => {
    let error: unknown;
    try {
      parseChallengeRequest(body);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_input');
    expect((error as AppError).message).toContain(message);
  });
});
