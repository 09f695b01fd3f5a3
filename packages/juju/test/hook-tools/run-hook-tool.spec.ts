import {
  type CommandRunner,
  HookToolError,
  ProcessCommandRunner,
  configGet,
  isLeader,
} from '../../src';

describe('running hook tools', () => {
  it('a tool that is not installed becomes a HookToolError with exit code 127', async () => {
    const runner = new ProcessCommandRunner({ env: { PATH: '/nonexistent' } });

    const error = await configGet(runner).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HookToolError);
    expect(error).toMatchObject({ command: ['config-get', '--format=json'], exitCode: 127 });
    expect((error as HookToolError).stderr).toContain('ENOENT');
  });

  it('output that is not JSON becomes a HookToolError carrying the output', async () => {
    const runner: CommandRunner = {
      run: async () => ({ exitCode: 0, stdout: 'yes\n', stderr: '' }),
    };

    const error = await isLeader(runner).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HookToolError);
    expect(error).toMatchObject({ exitCode: 0, stdout: 'yes\n' });
    expect((error as HookToolError).stderr).toMatch(/^cannot parse JSON output/);
  });

  it('the process runner passes arguments without a shell and feeds stdin', async () => {
    const runner = new ProcessCommandRunner();

    const result = await runner.run(
      'node',
      ['-e', 'process.stdin.pipe(process.stdout)', '$HOME; rm -rf /'],
      {
        stdin: 'from stdin',
      },
    );

    expect(result).toEqual({ exitCode: 0, stdout: 'from stdin', stderr: '' });
  });
});
