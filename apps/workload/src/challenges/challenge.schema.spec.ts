import { AppError } from '../common/app-error';
import { readChallenge } from './challenge.schema';
import { dns01Value } from './txt-value';

const VALUE = 'LPsIwTo7o8BoG0-vjCyGQGBWSVIPxI-i_X336eUOQZo';

describe('readChallenge', () => {
  it('reads default mode', () => {
    expect(
      readChallenge({ fqdn: '_acme-challenge.WWW.example.com.', value: VALUE }, false),
    ).toEqual({
      domain: 'www.example.com',
      value: VALUE,
      mode: 'default',
    });
  });

  it('reads RAW mode and computes the value', () => {
    expect(readChallenge({ domain: 'Example.com', token: 't', keyAuth: 'a.b' }, false)).toEqual({
      domain: 'example.com',
      value: dns01Value('a.b'),
      mode: 'raw',
    });
    expect(
      readChallenge({ domain: '*.example.com', token: 't', keyAuth: 'a.b' }, false).domain,
    ).toBe('example.com');
  });

  it('ignores fields it does not know', () => {
    expect(
      readChallenge({ fqdn: '_acme-challenge.example.com', value: VALUE, extra: [1] }, false)
        .domain,
    ).toBe('example.com');
  });

  function refusal(body: unknown, form: boolean): AppError {
    try {
      readChallenge(body, form);
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
    throw new Error('accepted');
  }

  it('words field problems as before, each field named once', () => {
    const error = refusal({ fqdn: 'www.example.com', value: 'a b' }, false);
    expect(error.message).toBe(
      'fqdn: "www.example.com" must start with "_acme-challenge."; value: must only hold the base64url characters A-Z a-z 0-9 - _',
    );
    expect(error.details.fields).toEqual({
      fqdn: '"www.example.com" must start with "_acme-challenge."',
      value: 'must only hold the base64url characters A-Z a-z 0-9 - _',
    });
    expect(refusal([], false).details.fields).toBeUndefined();
  });

  it('hints at the content type when a form lacks the fields (curl -d sends a form)', () => {
    const body = { '{"fqdn":"_acme-challenge.example.com","value":"abc"}': '' };
    const form = refusal(body, true);
    expect(form.code).toBe('invalid_input');
    expect(form.message).toBe(
      'fqdn: is required; value: is required (the body was read as a form: to send JSON, set Content-Type: application/json)',
    );
    expect(form.details.fields).toEqual({ fqdn: 'is required', value: 'is required' });
    expect(refusal(body, false).message).toBe('fqdn: is required; value: is required');
    expect(refusal({ fqdn: 'x', value: VALUE }, true).message).not.toContain('Content-Type');
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
      readChallenge(body, false);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_input');
    expect((error as AppError).message).toContain(message);
  });
});
