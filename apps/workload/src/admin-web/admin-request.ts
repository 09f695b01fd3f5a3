import type { Request, Response } from 'express';
import type { User } from '../accounts/user.entity';
import { type Flash, setFlash } from './admin-cookies';

/** An admin page request once the session guard let it through. */
export type AdminRequest = Request & { user: User; adminSession: string };

/** The browser must come back to the sign-in page first. */
export class SignInRequired extends Error {
  override readonly name = 'SignInRequired';

  constructor(readonly next: string | undefined) {
    super('sign in first');
  }
}

/** Admin pages are never cached (helmet's middleware sets the security headers). */
function setPageHeaders(response: Response): void {
  response.setHeader('Cache-Control', 'no-store');
}

export function sendPage(response: Response, status: number, body: string): void {
  setPageHeaders(response);
  response.status(status).type('html').send(body);
}

/** 303: after a form, the browser GETs the page it is sent to. */
export function seeOther(response: Response, location: string): void {
  setPageHeaders(response);
  response.redirect(303, location);
}

/** 303 to `location`, which shows `flash` once. */
export function seeOtherWith(
  request: Request,
  response: Response,
  location: string,
  flash: Flash,
): void {
  setFlash(request, response, flash);
  seeOther(response, location);
}

/** Where to go after signing in: only somewhere under /admin on this site. */
export function safeNext(value: unknown): string {
  if (
    typeof value === 'string' &&
    value.length <= 500 &&
    /^\/admin\/[A-Za-z0-9/_.?=&%+-]*$/.test(value) &&
    !value.includes('//') &&
    !value.startsWith('/admin/sign-')
  ) {
    return value;
  }
  return '/admin/users';
}
