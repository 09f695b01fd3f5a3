import { OptionValueError } from './option';

export type GitTransport = 'file' | 'ssh' | 'https' | 'http' | 'git';

/** Where the zone files live: a URL git understands, plus the branch when one was given. */
export interface GitRepository {
  /** What `git clone` is given. */
  readonly url: string;
  /** The branch named in the URL (`…@branch`); undefined means "the remote's default branch". */
  readonly branch?: string;
  readonly transport: GitTransport;
  /** The URL with any password or token replaced, safe to log and show. */
  readonly redacted: string;
}

const SCP_LIKE =
  /^(?<user>[^@/\s]+@)?(?<host>[A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(?!\/\/)(?<path>.+)$/;
const BRANCH = /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)[A-Za-z0-9._/-]+(?<![./])$/;

export function isValidBranchName(name: string): boolean {
  return BRANCH.test(name) && !name.endsWith('.lock');
}

function checkBranch(branch: string): string {
  if (!isValidBranchName(branch)) {
    throw new OptionValueError(`"${branch}" is not a valid branch name`);
  }
  return branch;
}

function redact(url: URL): string {
  if (!url.password) return url.toString();
  const copy = new URL(url.toString());
  copy.password = '***';
  return copy.toString();
}

/**
 * Reads a repository location. Accepted forms:
 * - the Python service's `git+ssh://user@host/path@branch` (the branch after the last `@` of the path);
 * - `ssh://`, `https://`, `http://`, `git://` and `file://` URLs;
 * - scp-like `user@host:path`;
 * - an absolute local path.
 */
export function parseGitRepository(raw: string): GitRepository {
  const value = raw.trim();
  if (value === '') throw new OptionValueError('must not be empty');
  if (/\s/.test(value)) throw new OptionValueError('must not contain spaces or line breaks');

  if (value.startsWith('/')) {
    return { url: value, transport: 'file', redacted: value };
  }

  const scp = SCP_LIKE.exec(value);
  if (scp && !value.includes('://')) {
    return { url: value, transport: 'ssh', redacted: value };
  }

  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OptionValueError(
      'must be a git URL (git+ssh://user@host/path@branch, ssh://, https://, file://), user@host:path, or an absolute path',
    );
  }

  if (url.protocol === 'git+ssh:') {
    // git+ssh://user@host/path@branch: the branch follows the last "@" in the path.
    const at = url.pathname.lastIndexOf('@');
    const path = at >= 0 ? url.pathname.slice(0, at) : url.pathname;
    const branch =
      at >= 0 ? checkBranch(decodeURIComponent(url.pathname.slice(at + 1))) : undefined;
    if (!url.hostname || path === '' || path === '/') {
      throw new OptionValueError('a git+ssh:// URL needs a host and a repository path');
    }
    const user = url.username ? `${url.username}@` : '';
    const port = url.port ? `:${url.port}` : '';
    const ssh = `ssh://${user}${url.hostname}${port}${path}`;
    return { url: ssh, branch, transport: 'ssh', redacted: ssh };
  }

  const transports: Record<string, GitTransport> = {
    'ssh:': 'ssh',
    'https:': 'https',
    'http:': 'http',
    'git:': 'git',
    'file:': 'file',
  };
  const transport = transports[url.protocol];
  if (!transport) {
    throw new OptionValueError(`the scheme "${url.protocol.slice(0, -1)}" is not supported`);
  }
  if (transport === 'file') {
    if (url.pathname === '' || url.pathname === '/') {
      throw new OptionValueError('a file:// URL needs a path');
    }
  } else if (!url.hostname) {
    throw new OptionValueError(`a ${transport} URL needs a host`);
  }
  return { url: url.toString(), transport, redacted: redact(url) };
}
