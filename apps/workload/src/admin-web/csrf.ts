import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { AppError } from '../common/app-error';

export const CSRF_FIELD = '_csrf';

export const CSRF_REFUSED =
  'This form did not come from this site’s own pages, or it has expired. Go back, reload the page and try again.';

/**
 * Tokens that prove a form came from our own pages: a keyed hash of the session's token (or,
 * before sign-in, of the sign-in cookie). Another site can neither read them nor compute them.
 */
export class CsrfTokens {
  constructor(private readonly secretKey: string) {}

  private mac(purpose: string, value: string): string {
    return createHmac('sha256', this.secretKey)
      .update(`admin-csrf:${purpose}:${value}`)
      .digest('base64url');
  }

  forSession(sessionToken: string): string {
    return this.mac('session', sessionToken);
  }

  forSignIn(signInCookie: string): string {
    return this.mac('sign-in', signInCookie);
  }

  static matches(expected: string, given: unknown): boolean {
    if (typeof given !== 'string' || given.length !== expected.length) return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  }
}

/** The form's token field; a form parsed into something else has none. */
export function formToken(body: unknown): unknown {
  return typeof body === 'object' && body !== null
    ? (body as Record<string, unknown>)[CSRF_FIELD]
    : undefined;
}

/**
 * Refuses a state-changing request that a browser says came from another site (Fetch Metadata,
 * Origin). Requests without those headers (scripts) still need the token.
 */
export function checkSameOrigin(request: Request): void {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    throw new AppError('forbidden', CSRF_REFUSED);
  }
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    host = undefined;
  }
  if (host === undefined || host !== request.headers.host) {
    throw new AppError('forbidden', CSRF_REFUSED);
  }
}
