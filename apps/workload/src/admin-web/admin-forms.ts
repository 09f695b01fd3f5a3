import type { Request } from 'express';
import { isEmail, parseId } from '../admin-api/fields';
import { AppError } from '../common/app-error';
import type { GrantRequest } from '../domains/domains.service';
import { safeNext } from './admin-request';
import type { GrantForm, GrantLevel } from './pages/user';
import type { NewUserForm } from './pages/users';

// The admin pages' forms (urlencoded) as the controllers use them. Only the shape is checked
// here; the rules (names, uniqueness, grants) are the services'.

/** A form field as text; repeated or missing fields read as empty. */
function text(body: unknown, name: string): string {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

function list(body: unknown, name: string): string[] {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  if (typeof value === 'string') return [value];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/** The list pages' `?q=` search, trimmed and cut to `maxLength`. */
export function searchOf(request: Request, maxLength: number): string {
  const { q } = request.query;
  return typeof q === 'string' ? q.trim().slice(0, maxLength) : '';
}

/** A user's or domain's id in a page address; anything else is a page that does not exist. */
export function recordId(id: string, what: 'user' | 'domain'): number {
  const parsed = parseId(id);
  if (parsed === undefined) throw new AppError('not_found', `no such ${what}`);
  return parsed;
}

export interface SignInFields {
  readonly username: string;
  /** Empty when too long to be worth checking. */
  readonly password: string;
  readonly next: string;
}

export function signInFields(body: unknown): SignInFields {
  const password = text(body, 'password');
  return {
    username: text(body, 'username').trim(),
    password: password.length <= 1024 ? password : '',
    next: safeNext(text(body, 'next')),
  };
}

/** The new-user form; `errors` when the email cannot be one. */
export function newUserFields(body: unknown): NewUserForm & { username: string; email: string } {
  const username = text(body, 'username').trim();
  const email = text(body, 'email').trim();
  return email !== '' && !isEmail(email)
    ? { username, email, errors: { email: 'Enter a valid email address.' } }
    : { username, email };
}

/** The on/off buttons (active, administrator). */
export function switchValue(body: unknown): boolean {
  return text(body, 'value') === 'true';
}

export function fqdnField(body: unknown): string {
  return text(body, 'fqdn').trim();
}

/** The grant form: names separated by spaces, commas or semicolons, at one or both levels. */
export function grantFields(body: unknown): { form: GrantForm; request?: GrantRequest } {
  const names = text(body, 'names');
  const levelText = text(body, 'level');
  const level: GrantLevel =
    levelText === 'domain' || levelText === 'both' ? levelText : 'subdomain';
  const note = text(body, 'note').trim();
  const form: GrantForm = { names, level, note };
  const domains = names.split(/[\s,;]+/).filter((name) => name !== '');
  if (domains.length === 0) return { form: { ...form, errors: ['Give at least one domain.'] } };
  if (note.length > 255) {
    return { form: { ...form, errors: ['The note must be at most 255 characters long.'] } };
  }
  return {
    form,
    request: {
      ...(level !== 'subdomain' ? { domains } : {}),
      ...(level !== 'domain' ? { subdomains: domains } : {}),
    },
  };
}

/** The grants ticked on a user's page (`domain:<name>`, `subdomain:<name>`). */
export function revokeFields(body: unknown): { domains: string[]; subdomains: string[] } {
  const selected = list(body, 'grant');
  return {
    domains: selected.filter((item) => item.startsWith('domain:')).map((item) => item.slice(7)),
    subdomains: selected
      .filter((item) => item.startsWith('subdomain:'))
      .map((item) => item.slice(10)),
  };
}
