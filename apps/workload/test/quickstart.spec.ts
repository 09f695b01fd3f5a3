import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './support/ports';

const MAIN = join(__dirname, '..', 'dist', 'main.js');

/** `lego-provider quickstart` (what `npm start` runs) until it has printed `expected`; its output. */
async function quickstart(dataDir: string, expected: RegExp): Promise<string> {
  const child: ChildProcess = spawn(process.execPath, [MAIN, 'quickstart'], {
    env: {
      ...process.env,
      HLP_DATA_DIR: dataDir,
      HLP_PORT: String(await freePort()),
      HLP_METRICS_PORT: '0',
      HLP_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitFor(`quickstart to print ${expected}`, async () => expected.test(output));
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return output;
}

describe('quickstart, as npm start runs it', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hlp-quickstart-'));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("prints the admin password where start-up lines cannot bury it: Nest's own are at debug", async () => {
    const output = await quickstart(join(dir, 'data'), /with password "[^"]+"/);
    const lines = output.trimEnd().split('\n');
    const credential = lines.findIndex((line) => line.startsWith('Created admin user "admin"'));
    expect(lines[credential]).toMatch(
      /^Created admin user "admin" with password "[A-Za-z0-9_-]{24}" \(shown once; it may manage example.com and every name below it\)$/,
    );
    expect(output).not.toContain('RouterExplorer');
    // Start-up says little: what was seeded, that the repository is ready, where it listens.
    expect(lines.length).toBeLessThan(10);
  });

  it('says, on the next start, that admin exists and how to give it a new password', async () => {
    const output = await quickstart(join(dir, 'data'), /exists already/);
    expect(output).toContain(
      'User "admin" exists already: its password was printed when it was created. To set a new one, ' +
        'run `lego-provider create-superuser admin` with the same environment ' +
        '(from a clone: `node apps/workload/dist/main.js create-superuser admin`).\n',
    );
    expect(output).not.toContain('Created admin user');
  });
});
