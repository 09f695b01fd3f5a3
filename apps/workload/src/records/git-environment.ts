import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GitEnvironmentOptions {
  readonly dataDir: string;
  readonly sshKeyFile?: string;
  readonly knownHostsFile?: string;
  readonly acceptNewHostKeys: boolean;
  readonly timeoutSeconds: number;
  /** What git may inherit from the service's own environment (PATH, proxies, CA bundle). */
  readonly inherited: Readonly<Record<string, string>>;
}

/** Unix sockets paths are limited to 107 bytes; OpenSSH's %C expands to 40 hex characters. */
const MAX_SOCKET_DIR = 60;

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Where SSH keeps its shared connection and, when allowed, the host keys it learnt. */
export function sshStateDir(dataDir: string): string {
  const preferred = join(dataDir, 'ssh');
  if (preferred.length <= MAX_SOCKET_DIR) return preferred;
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  return join(tmpdir(), `hlp-ssh-${digest}`);
}

/**
 * The ssh command git runs: the configured key only, host keys checked against the configured
 * known_hosts (no trust on first use unless asked for), never a prompt, and one connection
 * shared by every git command (ControlMaster), so requests do not pay a new SSH handshake.
 */
export function sshCommand(options: GitEnvironmentOptions): string {
  const state = sshStateDir(options.dataDir);
  const knownHosts = [
    options.knownHostsFile,
    options.acceptNewHostKeys ? join(state, 'known_hosts') : undefined,
  ].filter((file): file is string => file !== undefined);
  const args = [
    'ssh',
    '-F',
    '/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    `StrictHostKeyChecking=${options.acceptNewHostKeys ? 'accept-new' : 'yes'}`,
    '-o',
    // ssh splits this option's value on spaces itself; double quotes keep a path whole.
    `UserKnownHostsFile=${knownHosts.length > 0 ? knownHosts.map((file) => `"${file}"`).join(' ') : '/dev/null'}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    `ConnectTimeout=${Math.min(10, options.timeoutSeconds)}`,
    '-o',
    'ServerAliveInterval=15',
    '-o',
    'ControlMaster=auto',
    '-o',
    `ControlPath=${join(state, '%C')}`,
    '-o',
    'ControlPersist=300',
  ];
  if (options.sshKeyFile) args.push('-o', 'IdentitiesOnly=yes', '-i', options.sshKeyFile);
  // git runs GIT_SSH_COMMAND through a shell: every argument is quoted.
  return args.map(shellQuote).join(' ');
}

/** The whole environment of a git process: nothing from the user's git or ssh configuration. */
export function gitEnvironment(options: GitEnvironmentOptions): NodeJS.ProcessEnv {
  return {
    ...options.inherited,
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_SSH_COMMAND: sshCommand(options),
    GIT_ASKPASS: 'true',
  };
}
