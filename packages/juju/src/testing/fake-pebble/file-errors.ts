// Go's wording for the errno values a file API meets, so messages read like Pebble's.
const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EEXIST: 'file exists',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ENOTEMPTY: 'directory not empty',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
};

/** A per-path error as Pebble's files API reports it: `{kind, message}`. */
export interface FileErrorResult {
  readonly kind: 'not-found' | 'permission-denied' | 'generic-file-error';
  readonly message: string;
}

/** Maps a Node filesystem error to Pebble's kind and a message naming the container path. */
export function fileErrorResult(error: unknown, containerPath: string): FileErrorResult {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  if (code === undefined) {
    return {
      kind: 'generic-file-error',
      message: error instanceof Error ? error.message : String(error),
    };
  }
  const kind =
    code === 'ENOENT'
      ? 'not-found'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission-denied'
        : 'generic-file-error';
  return { kind, message: `${syscall ?? 'access'} ${containerPath}: ${ERRNO_TEXT[code] ?? code}` };
}

/** The HTTP status Pebble uses when a whole request fails on a file error. */
export function fileErrorStatus(result: FileErrorResult): number {
  return result.kind === 'not-found' ? 404 : result.kind === 'permission-denied' ? 403 : 400;
}
