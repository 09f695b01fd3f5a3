import type { CookieOptions, Request, Response } from 'express';
import { isSecureRequest } from '../http/request-origin';

export const SESSION_COOKIE = 'hlp_admin_session';
/** Before sign-in: what the sign-in form's CSRF token is bound to. */
export const SIGN_IN_COOKIE = 'hlp_admin_sign_in';
export const FLASH_COOKIE = 'hlp_admin_flash';

export const COOKIE_PATH = '/admin';

/** The request's cookies; a malformed one is skipped, never an error. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const equals = part.indexOf('=');
    if (equals <= 0) continue;
    const name = part.slice(0, equals).trim();
    let value = part.slice(equals + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1);
    try {
      cookies[name] ??= decodeURIComponent(value);
    } catch {
      // not percent-encoded properly: not one of ours
    }
  }
  return cookies;
}

export function cookieOf(request: Request, name: string): string | undefined {
  return parseCookies(request.headers.cookie)[name];
}

/** HttpOnly, SameSite=Strict, only under /admin, and Secure whenever the client came over TLS. */
export function cookieOptions(request: Request, maxAgeSeconds?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecureRequest(request),
    path: COOKIE_PATH,
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds * 1000 }),
  };
}

export function setCookie(
  request: Request,
  response: Response,
  name: string,
  value: string,
  maxAgeSeconds?: number,
): void {
  response.cookie(name, value, cookieOptions(request, maxAgeSeconds));
}

export function clearCookie(request: Request, response: Response, name: string): void {
  response.clearCookie(name, cookieOptions(request));
}
