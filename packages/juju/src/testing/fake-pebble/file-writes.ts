import { chmod, lstat, mkdir, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { posix } from 'node:path';

import { isJsonObject } from '../../json';
import { decodeMultipart } from '../../pebble/multipart';
import { ApiError } from './api-response';
import { fileErrorResult } from './file-errors';
import { type RecordedOwnership, type Sandbox } from './sandbox';

/** One item of a files request, as decoded from JSON. */
export type FileItem = Record<string, unknown>;

function ownershipOf(item: FileItem): RecordedOwnership {
  const owner: { user?: string; userId?: number; group?: string; groupId?: number } = {};
  if (typeof item.user === 'string' && item.user) owner.user = item.user;
  if (typeof item['user-id'] === 'number') owner.userId = item['user-id'];
  if (typeof item.group === 'string' && item.group) owner.group = item.group;
  if (typeof item['group-id'] === 'number') owner.groupId = item['group-id'];
  return owner;
}

function parsePermissions(value: unknown, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const text = String(value);
  if (!/^[0-7]{3}$/.test(text)) {
    throw new Error(`permissions must be a 3-digit octal string, got "${text}"`);
  }
  return parseInt(text, 8);
}

/** Creates missing directories from the top down, recording the owner of each one created. */
async function makeParents(
  sandbox: Sandbox,
  path: string,
  permissions: number,
  owner: RecordedOwnership,
): Promise<void> {
  let current = '/';
  for (const segment of path.split('/').filter((part) => part !== '')) {
    current = posix.join(current, segment);
    const host = sandbox.hostPath(current);
    const created = await mkdir(host).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
        return false;
      },
    );
    if (created) {
      await chmod(host, permissions);
      sandbox.recordOwnership(current, owner);
    }
  }
}

async function writeOne(sandbox: Sandbox, item: FileItem, content: Buffer): Promise<void> {
  const path = String(item.path);
  const host = sandbox.hostPath(path);
  const owner = ownershipOf(item);
  const permissions = parsePermissions(item.permissions, 0o644);
  if (item['make-dirs'] === true) {
    await makeParents(sandbox, posix.dirname(path), 0o755, owner);
  }
  // Atomic like Pebble's: write beside the target, then rename over it.
  const temporary = `${host}.pebble-tmp`;
  await writeFile(temporary, content);
  await chmod(temporary, permissions);
  await rename(temporary, host);
  sandbox.recordOwnership(path, owner);
}

function decodeWriteRequest(
  body: Buffer,
  boundary: string,
): { files: FileItem[]; contents: Map<string, Buffer> } {
  let parts;
  try {
    parts = decodeMultipart(body, boundary);
  } catch (error) {
    throw new ApiError(400, `cannot read request metadata: ${String(error)}`);
  }
  const [metadataPart, ...fileParts] = parts;
  if (metadataPart?.name !== 'request') {
    throw new ApiError(
      400,
      `metadata field name must be "request", got "${metadataPart?.name ?? ''}"`,
    );
  }
  let metadata: unknown;
  try {
    metadata = JSON.parse(metadataPart.body.toString('utf8'));
  } catch (error) {
    throw new ApiError(400, `cannot decode request metadata: ${String(error)}`);
  }
  const request = isJsonObject(metadata) ? metadata : {};
  if (request.action !== 'write') {
    throw new ApiError(
      400,
      `multipart action must be "write", got "${String(request.action ?? '')}"`,
    );
  }
  const files = (Array.isArray(request.files) ? request.files : []) as FileItem[];
  if (files.length === 0) {
    throw new ApiError(400, 'must specify one or more files');
  }
  const contents = new Map<string, Buffer>();
  for (const part of fileParts) {
    if (part.name !== 'files') {
      throw new ApiError(400, `field name must be "files", got "${part.name ?? ''}"`);
    }
    if (!files.some((file) => file.path === part.filename)) {
      throw new ApiError(400, `no metadata for path "${part.filename ?? ''}"`);
    }
    contents.set(part.filename ?? '', part.body);
  }
  return { files, contents };
}

/**
 * Runs `operation` per item and reports per-path errors the way Pebble's files API does
 * (a 200 answer whose items may carry an `error`).
 */
async function eachPath(
  items: readonly FileItem[],
  operation: (item: FileItem) => Promise<void>,
): Promise<unknown[]> {
  const results = [];
  for (const item of items) {
    const path = String(item.path);
    try {
      await operation(item);
      results.push({ path });
    } catch (error) {
      results.push({ path, error: fileErrorResult(error, path) });
    }
  }
  return results;
}

/** Multipart `POST /v1/files`: a `request` part with the metadata, then a `files` part per file. */
export async function writeFiles(
  sandbox: Sandbox,
  body: Buffer,
  boundary: string,
): Promise<unknown[]> {
  const { files, contents } = decodeWriteRequest(body, boundary);
  return eachPath(files, async (item) => {
    const content = contents.get(String(item.path));
    if (content === undefined) {
      throw new Error(`no file content for path "${String(item.path)}"`);
    }
    await writeOne(sandbox, item, content);
  });
}

/** `{"action":"make-dirs"}`. */
export function makeDirs(sandbox: Sandbox, items: readonly FileItem[]): Promise<unknown[]> {
  return eachPath(items, async (item) => {
    const path = String(item.path);
    const permissions = parsePermissions(item.permissions, 0o755);
    const owner = ownershipOf(item);
    if (item['make-parents'] === true) {
      await makeParents(sandbox, path, permissions, owner);
      return;
    }
    const host = sandbox.hostPath(path);
    await mkdir(host);
    await chmod(host, permissions);
    sandbox.recordOwnership(path, owner);
  });
}

/** `{"action":"remove"}`: like Go's os.Remove, or os.RemoveAll when recursive. */
export function removePaths(sandbox: Sandbox, items: readonly FileItem[]): Promise<unknown[]> {
  return eachPath(items, async (item) => {
    const path = String(item.path);
    const host = sandbox.hostPath(path);
    if (item.recursive === true) {
      await rm(host, { recursive: true, force: true });
    } else if ((await lstat(host)).isDirectory()) {
      await rmdir(host);
    } else {
      await unlink(host);
    }
    sandbox.forget(path);
  });
}
