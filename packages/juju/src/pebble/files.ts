import { isJsonObject } from '../json';
import { PebbleApiError } from './errors/pebble-api-error';
import { PebblePathError } from './errors/pebble-path-error';
import { decodeMultipart, encodeMultipart, multipartBoundary } from './multipart';
import { type PebbleTransport } from './transport';
import { type FileInfo } from './types';

/** Who owns a file or directory Pebble creates (names or ids; Pebble resolves them in the container). */
export interface Ownership {
  readonly user?: string;
  readonly userId?: number;
  readonly group?: string;
  readonly groupId?: number;
}

/** Options of {@link push}. */
export interface PushOptions extends Ownership {
  /** Permission bits, default `0o644`. */
  readonly permissions?: number;
  /** Create missing parent directories (0755, owned like the file). */
  readonly makeDirs?: boolean;
}

/** Options of {@link makeDir}. */
export interface MakeDirOptions extends Ownership {
  /** Permission bits, default `0o755`. */
  readonly permissions?: number;
  /** Create missing parents too, and succeed if the directory exists. */
  readonly makeParents?: boolean;
}

/** Options of {@link listFiles}. */
export interface ListFilesOptions {
  /** A glob on the names, such as `*.conf`. */
  readonly pattern?: string;
  /** Describe the directory itself rather than its entries. */
  readonly itself?: boolean;
}

function ownershipFields(options: Ownership): Record<string, string | number> {
  const fields: Record<string, string | number> = {};
  if (options.user !== undefined) fields.user = options.user;
  if (options.userId !== undefined) fields['user-id'] = options.userId;
  if (options.group !== undefined) fields.group = options.group;
  if (options.groupId !== undefined) fields['group-id'] = options.groupId;
  return fields;
}

// Pebble wants permissions as a 3-digit octal string.
function octal(permissions: number): string {
  return permissions.toString(8).padStart(3, '0');
}

/** Throws the first per-path error of a files response. */
function checkPathResults(operation: string, result: unknown): void {
  for (const item of Array.isArray(result) ? result : []) {
    if (isJsonObject(item) && isJsonObject(item.error)) {
      const { kind, message } = item.error;
      throw new PebblePathError(
        operation,
        String(item.path),
        String(kind ?? ''),
        String(message ?? ''),
      );
    }
  }
}

/** Writes a file in the container: multipart `POST /v1/files` with a `request` part and a `files` part. */
export async function push(
  transport: PebbleTransport,
  path: string,
  content: string | Uint8Array,
  options: PushOptions = {},
): Promise<void> {
  const metadata = {
    action: 'write',
    files: [
      {
        path,
        'make-dirs': options.makeDirs === true,
        permissions: octal(options.permissions ?? 0o644),
        ...ownershipFields(options),
      },
    ],
  };
  const { contentType, body } = encodeMultipart([
    {
      name: 'request',
      contentType: 'application/json',
      body: Buffer.from(JSON.stringify(metadata)),
    },
    {
      name: 'files',
      filename: path,
      contentType: 'application/octet-stream',
      body: Buffer.from(content),
    },
  ]);
  const result = await transport.sync({
    method: 'POST',
    path: '/v1/files',
    body: { contentType, data: body },
  });
  checkPathResults('push', result);
}

/** Reads a file from the container: `GET /v1/files?action=read`, answered as multipart. */
export async function pull(transport: PebbleTransport, path: string): Promise<Buffer> {
  const request = {
    method: 'GET',
    path: '/v1/files',
    query: { action: 'read', path },
    accept: 'multipart/form-data',
  } as const;
  const response = await transport.send(request);
  const boundary = multipartBoundary(response.headers['content-type']);
  if (boundary === undefined) {
    transport.decode(request, response); // throws the API error this is
    throw new PebbleApiError(
      response.statusCode,
      '',
      'expected a multipart response',
      'GET /v1/files',
    );
  }
  const parts = decodeMultipart(response.body, boundary);
  const metadata = parts.find((part) => part.name === 'response');
  if (metadata === undefined) {
    throw new PebbleApiError(
      response.statusCode,
      '',
      'multipart response has no "response" part',
      'GET /v1/files',
    );
  }
  checkPathResults('pull', transport.decode(request, { ...response, body: metadata.body }).result);
  const file = parts.find((part) => part.name === 'files' && part.filename === path);
  if (file === undefined) {
    throw new PebblePathError('pull', path, 'generic-file-error', 'no content in the response');
  }
  return file.body;
}

function toFileInfo(raw: unknown): FileInfo {
  const item = isJsonObject(raw) ? raw : {};
  const optionalNumber = (value: unknown): number | undefined =>
    typeof value === 'number' ? value : undefined;
  const userId = optionalNumber(item['user-id']);
  const groupId = optionalNumber(item['group-id']);
  const size = optionalNumber(item.size);
  return {
    path: String(item.path),
    name: String(item.name),
    type: String(item.type) as FileInfo['type'],
    permissions: parseInt(String(item.permissions), 8),
    lastModified: String(item['last-modified']),
    ...(size === undefined ? {} : { size }),
    ...(userId === undefined ? {} : { userId }),
    ...(item.user ? { user: String(item.user) } : {}),
    ...(groupId === undefined ? {} : { groupId }),
    ...(item.group ? { group: String(item.group) } : {}),
  };
}

/** Lists a directory (or describes one path): `GET /v1/files?action=list`. */
export async function listFiles(
  transport: PebbleTransport,
  path: string,
  options: ListFilesOptions = {},
): Promise<FileInfo[]> {
  const result = await transport.sync({
    method: 'GET',
    path: '/v1/files',
    query: {
      action: 'list',
      path,
      pattern: options.pattern,
      itself: options.itself === undefined ? undefined : String(options.itself),
    },
  });
  return (Array.isArray(result) ? result : []).map(toFileInfo);
}

/** Creates a directory: `POST /v1/files` `{"action":"make-dirs"}`. */
export async function makeDir(
  transport: PebbleTransport,
  path: string,
  options: MakeDirOptions = {},
): Promise<void> {
  const dir = {
    path,
    'make-parents': options.makeParents === true,
    ...(options.permissions === undefined ? {} : { permissions: octal(options.permissions) }),
    ...ownershipFields(options),
  };
  const result = await transport.sync({
    method: 'POST',
    path: '/v1/files',
    json: { action: 'make-dirs', dirs: [dir] },
  });
  checkPathResults('make directory', result);
}

/** Removes a file or directory: `POST /v1/files` `{"action":"remove"}`. */
export async function removePath(
  transport: PebbleTransport,
  path: string,
  options: { readonly recursive?: boolean } = {},
): Promise<void> {
  const paths = [{ path, recursive: options.recursive === true }];
  const result = await transport.sync({
    method: 'POST',
    path: '/v1/files',
    json: { action: 'remove', paths },
  });
  checkPathResults('remove', result);
}
