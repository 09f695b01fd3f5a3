import { z } from 'zod';
import { checkNewPassword, checkUsername } from '../accounts/username';
import { AppError } from '../common/app-error';
import { formText, searchQuery, text } from '../common/input-fields';
import { byRule } from '../common/request-input';
import { InvalidNetworkError, parseNetwork } from '@hlp/config';

// A user's fields, with the rules the REST API, the admin pages and the CLI share.

export const username = text({ maxLength: 150 })
  .transform(byRule(checkUsername, AppError))
  .meta({ description: '1 to 150 letters, digits and . @ + - _', example: 'lego-bot' });

/** Loose, as Django's EmailValidator is in practice: one @, no spaces, a dot after it. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const INVALID_EMAIL = 'Enter a valid email address.';

/** An email address, or blank for none. */
export const email = text({ allowBlank: true, maxLength: 254 })
  .refine((value) => value === '' || EMAIL.test(value), INVALID_EMAIL)
  .meta({ format: 'email', example: 'ops@example.com' });

export const newPassword = text().transform(byRule(checkNewPassword, AppError)).meta({
  writeOnly: true,
  minLength: 12,
  description: 'Stored hashed. Setting it ends the user’s refresh tokens.',
});

/** A list of CIDR networks, or one comma-separated string (forms); blanks are dropped. */
export const allowedNetworks = z
  .union([z.array(z.string()), z.string().transform((value) => value.split(','))], {
    error: 'Expected a list of networks such as 10.0.0.0/8.',
  })
  .transform((items) => items.map((item) => item.trim()).filter((item) => item !== ''))
  .pipe(
    z.array(
      z
        .string()
        .transform(
          byRule((network: string) => (parseNetwork(network), network), InvalidNetworkError),
        ),
    ),
  )
  .meta({
    description: 'Networks (CIDR, IPv4 or IPv6) the user may connect from; empty: anywhere.',
    example: ['10.0.0.0/8', '2001:db8::/32'],
  });

/** The admin pages' new-user form: the password is generated. */
export const newUserForm = z.object({
  username: formText.transform((value) => value.trim()),
  email: formText
    .transform((value) => value.trim())
    .refine((value) => value === '' || EMAIL.test(value), INVALID_EMAIL),
});

/** The users page's search: as long as a username may be. */
export const userSearch = searchQuery(150);

/** A yes/no form button (`value=true`): anything else is no. */
export const switchForm = z.object({
  value: formText.transform((value) => value === 'true'),
});
