import { z } from 'zod';
import {
  type AcmeDnsAccountRequest,
  acmeDnsAccountRequest,
} from '../administration/acme-dns-input.schema';
import { grantForm } from '../administration/grant-input.schema';
import { newUserForm } from '../administration/user-input.schema';
import { AppError } from '../common/app-error';
import { formText, parseRouteId } from '../common/input-fields';
import type { GrantRequest } from '../domains/domains.service';
import { signInForm } from '../identity/sign-in.schema';
import { safeNext } from './admin-request';
import type { AcmeDnsForm } from './pages/acme-dns';
import type { GrantForm } from './pages/user';
import type { NewUserForm } from './pages/users';

// The admin pages' forms, read with the shared request schemas, in the shapes the pages show.

const trimmed = formText.transform((value) => value.trim());

/** A refused form's fields as typed, to show them again (trimmed where the form trims them). */
const typed = z.object({
  username: trimmed,
  email: trimmed,
  names: formText,
  level: grantForm.shape.level,
  note: trimmed,
  allowfrom: trimmed,
  domain: trimmed,
});

/** A user's or domain's id in a page address; anything else is a page that does not exist. */
export function recordId(id: string, what: 'user' | 'domain' | 'acme-dns account'): number {
  const parsed = parseRouteId(id);
  if (parsed === undefined) throw new AppError('not_found', `no such ${what}`);
  return parsed;
}

/** The sign-in form; a password too long to be worth checking reads as none. */
export function signInFields(body: unknown): z.output<typeof signInForm> {
  const { username, password, next } = signInForm.parse(body);
  return { username, password: password.length <= 1024 ? password : '', next: safeNext(next) };
}

/** The new-user form, with `errors` (by field) when it is refused. */
export function newUserFields(body: unknown): NewUserForm & { username: string; email: string } {
  const result = newUserForm.safeParse(body);
  if (result.success) return result.data;
  const { username, email } = typed.parse(body);
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) errors[String(issue.path[0])] ??= issue.message;
  return { username, email, errors };
}

/** The acme-dns account form as typed, and the request it makes unless refused (by field). */
export function acmeDnsFields(body: unknown): {
  form: AcmeDnsForm;
  request?: AcmeDnsAccountRequest;
} {
  const { allowfrom, domain } = typed.parse(body);
  const result = acmeDnsAccountRequest.safeParse(body);
  if (result.success) return { form: { allowfrom, domain }, request: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) errors[String(issue.path[0])] ??= issue.message;
  return { form: { allowfrom, domain, errors } };
}

/** The grant form as typed, and the request it makes unless refused (its first problem). */
export function grantFields(body: unknown): { form: GrantForm; request?: GrantRequest } {
  const { names, level, note } = typed.parse(body);
  const form: GrantForm = { names, level, note };
  const result = grantForm.safeParse(body);
  if (!result.success) return { form: { ...form, errors: [result.error.issues[0].message] } };
  const domains = result.data.names;
  return {
    form,
    request: {
      ...(level !== 'subdomain' ? { domains } : {}),
      ...(level !== 'domain' ? { subdomains: domains } : {}),
    },
  };
}
