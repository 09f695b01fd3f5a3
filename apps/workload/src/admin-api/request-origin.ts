import type { Request } from 'express';

/**
 * Whether the client reached us over TLS: directly, or through a proxy that terminated it and
 * says so in `X-Forwarded-Proto` (ingress). A client lying about it only hurts itself: its
 * cookies become Secure and its links https.
 */
export function isSecureRequest(request: Request): boolean {
  if (request.secure) return true;
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0];
  return first?.trim().toLowerCase() === 'https';
}

/** `https://host[:port]` as the client addressed us (the Host header is checked by then). */
export function requestOrigin(request: Request): string {
  const host = request.headers.host ?? '127.0.0.1';
  return `${isSecureRequest(request) ? 'https' : 'http'}://${host}`;
}
