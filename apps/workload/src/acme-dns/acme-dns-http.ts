import type { IncomingMessage } from 'node:http';
import type { BasicCredentials } from '../identity/basic-credentials';
import { apiCredentials } from './wire';

/** The request's path, as Express routes it: case-insensitive, a trailing slash ignored. */
function routedPath(request: IncomingMessage): string {
  return (request.url ?? '').split('?')[0].replace(/\/$/, '').toLowerCase();
}

/** Whether a request is for the acme-dns API mounted at `prefix`. */
export function isAcmeDnsRequest(request: IncomingMessage, prefix: string): boolean {
  return routedPath(request).startsWith(`${prefix.toLowerCase()}/`);
}

/**
 * The credentials of an acme-dns `POST <prefix>/update`, for the front door to hold their place
 * in the hashing queue (or refuse them) before the body is read, as it does for Basic ones.
 */
export function acmeDnsUpdateCredentials(
  prefix: string,
): (request: IncomingMessage) => BasicCredentials | null {
  const update = `${prefix}/update`.toLowerCase();
  return (request) => (routedPath(request) === update ? apiCredentials(request.headers) : null);
}
