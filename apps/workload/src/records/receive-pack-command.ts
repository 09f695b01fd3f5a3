/**
 * How `git push` starts the remote's `git-receive-pack`, for the transports where that is one
 * process of ours speaking the protocol on its stdin and stdout: a repository on this machine, and
 * SSH. Copied from git's connect.c, for what this service's configuration accepts.
 */

export interface ReceivePackCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** Over SSH: the pack crosses a network, maybe a slow one. */
  readonly overSsh: boolean;
}

/** An `[user@]host` git would hand ssh as it is (no brackets, not read as an option). */
const SSH_HOST = /^(?:[^@:/\s[\]-][^@:/\s[\]]*@)?[A-Za-z0-9][A-Za-z0-9.-]*$/;

/** Git's sq_quote: the path in single quotes, a quote or `!` stepping out of them. */
function shellQuote(value: string): string {
  return `'${value.replace(/['!]/g, (character) => `'\\${character}'`)}'`;
}

/** What git decodes in a URL: `%xx`; undefined for a malformed escape. */
function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Where a `file://` URL or an absolute path leads; undefined for anything else. */
export function localPath(url: string): string | undefined {
  if (url.startsWith('/')) return url;
  if (!url.startsWith('file://')) return undefined;
  const parsed = parseUrl(url);
  return parsed?.host === '' ? decode(parsed.pathname) : undefined;
}

/** Host, port and path of an `ssh://` URL or an scp-like `[user@]host:path`. */
function sshTarget(url: string): { host: string; port?: string; path: string } | undefined {
  if (url.startsWith('ssh://')) {
    const parsed = parseUrl(url);
    // A host the URL parser rewrote (to lower case is as ssh reads it; to punycode is not).
    if (!parsed || !url.toLowerCase().includes(parsed.hostname)) return undefined;
    const user = decode(parsed.username);
    const path = decode(parsed.pathname);
    if (parsed.password !== '' || user === undefined || path === undefined) return undefined;
    const host = user === '' ? parsed.hostname : `${user}@${parsed.hostname}`;
    return { host, port: parsed.port === '' ? undefined : parsed.port, path };
  }
  if (url.includes('://') || url.startsWith('/')) return undefined;
  const colon = url.indexOf(':');
  if (colon < 0) return undefined;
  return { host: url.slice(0, colon), path: url.slice(colon + 1) };
}

/**
 * How a repository on this machine takes a push whose pack it may keep whole: receive-pack keeps
 * the pack as it comes, as index-pack, instead of unpacking it into a file per object (git's way
 * below 100 objects). A push then creates a few files instead of a directory and a file for each
 * of its objects, the larger part of its time where creating a file is slow (docs/benchmarks.md,
 * "A push's pack kept whole"). Its `gc --auto` then joins the small packs every 50 pushes; a pack
 * over a megabyte is left as it is, so that stays cheap however long the history (once 50 are
 * that large, git joins them too). Given on the command line, these take the place of the
 * remote's own settings.
 */
const KEEPING_PACKS_WHOLE = ['-c', 'receive.unpackLimit=1', '-c', 'gc.bigPackThreshold=1m'];

/**
 * The command that runs the remote's receive-pack for `url`: `git receive-pack <path>` for a local
 * repository, its pack kept whole if `keepPackWhole`; for SSH, the ssh command git would run
 * (`GIT_SSH_COMMAND` through `sh`, then `[-p <port>] [user@]host "git-receive-pack '<path>'"`, a
 * path `/~user/…` sent as `~user/…`). Undefined for other transports and for what git would
 * treat otherwise (then `git push`).
 */
export function receivePackCommand(
  url: string,
  sshCommand: string | undefined,
  keepPackWhole = false,
): ReceivePackCommand | undefined {
  const local = localPath(url);
  if (local !== undefined) {
    const receiving = keepPackWhole ? KEEPING_PACKS_WHOLE : [];
    return { command: 'git', args: [...receiving, 'receive-pack', local], overSsh: false };
  }
  const target = sshTarget(url);
  if (!target || sshCommand === undefined || !SSH_HOST.test(target.host) || target.path === '')
    return undefined;
  // git's one quirk here: a path whose second character is "~" loses its first.
  const path = target.path[1] === '~' ? target.path.slice(1) : target.path;
  const port = target.port === undefined ? [] : ['-p', target.port];
  return {
    command: '/bin/sh',
    args: [
      '-c',
      `${sshCommand} "$@"`,
      sshCommand,
      ...port,
      target.host,
      `git-receive-pack ${shellQuote(path)}`,
    ],
    overSsh: true,
  };
}
