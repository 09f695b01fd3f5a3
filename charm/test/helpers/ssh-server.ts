import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort } from './free-port';

const SSHD = '/usr/sbin/sshd';
const HOST_KEY_TYPES = ['ed25519', 'ecdsa'];

/**
 * Waits until sshd logs that it listens (no deadline: the test's timeout bounds it); fails,
 * with what it said, if it exits first.
 */
async function listening(child: ChildProcess, log: string): Promise<void> {
  while (!readFileSync(log, 'utf8').includes('Server listening on')) {
    if (child.exitCode !== null) {
      throw new Error(`sshd exited (${child.exitCode}): ${readFileSync(log, 'utf8').trim()}`);
    }
    await sleep(50);
  }
}

/**
 * A private OpenSSH server on loopback, as a git host: ed25519 and ECDSA host keys only (no
 * RSA, which the Python charm's keyscan required), one authorized key, the current user.
 */
export class SshServer {
  private constructor(
    private readonly process: ChildProcess,
    readonly port: number,
    readonly user: string,
    /** `[127.0.0.1]:<port> <type> <key>` for each host key, sorted: what ssh-keyscan finds. */
    readonly knownHostsLines: readonly string[],
  ) {}

  static async start(dir: string, authorizedKey: string): Promise<SshServer> {
    if (!existsSync(SSHD)) {
      throw new Error(`${SSHD} is missing: install Debian's openssh-server`);
    }
    mkdirSync(dir, { recursive: true });
    const port = await freePort();
    const knownHostsLines = HOST_KEY_TYPES.map((type) => {
      const path = join(dir, `host_${type}`);
      execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', path]);
      const [keyType, key] = readFileSync(`${path}.pub`, 'utf8').split(' ');
      return `[127.0.0.1]:${port} ${keyType} ${key}`;
    }).sort();
    writeFileSync(join(dir, 'authorized_keys'), authorizedKey, { mode: 0o600 });
    writeFileSync(
      join(dir, 'sshd_config'),
      [
        'ListenAddress 127.0.0.1',
        `Port ${port}`,
        ...HOST_KEY_TYPES.map((type) => `HostKey ${join(dir, `host_${type}`)}`),
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'PidFile none',
        'UsePAM no',
        'StrictModes no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        // VERBOSE: its "Server listening" line is how we know it is up.
        'LogLevel VERBOSE',
      ].join('\n'),
    );
    // sshd's privilege separation needs this directory, which only a boot normally creates.
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    // A log file, not a pipe: a session sshd forks may outlive the server, and would hold a
    // pipe (and jest) open until it ends.
    const log = join(dir, 'sshd.log');
    const logFd = openSync(log, 'a');
    const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], {
      stdio: ['ignore', 'ignore', logFd],
    });
    closeSync(logFd);
    await listening(child, log);
    return new SshServer(child, port, userInfo().username, knownHostsLines);
  }

  stop(): Promise<void> {
    if (this.process.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.process.once('exit', () => resolve());
      this.process.kill('SIGTERM');
    });
  }
}
