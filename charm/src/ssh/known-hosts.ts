import { type GitRepository } from '@hlp/config';

/** Where ssh connects for an SSH repository. */
export interface SshEndpoint {
  readonly host: string;
  readonly port?: number;
}

const SCP_LIKE_HOST = /^(?:[^@/\s]+@)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):/;

/** The host (and port) of an SSH repository; undefined for other transports. */
export function sshEndpoint(repository: GitRepository): SshEndpoint | undefined {
  if (repository.transport !== 'ssh') return undefined;
  if (repository.url.startsWith('ssh://')) {
    const url = new URL(repository.url);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    return url.port ? { host, port: Number(url.port) } : { host };
  }
  const host = SCP_LIKE_HOST.exec(repository.url)?.[1] ?? '';
  return { host: host.replace(/^\[(.*)\]$/, '$1') };
}

/** The endpoint as known_hosts names it: `host`, or `[host]:port` off port 22. */
export function knownHostsName(endpoint: SshEndpoint): string {
  return endpoint.port === undefined || endpoint.port === 22
    ? endpoint.host
    : `[${endpoint.host}]:${endpoint.port}`;
}

/** The entries of a known_hosts text: no comments, no blank lines. */
export function knownHostsEntries(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

const KEY_TYPE = /^(?:ssh|ecdsa|sk)-[a-z0-9@.-]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Why a known_hosts text cannot be used, or undefined when every entry reads as a host key. */
export function knownHostsProblem(text: string): string | undefined {
  const entries = knownHostsEntries(text);
  if (entries.length === 0) return 'has no host key line';
  const bad = entries.findIndex((entry) => {
    const fields = entry.split(/\s+/);
    // An optional @cert-authority or @revoked marker comes first.
    const [, type = '', key = ''] = fields[0]?.startsWith('@') ? fields.slice(1) : fields;
    return !KEY_TYPE.test(type) || !BASE64.test(key);
  });
  return bad === -1
    ? undefined
    : `entry ${bad + 1} is not "<host> <key type> <base64 key>" (known_hosts format)`;
}
