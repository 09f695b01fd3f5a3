import { doubleCsrf, type DoubleCsrfUtilities } from 'csrf-csrf';
import type { Request, Response } from 'express';
import { AppError } from '../common/app-error';
import { cookieOptions, CSRF_COOKIE } from './admin-cookies';

export const CSRF_FIELD = '_csrf';

export const CSRF_REFUSED =
  'This form did not come from this site’s own pages, or it has expired. Go back, reload the page and try again.';

/** What a token is bound to: `session:<token>`, or before sign-in `sign-in:<cookie>`. */
type BoundRequest = Request & { csrfSubject?: string };

/**
 * Tokens that prove a form came from our own pages (csrf-csrf's double submit): the page's hidden
 * field must equal the CSRF cookie, whose keyed hash binds it to the session (or, before sign-in,
 * to the sign-in cookie). Another site can neither read them nor compute them.
 */
export class AdminCsrf {
  private readonly csrf: DoubleCsrfUtilities;

  constructor(key: string) {
    this.csrf = doubleCsrf({
      getSecret: () => key,
      getSessionIdentifier: (request) => (request as BoundRequest).csrfSubject ?? '',
      cookieName: CSRF_COOKIE,
      getCsrfTokenFromRequest: (request) => {
        const token: unknown = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
        return typeof token === 'string' ? token : undefined;
      },
    });
  }

  /** The token for the forms of the page being answered (setting the cookie if need be). */
  token(request: Request, response: Response, subject: string): string {
    (request as BoundRequest).csrfSubject = subject;
    return this.csrf.generateCsrfToken(request, response, {
      cookieOptions: cookieOptions(request),
    });
  }

  /** Refuses a form from another site, or without the token of a page of ours. */
  check(request: Request, subject: string): void {
    checkSameOrigin(request);
    (request as BoundRequest).csrfSubject = subject;
    if (!this.csrf.validateRequest(request)) throw new AppError('forbidden', CSRF_REFUSED);
  }
}

/**
 * Refuses a state-changing request that a browser says came from another site (Fetch Metadata,
 * Origin). Requests without those headers (scripts) still need the token.
 */
function checkSameOrigin(request: Request): void {
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
