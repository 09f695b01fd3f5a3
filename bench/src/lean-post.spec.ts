import { statusOf } from './lean-post';

describe('statusOf', () => {
  it("reads the status code of a response's first line", () => {
    expect(statusOf(Buffer.from('HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n'))).toBe(204);
    expect(statusOf(Buffer.from('HTTP/1.0 401 Unauthorized\r\n\r\n{}'))).toBe(401);
    expect(statusOf(Buffer.from('HTTP/1.1 503\r\n\r\n'))).toBe(503);
  });

  it('calls anything else an error', () => {
    expect(statusOf(Buffer.alloc(0))).toBe('error');
    expect(statusOf(Buffer.from('HTTP/1.1 20'))).toBe('error');
    expect(statusOf(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'))).toBe('error');
  });
});
