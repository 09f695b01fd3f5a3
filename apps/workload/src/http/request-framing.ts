import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../common/app-error';

/** The largest request body read: every body the service takes is a small JSON object or form. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Why a request must be refused before its body is read: a declared length over the limit (the
 * client need not upload it), or a transfer coding other than chunked (the body cannot be read).
 */
export function framingError(headers: IncomingHttpHeaders): AppError | undefined {
  const encoding = headers['transfer-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'chunked') {
    return new AppError(
      'not_implemented',
      `the Transfer-Encoding "${encoding.slice(0, 100)}" is not supported: send the body as it is, or chunked`,
    );
  }
  // Node's parser has checked that it is digits only.
  const length = Number(headers['content-length'] ?? '0');
  if (length > MAX_BODY_BYTES) {
    return new AppError(
      'payload_too_large',
      `the request body is too large: ${length} bytes declared, at most ${MAX_BODY_BYTES} accepted`,
    );
  }
  return undefined;
}
