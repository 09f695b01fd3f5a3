import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessLauncher } from '../src/records/process-launcher';
import { waitFor } from './support/ports';
import { isAlive } from './support/processes';

describe('ProcessLauncher', () => {
  let launcher: ProcessLauncher;
  let dir: string;

  const sh = (script: string, timeoutMs = 30_000, input = '') =>
    launcher.run({ command: 'sh', args: ['-c', script], cwd: dir, timeoutMs, input });

  beforeEach(async () => {
    launcher = new ProcessLauncher();
    dir = await mkdtemp(join(tmpdir(), 'hlp-launcher-'));
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('runs a command from a process of its own and answers its code, output and input', async () => {
    const result = await sh('cat; echo "out $PPID"; echo err >&2; exit 3', 30_000, 'in\n');
    expect(result).toMatchObject({ code: 3, stderr: 'err\n', timedOut: false });
    const [input, out] = result.stdout.toString().split('\n');
    expect(input).toBe('in');
    // Its parent is the launcher, not this process: starting it cost this event loop nothing.
    const parent = Number(out.replace('out ', ''));
    expect(parent).not.toBe(process.pid);
    expect(await readFile(`/proc/${parent}/cmdline`, 'utf8')).toContain('--max-old-space-size');
  });

  it('carries bytes that are not text both ways', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const result = await launcher.run({
      command: 'cat',
      args: [],
      cwd: dir,
      timeoutMs: 30_000,
      input: bytes,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toEqual(bytes);
  });

  it('kills the whole process group of a command that runs out of time', async () => {
    // Time enough for the shell to start its child and say which it is, on a loaded machine too.
    const result = await sh(`sleep 600 & echo $! > ${join(dir, 'grandchild')}; wait`, 5000);
    expect(result).toMatchObject({ code: null, timedOut: true });
    const grandchild = Number(await readFile(join(dir, 'grandchild'), 'utf8'));
    await waitFor('the grandchild to be gone', async () => !isAlive(grandchild));
  });

  it('says why a command could not start', async () => {
    const result = await launcher.run({
      command: 'no-such-command-here',
      args: [],
      timeoutMs: 30_000,
      input: '',
    });
    expect(result.code).toBeNull();
    expect(result.error).toMatch(/ENOENT/);
  });

  it('fails what was running when the launcher dies, and starts a new one for the next command', async () => {
    const running = sh('echo $PPID > launcher; sleep 600');
    await waitFor('the command to start', async () =>
      (await readFile(join(dir, 'launcher'), 'utf8').catch(() => '')).endsWith('\n'),
    );
    const first = Number(await readFile(join(dir, 'launcher'), 'utf8'));
    process.kill(first, 'SIGKILL');
    await expect(running).rejects.toThrow(/^the process launcher exited/);
    const again = await sh('echo $PPID');
    expect(again.code).toBe(0);
    expect(Number(again.stdout.toString())).not.toBe(first);
  });
});
