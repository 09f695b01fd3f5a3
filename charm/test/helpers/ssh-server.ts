import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort } from './free-port';

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(socket.destroy() !== undefined));
    socket.once('error', () => resolve(false));
  });
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
  ) {}

  static async start(dir: string, authorizedKey: string): Promise<SshServer> {
    mkdirSync(dir, { recursive: true });
    for (const type of ['ed25519', 'ecdsa']) {
      execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', join(dir, `host_${type}`)]);
    }
    writeFileSync(join(dir, 'authorized_keys'), authorizedKey, { mode: 0o600 });
    const port = await freePort();
    writeFileSync(
      join(dir, 'sshd_config'),
      [
        'ListenAddress 127.0.0.1',
        `Port ${port}`,
        `HostKey ${join(dir, 'host_ed25519')}`,
        `HostKey ${join(dir, 'host_ecdsa')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'PidFile none',
        'UsePAM no',
        'StrictModes no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        'LogLevel ERROR',
      ].join('\n'),
    );
    // Run as root, sshd wants its privilege separation directory (made at boot on a real host).
    if (process.getuid?.() === 0 && !existsSync('/run/sshd'))
      mkdirSync('/run/sshd', { mode: 0o755 });
    const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], {
      stdio: 'ignore',
    });
    for (let attempt = 0; attempt < 50 && !(await accepts(port)); attempt++) await sleep(100);
    return new SshServer(child, port, userInfo().username);
  }

  stop(): Promise<void> {
    if (this.process.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.process.once('exit', () => resolve());
      this.process.kill('SIGTERM');
    });
  }
}
