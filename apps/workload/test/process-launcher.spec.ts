import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

  describe('a command started ahead', () => {
    // Each process notes its id when it starts, then reads all its input and says who ran.
    const script = 'echo $$ >> started; cat > "input.$$"; echo "ran $$"';
    // Wide: the runs below follow each other at once, on a loaded machine too.
    const startAhead = { farewell: 'farewell', idleMs: 4000 };
    const run = (input: string) =>
      launcher.run({
        command: 'sh',
        args: ['-c', script],
        cwd: dir,
        timeoutMs: 30_000,
        input,
        startAhead,
      });
    const started = async () =>
      (await readFile(join(dir, 'started'), 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map(Number);
    const ranBy = (result: { stdout: Buffer }) =>
      Number(/^ran (\d+)$/m.exec(result.stdout.toString())?.[1]);

    it('is started while a run follows another, runs the next, and ends with its farewell when left unused', async () => {
      const first = await run('one');
      // A run after a quiet spell starts its own process, and none ahead.
      const second = await run('two');
      expect(ranBy(second)).not.toBe(ranBy(first));

      // The second followed the first closely: the next was started beside it.
      await waitFor('a process started ahead', async () => (await started()).length === 3);
      const ran = [ranBy(first), ranBy(second)];
      const ahead = (await started()).find((pid) => !ran.includes(pid));
      const third = await run('three');
      expect(third).toMatchObject({ code: 0, timedOut: false });
      expect(ranBy(third)).toBe(ahead);
      expect(await readFile(join(dir, `input.${ahead}`), 'utf8')).toBe('three');

      // And another beside it, which nobody runs: it reads its farewell and ends.
      await waitFor('another process started ahead', async () => (await started()).length === 4);
      const unused = (await started())[3];
      await waitFor('the unused process to end', async () => !isAlive(unused));
      expect(await readFile(join(dir, `input.${unused}`), 'utf8')).toBe('farewell');
    });

    it('gives the input to a process of its own when the one started ahead stopped reading', async () => {
      // The one process that takes the marker closes its input and waits.
      const closing =
        'if mv closing "closing.$$" 2>/dev/null; then exec 0<&-; echo $$ >> started; exec sleep 600; fi; ';
      const runClosing = (input: string) =>
        launcher.run({
          command: 'sh',
          args: ['-c', closing + script],
          cwd: dir,
          timeoutMs: 30_000,
          input,
          startAhead,
        });
      await runClosing('one');
      await runClosing('two');
      await waitFor('a process started ahead', async () => (await started()).length === 3);
      await writeFile(join(dir, 'closing'), '');
      // The third runs in the one started beside the second; the one started beside it takes the marker.
      await runClosing('three');
      await waitFor('a process that closed its input', async () => (await started()).length === 4);
      const deaf = (await started())[3];
      const fourth = await runClosing('four');
      expect(fourth).toMatchObject({ code: 0, timedOut: false });
      expect(ranBy(fourth)).not.toBe(deaf);
      expect(await readFile(join(dir, `input.${ranBy(fourth)}`), 'utf8')).toBe('four');
      await waitFor('the process that closed its input to be killed', async () => !isAlive(deaf));
    });

    it('is not run once it ended by itself: the run starts a process of its own', async () => {
      const ran = [ranBy(await run('one')), ranBy(await run('two'))];
      await waitFor('a process started ahead', async () => (await started()).length === 3);
      const ahead = (await started()).find((pid) => !ran.includes(pid)) ?? 0;
      process.kill(ahead, 'SIGKILL');
      await waitFor('the process started ahead to be gone', async () => !isAlive(ahead));
      const third = await run('three');
      expect(third).toMatchObject({ code: 0, timedOut: false });
      expect([...ran, ahead]).not.toContain(ranBy(third));
      expect(await started()).toContain(ranBy(third));
    });
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
