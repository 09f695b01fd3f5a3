import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor } from './ports';

const run = promisify(execFile);
export const SSHD = '/usr/sbin/sshd';

export interface Sshd {
  readonly port: number;
  /** A client key sshd accepts. */
  readonly clientKey: string;
  /** `[127.0.0.1]:<port> <type> <key>`: what a known_hosts file needs. */
  readonly knownHostsLine: string;
  /** Connections sshd accepted so far (from its verbose log). */
  acceptedConnections(): Promise<number>;
  stop(): Promise<void>;
}

/** Writes an ed25519 key pair (`path`, `path.pub`); returns the public key as `<type> <base64>`. */
export async function generateKeyPair(path: string): Promise<string> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'hlp-test', '-f', path]);
  return (await readFile(`${path}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
}

/** A real OpenSSH server on 127.0.0.1, with its own configuration, host key and authorised key. */
export async function startSshd(dir: string): Promise<Sshd> {
  // Specs skip before this (see requirements.ts); the benchmark, which uses it too, stops here.
  if (!existsSync(SSHD)) {
    throw new Error(
      `${SSHD} is missing: install Debian's openssh-server (apt-get install openssh-server)`,
    );
  }
  await mkdir(dir, { recursive: true });
  // sshd's privilege separation needs this directory, which only a boot normally creates.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const hostKey = await generateKeyPair(join(dir, 'host_key'));
  await generateKeyPair(join(dir, 'client_key'));
  await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'client_key.pub')));
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  await writeFile(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  const logFile = join(dir, 'sshd.log');
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config], {
    stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')],
  });
  await waitFor(
    `sshd on 127.0.0.1:${port}`,
    () =>
      new Promise((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      }),
  );
  return {
    port,
    clientKey: join(dir, 'client_key'),
    knownHostsLine: `[127.0.0.1]:${port} ${hostKey}`,
    acceptedConnections: async () =>
      (await readFile(logFile, 'utf8'))
        .split('\n')
        .filter((line) => line.includes('Accepted publickey')).length,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
