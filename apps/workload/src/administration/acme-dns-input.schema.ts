import { z } from 'zod';
import { AcmeDnsError, normalizeAllowFrom } from '../acme-dns/wire';
import { apiSchemas } from '../common/api-schemas';
import { body } from '../common/input-fields';
import { byRule } from '../common/request-input';
import { InvalidNameError, normalizeDomain } from '../domains/domain-name';

// An administrator's request for an acme-dns account, the same from the REST API (JSON or a
// form), the admin page's form and the CLI's options.

/** A list of CIDR networks or one comma-separated string; blanks dropped; acme-dns's own check. */
const allowfrom = z
  .union([z.array(z.string()), z.string().transform((value) => value.split(',')), z.null()], {
    error: 'Expected a list of networks such as 10.0.0.0/8.',
  })
  .transform((items) => (items ?? []).map((item) => item.trim()).filter((item) => item !== ''))
  .transform(byRule(normalizeAllowFrom, AcmeDnsError))
  .meta({
    description:
      'Networks (CIDR) the account may call `/update` from (its `allowfrom`), as a list or one comma-separated string; none: anywhere.',
    example: ['10.0.0.0/8'],
  });

/** The name the account validates, for the storage file; blank is none. */
const domain = z
  .string({ error: 'Expected a name such as example.com.' })
  .transform((value) => value.trim())
  .transform((value) => (value === '' ? undefined : value))
  .transform(byRule((value?: string) => value && normalizeDomain(value), InvalidNameError))
  .meta({
    description:
      'The name the account validates (`_acme-challenge.<domain>` is CNAMEd to its `fulldomain`): the answer is then the storage file of lego and cert-manager, the account under this name.',
    example: 'example.com',
  });

export const acmeDnsAccountRequest = body({
  allowfrom: allowfrom.optional(),
  domain: domain.optional(),
})
  .meta({ description: 'An acme-dns account to register; every field is optional.' })
  .transform((request) => ({ allowFrom: request.allowfrom ?? [], domain: request.domain }))
  .register(apiSchemas, { id: 'AcmeDnsAccountRequest' });

export type AcmeDnsAccountRequest = z.output<typeof acmeDnsAccountRequest>;
