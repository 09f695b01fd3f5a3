import { z } from 'zod';
import { apiSchemas } from '../common/api-schemas';
import { body, queryText, text } from '../common/input-fields';

// The name rules are the domain service's (normalizeDomain): it answers for them.
const fqdn = text({ maxLength: 255 }).meta({
  example: 'example.com',
  description: 'Without the `_acme-challenge.` prefix; any case, a trailing dot is optional.',
});

/** POST and PUT. */
export const domainBody = body({ fqdn })
  .meta({ description: 'A domain to add, or its new name.' })
  .register(apiSchemas, { id: 'DomainInput' });

/** PATCH: without a name, nothing changes. */
export const domainPatchBody = body({ fqdn: fqdn.optional() })
  .meta({ description: 'A domain’s new name, if any (PATCH).' })
  .register(apiSchemas, { id: 'DomainPatch' });

export const domainsQuery = z.object({
  fqdn: queryText('Only this domain (any case, with or without a trailing dot).'),
});
