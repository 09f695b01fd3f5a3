import { realpath } from 'node:fs/promises';

import { ExecError, PebbleApiError, PebbleTimeoutError } from '../../src';
import { type FakePebble, startFakePebble } from '../helpers/fake-pebble';

describe('PebbleClient: exec', () => {
  let pebble: FakePebble;

  beforeEach(async () => {
    pebble = await startFakePebble();
  });

  afterEach(() => pebble.close());

  it('returns stdout and stderr separately', async () => {
    const result = await pebble.client.exec([
      'node',
      '-e',
      'console.log("out"); console.error("err")',
    ]);

    expect(result).toEqual({ stdout: 'out\n', stderr: 'err\n' });
  });

  it('feeds stdin and closes it', async () => {
    const result = await pebble.client.exec(['node', '-e', 'process.stdin.pipe(process.stdout)'], {
      stdin: 'line 1\nline 2\n',
    });

    expect(result.stdout).toBe('line 1\nline 2\n');
  });

  it('a non-zero exit is an ExecError with exit code and both outputs', async () => {
    const error = await pebble.client
      .exec(['node', '-e', 'console.log("partial"); console.error("bad input"); process.exit(4)'])
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ExecError);
    expect(error).toMatchObject({
      exitCode: 4,
      stdout: 'partial\n',
      stderr: 'bad input\n',
      command: ['node', '-e', expect.any(String)],
    });
    expect((error as Error).message).toBe('cannot exec "node": exit code 4: bad input');
  });

  it('runs with the requested environment, and in the working directory mapped into the sandbox', async () => {
    await pebble.client.makeDir('/srv/app', { makeParents: true });

    const result = await pebble.client.exec(
      ['node', '-e', 'console.log(process.env.GREETING, process.cwd())'],
      {
        environment: { GREETING: 'hi' },
        workingDir: '/srv/app',
      },
    );

    expect(result.stdout).toBe(`hi ${await realpath(pebble.server.hostPath('/srv/app'))}\n`);
  });

  // Answering at all proves the timeout: the command would run for ten minutes.
  it('a command over its timeout is killed and raises PebbleTimeoutError', async () => {
    const error = await pebble.client
      .exec(['sleep', '600'], { timeoutMs: 300 })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PebbleTimeoutError);
    expect((error as Error).message).toBe(
      'cannot exec "sleep": cannot perform the following tasks:\n- Execute command "sleep" (timed out after 300ms: context deadline exceeded)',
    );
  });

  it('an executable that does not exist is a 400 PebbleApiError', async () => {
    const error = await pebble.client.exec(['no-such-binary-here']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PebbleApiError);
    expect(error).toMatchObject({
      statusCode: 400,
      message: 'cannot POST /v1/exec: 400: cannot find executable "no-such-binary-here"',
    });
  });
});
