import { createHmac } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';

export const SESSION_COOKIE = 'hlp_admin_session';
/** Before sign-in: what the sign-in form's CSRF token is bound to. */
export const SIGN_IN_COOKIE = 'hlp_admin_sign_in';
/** The double-submit CSRF cookie (csrf-csrf). */
export const CSRF_COOKIE = 'hlp_admin_csrf';
export const FLASH_COOKIE = 'hlp_admin_flash';

const COOKIE_PATH = '/admin';
const FLASH_SECONDS = 60;

/** A key of its own for each use of the service's secret key (signed cookies, CSRF tokens). */
export function adminKey(secretKey: string, purpose: 'cookies' | 'csrf'): string {
  return createHmac('sha256', secretKey).update(`admin-${purpose}`).digest('base64url');
}

/** HttpOnly, SameSite=Strict, only under /admin, and Secure whenever the client came over TLS. */
export function cookieOptions(request: Request, maxAgeSeconds?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.secure,
    path: COOKIE_PATH,
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds * 1000 }),
  };
}

/** A cookie as cookie-parser read it; one it read as JSON is not one of ours. */
export function cookieOf(request: Request, name: string): string | undefined {
  const value: unknown = (request.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
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

/** A message for the page a redirect leads to ("Granted …"). */
export interface Flash {
  readonly kind: 'success' | 'error';
  readonly text: string;
}

/** Carries `flash` to the next page in a cookie signed by cookie-parser. */
export function setFlash(request: Request, response: Response, flash: Flash): void {
  response.cookie(FLASH_COOKIE, [flash.kind, flash.text.slice(0, 500)], {
    ...cookieOptions(request, FLASH_SECONDS),
    signed: true,
  });
}

/** The flash the previous response left, shown once; a forged or unreadable one is dropped. */
export function takeFlash(request: Request, response: Response): Flash | null {
  const signed = (request.signedCookies as Record<string, unknown> | undefined)?.[FLASH_COOKIE];
  if (signed === undefined && cookieOf(request, FLASH_COOKIE) === undefined) return null;
  clearCookie(request, response, FLASH_COOKIE);
  if (!Array.isArray(signed)) return null;
  const [kind, text] = signed as unknown[];
  return (kind === 'success' || kind === 'error') && typeof text === 'string'
    ? { kind, text }
    : null;
}
