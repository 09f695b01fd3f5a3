import { posix } from 'node:path';

import { isJsonObject } from '../../json';
import { multipartBoundary } from '../../pebble/multipart';
import { ApiError } from './api-response';
import { listFiles, readFiles } from './file-reads';
import { type FileItem, makeDirs, removePaths, writeFiles } from './file-writes';
import { type Sandbox } from './sandbox';

/** A files API answer: a JSON result, or a raw multipart body (reads). */
export type FilesAnswer =
  { readonly result: unknown } | { readonly contentType: string; readonly body: Buffer };

// Pebble refuses multipart boundaries shorter than this.
const MIN_BOUNDARY_LENGTH = 32;

function items(value: unknown): FileItem[] {
  return (Array.isArray(value) ? value : []) as FileItem[];
}

/** The files API of a fake Pebble: validates requests like Pebble, then reads or writes the sandbox. */
export class FilesApi {
  constructor(private readonly sandbox: Sandbox) {}

  /** `GET /v1/files?action=read|list`. */
  async get(query: URLSearchParams, accept: string | undefined): Promise<FilesAnswer> {
    const action = query.get('action');
    if (action === 'read') {
      const paths = query.getAll('path');
      if (paths.length === 0) {
        throw new ApiError(400, 'must specify one or more paths');
      }
      if (accept !== 'multipart/form-data') {
        throw new ApiError(400, 'must accept multipart/form-data');
      }
      return readFiles(this.sandbox, paths);
    }
    if (action === 'list') {
      const path = query.get('path');
      if (!path) {
        throw new ApiError(400, 'must specify path');
      }
      if (!posix.isAbsolute(path)) {
        throw new ApiError(400, `path must be absolute, got "${path}"`);
      }
      const itself = query.get('itself');
      if (itself !== null && itself !== 'true' && itself !== 'false') {
        throw new ApiError(400, 'itself parameter must be "true" or "false"');
      }
      return {
        result: await listFiles(this.sandbox, path, query.get('pattern'), itself === 'true'),
      };
    }
    throw new ApiError(400, `invalid action "${action ?? ''}"`);
  }

  /** `POST /v1/files`: multipart writes, or JSON make-dirs and remove. */
  async post(contentType: string | undefined, body: Buffer): Promise<FilesAnswer> {
    const boundary = multipartBoundary(contentType);
    if (boundary !== undefined) {
      if (boundary.length < MIN_BOUNDARY_LENGTH) {
        throw new ApiError(400, `invalid boundary "${boundary}"`);
      }
      return { result: await writeFiles(this.sandbox, body, boundary) };
    }
    if (!/^application\/json/.test(contentType ?? '')) {
      throw new ApiError(400, `invalid media type "${contentType ?? ''}"`);
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new ApiError(400, `cannot decode request body: ${String(error)}`);
    }
    const request = isJsonObject(payload) ? payload : {};
    switch (request.action) {
      case 'make-dirs':
        return { result: await makeDirs(this.sandbox, items(request.dirs)) };
      case 'remove':
        return { result: await removePaths(this.sandbox, items(request.paths)) };
      case 'write':
        throw new ApiError(400, 'must use multipart with "write" action');
      default:
        throw new ApiError(400, `invalid action "${String(request.action ?? '')}"`);
    }
  }
}
