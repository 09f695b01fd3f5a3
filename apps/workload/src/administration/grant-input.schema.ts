import { z } from 'zod';
import { ACCESS_LEVELS } from '../domains/access-level';
import { formText, REQUIRED, text } from '../common/input-fields';

/** A grant's level, as the REST API names it. */
export const accessLevel = z
  .enum(ACCESS_LEVELS, {
    error: ({ input }) =>
      input === undefined ? REQUIRED : `"${String(input).slice(0, 40)}" is not a valid choice.`,
  })
  .meta({
    example: 'subdomain',
    description:
      '`domain`: `_acme-challenge.<fqdn>` itself. `subdomain`: the challenge names of every name strictly below it.',
  });

const MAX_NOTE_LENGTH = 255;

/** A note on a grant. */
export const grantNote = text({ allowBlank: true, maxLength: MAX_NOTE_LENGTH }).meta({
  description: 'A note.',
});

/** Several fields of one name (checkboxes): the texts among them. */
const formList = z
  .union([
    z.string().transform((value) => [value]),
    z
      .array(z.unknown())
      .transform((items) => items.filter((item): item is string => typeof item === 'string')),
  ])
  .catch([]);

/**
 * The admin pages' grant form: names separated by spaces, commas or semicolons; `both` grants
 * domain and subdomain access; anything else subdomain access.
 */
export const grantForm = z.object({
  names: formText
    .transform((names) => names.split(/[\s,;]+/).filter((name) => name !== ''))
    .pipe(z.array(z.string()).min(1, 'Give at least one domain.')),
  level: z.enum(['domain', 'subdomain', 'both']).catch('subdomain'),
  note: formText
    .transform((note) => note.trim())
    .pipe(
      z
        .string()
        .max(MAX_NOTE_LENGTH, `The note must be at most ${MAX_NOTE_LENGTH} characters long.`),
    ),
});

/** The admin pages' revoke form: checked `grant` boxes, `domain:<name>` or `subdomain:<name>`. */
export const revokeForm = z.object({ grant: formList }).transform(({ grant }) => ({
  domains: grant.filter((item) => item.startsWith('domain:')).map((item) => item.slice(7)),
  subdomains: grant.filter((item) => item.startsWith('subdomain:')).map((item) => item.slice(10)),
}));
