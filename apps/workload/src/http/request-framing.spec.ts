import { framingError, MAX_BODY_BYTES } from './request-framing';

describe('framingError', () => {
  it.each([
    [{}, undefined],
    [{ 'content-length': String(MAX_BODY_BYTES) }, undefined],
    [{ 'transfer-encoding': 'chunked' }, undefined],
    [{ 'transfer-encoding': ' Chunked ' }, undefined],
    [{ 'content-length': String(MAX_BODY_BYTES + 1) }, 'payload_too_large'],
    [{ 'transfer-encoding': 'gzip, chunked' }, 'not_implemented'],
    [{ 'transfer-encoding': 'gzip' }, 'not_implemented'],
  ])('%j → %s', (headers, code) => {
    expect(framingError(headers)?.code).toBe(code);
  });
});
