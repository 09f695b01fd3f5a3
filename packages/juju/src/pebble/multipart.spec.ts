import {
  decodeMultipart,
  dispositionParameter,
  encodeMultipart,
  multipartBoundary,
} from './multipart';

describe('multipart', () => {
  it('round-trips parts, keeping binary bodies and quoted file names', () => {
    const binary = Buffer.from([0, 13, 10, 45, 45, 255]);
    const { contentType, body } = encodeMultipart([
      { name: 'request', contentType: 'application/json', body: Buffer.from('{"action":"write"}') },
      {
        name: 'files',
        filename: '/etc/"odd" name',
        contentType: 'application/octet-stream',
        body: binary,
      },
    ]);
    const boundary = multipartBoundary(contentType);

    expect(boundary).toHaveLength(32);
    const parts = decodeMultipart(body, boundary ?? '');
    expect(parts.map((part) => [part.name, part.filename])).toEqual([
      ['request', undefined],
      ['files', '/etc/"odd" name'],
    ]);
    expect(parts[1]?.body.equals(binary)).toBe(true);
    expect(parts[0]?.headers['content-type']).toBe('application/json');
  });

  it('reads Content-Disposition parameters', () => {
    expect(dispositionParameter('form-data; name="files"; filename="/a/b"', 'filename')).toBe(
      '/a/b',
    );
    expect(dispositionParameter('form-data; name=response', 'name')).toBe('response');
    expect(dispositionParameter('form-data; name="x"', 'filename')).toBeUndefined();
  });

  it('refuses a body without the boundary, and a non-multipart type', () => {
    expect(() => decodeMultipart(Buffer.from('nothing here'), 'b'.repeat(32))).toThrow(
      'no boundary found',
    );
    expect(multipartBoundary('application/json')).toBeUndefined();
  });
});
