import { posix } from 'node:path';

import { PebbleApiError } from '../../pebble/errors/pebble-api-error';
import { PebblePathError } from '../../pebble/errors/pebble-path-error';
import { type ListFilesOptions, type MakeDirOptions, type PushOptions } from '../../pebble/files';
import { type FileInfo } from '../../pebble/types';
import { globToRegExp } from '../fake-pebble/file-reads';
import { type ContainerState } from './state';

const EPOCH = new Date(0).toISOString();

function notFound(operation: string, path: string, syscall: string): PebblePathError {
  return new PebblePathError(
    operation,
    path,
    'not-found',
    `${syscall} ${path}: no such file or directory`,
  );
}

function absolute(operation: string, path: string): string {
  if (!posix.isAbsolute(path)) {
    throw new PebblePathError(operation, path, 'generic-file-error', 'paths must be absolute');
  }
  return posix.normalize(path);
}

/**
 * A container's files in memory, with the answers of Pebble's files API: parents must exist
 * (a directory exists when it was made, or holds something, or is `/`), and failures are the
 * per-path errors the client throws.
 */
export class MemoryFiles {
  constructor(private readonly container: ContainerState) {}

  isDir(path: string): boolean {
    if (path === '/' || this.container.dirs[path] !== undefined) return true;
    const prefix = `${path}/`;
    return [...Object.keys(this.container.files), ...Object.keys(this.container.dirs)].some(
      (entry) => entry.startsWith(prefix),
    );
  }

  push(path: string, content: string | Uint8Array, options: PushOptions = {}): void {
    const target = absolute('push', path);
    if (this.isDir(target)) {
      throw new PebblePathError('push', path, 'generic-file-error', `open ${path}: is a directory`);
    }
    const parent = posix.dirname(target);
    if (options.makeDirs === true) {
      this.makeParents(parent, {});
    } else if (!this.isDir(parent)) {
      throw notFound('push', path, 'open');
    }
    this.container.files[target] = {
      content: typeof content === 'string' ? content : Buffer.from(content).toString('utf8'),
      permissions: options.permissions ?? 0o644,
      ...owner(options),
    };
  }

  pull(path: string): Buffer {
    const file = this.container.files[absolute('pull', path)];
    if (file === undefined) {
      throw this.isDir(path)
        ? new PebblePathError(
            'pull',
            path,
            'generic-file-error',
            `can only read a regular file: "${path}"`,
          )
        : notFound('pull', path, 'stat');
    }
    return Buffer.from(file.content, 'utf8');
  }

  list(path: string, options: ListFilesOptions = {}): FileInfo[] {
    const target = absolute('list', path);
    const isFile = this.container.files[target] !== undefined;
    if (!isFile && !this.isDir(target)) {
      throw new PebbleApiError(
        404,
        'not-found',
        `stat ${path}: no such file or directory`,
        'GET /v1/files',
      );
    }
    const single = isFile || options.itself === true;
    const names = single ? [posix.basename(target)] : this.children(target);
    const dir = single ? posix.dirname(target) : target;
    const matcher = options.pattern ? globToRegExp(options.pattern) : undefined;
    return names
      .filter((name) => matcher === undefined || matcher.test(name))
      .map((name) => this.describe(posix.join(dir, name)));
  }

  makeDir(path: string, options: MakeDirOptions = {}): void {
    const target = absolute('make directory', path);
    if (options.makeParents === true) {
      this.makeParents(target, options);
      return;
    }
    if (this.isDir(target) || this.container.files[target] !== undefined) {
      throw new PebblePathError(
        'make directory',
        path,
        'generic-file-error',
        `mkdir ${path}: file exists`,
      );
    }
    if (!this.isDir(posix.dirname(target))) throw notFound('make directory', path, 'mkdir');
    this.container.dirs[target] = { permissions: options.permissions ?? 0o755, ...owner(options) };
  }

  remove(path: string, recursive: boolean): void {
    const target = absolute('remove', path);
    if (this.container.files[target] !== undefined) {
      delete this.container.files[target];
      return;
    }
    if (!this.isDir(target)) throw notFound('remove', path, 'lstat');
    const inside = (entry: string) => entry.startsWith(`${target}/`);
    if (!recursive && this.children(target).length > 0) {
      throw new PebblePathError(
        'remove',
        path,
        'generic-file-error',
        `rmdir ${path}: directory not empty`,
      );
    }
    for (const entries of [this.container.files, this.container.dirs]) {
      for (const entry of Object.keys(entries)) if (inside(entry)) delete entries[entry];
    }
    delete this.container.dirs[target];
  }

  /** `mkdir -p`: the directories made get the options; existing ones stay as they are. */
  private makeParents(path: string, options: MakeDirOptions): void {
    if (this.container.files[path] !== undefined) {
      throw new PebblePathError(
        'make directory',
        path,
        'generic-file-error',
        `mkdir ${path}: not a directory`,
      );
    }
    if (this.isDir(path)) return;
    this.makeParents(posix.dirname(path), options);
    this.container.dirs[path] = { permissions: options.permissions ?? 0o755, ...owner(options) };
  }

  private children(dir: string): string[] {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const names = new Set<string>();
    for (const entry of [
      ...Object.keys(this.container.files),
      ...Object.keys(this.container.dirs),
    ]) {
      if (entry.startsWith(prefix)) names.add(entry.slice(prefix.length).split('/')[0] ?? '');
    }
    return [...names].filter(Boolean).sort();
  }

  private describe(path: string): FileInfo {
    const file = this.container.files[path];
    const entry = file ?? this.container.dirs[path] ?? { permissions: 0o755 };
    return {
      path,
      name: posix.basename(path),
      type: file === undefined ? 'directory' : 'file',
      ...(file === undefined ? {} : { size: Buffer.byteLength(file.content) }),
      permissions: entry.permissions,
      lastModified: EPOCH,
      ...(entry.user === undefined ? {} : { user: entry.user }),
      ...(entry.group === undefined ? {} : { group: entry.group }),
    };
  }
}

function owner(options: { readonly user?: string; readonly group?: string }) {
  return {
    ...(options.user === undefined ? {} : { user: options.user }),
    ...(options.group === undefined ? {} : { group: options.group }),
  };
}
