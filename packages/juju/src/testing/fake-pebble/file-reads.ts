import { type Stats } from 'node:fs';
import { lstat, readFile, readdir, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { posix } from 'node:path';

import { encodeMultipart } from '../../pebble/multipart';
import { ApiError } from './api-response';
import { fileErrorResult, fileErrorStatus } from './file-errors';
import { type Sandbox } from './sandbox';

/** Converts a glob (`*`, `?`, `[...]`) to an anchored regular expression, as Go's path.Match reads it. */
export function globToRegExp(pattern: string): RegExp {
  const source = pattern
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${source}$`);
}

function fileType(info: Stats): string {
  if (info.isFile()) return 'file';
  if (info.isDirectory()) return 'directory';
  if (info.isSymbolicLink()) return 'symlink';
  if (info.isSocket()) return 'socket';
  if (info.isFIFO()) return 'named-pipe';
  if (info.isBlockDevice() || info.isCharacterDevice()) return 'device';
  return 'unknown';
}

/** A list entry; owner names and ids come from what was recorded, else from the host file. */
function describe(sandbox: Sandbox, path: string, info: Stats): Record<string, unknown> {
  const owner = sandbox.ownershipOf(path);
  const me = userInfo();
  return {
    path,
    name: posix.basename(path),
    type: fileType(info),
    ...(info.isFile() ? { size: info.size } : {}),
    permissions: (info.mode & 0o777).toString(8).padStart(3, '0'),
    'last-modified': info.mtime.toISOString(),
    'user-id': owner?.userId ?? info.uid,
    user: owner?.user ?? (info.uid === me.uid ? me.username : ''),
    'group-id': owner?.groupId ?? info.gid,
    group: owner?.group ?? '',
  };
}

/**
 * `GET /v1/files?action=read`: a multipart body with a `files` part per readable path, then a
 * `response` part holding the sync envelope with per-path errors.
 */
export async function readFiles(
  sandbox: Sandbox,
  paths: readonly string[],
): Promise<{ contentType: string; body: Buffer }> {
  const parts = [];
  const result = [];
  for (const path of paths) {
    try {
      const host = sandbox.hostPath(path);
      if (!(await stat(host)).isFile()) {
        throw new Error(`can only read a regular file: "${path}"`);
      }
      const body = await readFile(host);
      parts.push({ name: 'files', filename: path, contentType: 'application/octet-stream', body });
      result.push({ path });
    } catch (error) {
      result.push({ path, error: fileErrorResult(error, path) });
    }
  }
  const envelope = { type: 'sync', 'status-code': 200, status: 'OK', result };
  const response = Buffer.from(JSON.stringify(envelope));
  parts.push({ name: 'response', contentType: 'application/json', body: response });
  return encodeMultipart(parts);
}

/** `GET /v1/files?action=list`: a directory's entries (or the path itself), optionally by glob. */
export async function listFiles(
  sandbox: Sandbox,
  path: string,
  pattern: string | null,
  itself: boolean,
): Promise<unknown[]> {
  const host = sandbox.hostPath(path);
  let info: Stats;
  try {
    info = await stat(host);
  } catch (error) {
    const result = fileErrorResult(error, path);
    throw new ApiError(fileErrorStatus(result), result.message, result.kind);
  }
  const single = !info.isDirectory() || itself;
  const dir = single ? posix.dirname(path) : path;
  const names = single ? [posix.basename(path)] : (await readdir(host)).sort();
  const matcher = pattern ? globToRegExp(pattern) : undefined;
  const entries = [];
  for (const name of names) {
    if (matcher && !matcher.test(name)) continue;
    const entryPath = posix.join(dir, name);
    entries.push(describe(sandbox, entryPath, await lstat(sandbox.hostPath(entryPath))));
  }
  return entries;
}
