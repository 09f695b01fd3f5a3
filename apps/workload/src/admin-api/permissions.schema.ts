import { z } from 'zod';
import { accessLevel, grantNote } from '../administration/grant-input.schema';
import type { PermissionFields } from '../administration/administration.service';
import { apiSchemas } from '../common/api-schemas';
import { body, queryText, reference } from '../common/input-fields';

const fields = {
  user: reference().meta({ description: 'The user’s id.', example: 3 }),
  domain: reference().meta({ description: 'The domain’s id.', example: 1 }),
  access_level: accessLevel,
  text: grantNote.nullable().optional(),
};

/** POST and PUT: a grant, whole; no note is null. */
export const grantBody = body(fields)
  .meta({ description: 'A grant: a user may manage a domain.' })
  .transform((grant): PermissionFields => ({
    userId: grant.user,
    domainId: grant.domain,
    accessLevel: grant.access_level,
    text: grant.text ?? null,
  }))
  .register(apiSchemas, { id: 'GrantInput' });

/** PATCH: the fields given, over the grant's current ones. */
export const grantPatchBody = body({
  user: fields.user.optional(),
  domain: fields.domain.optional(),
  access_level: accessLevel.optional(),
  text: fields.text,
})
  .meta({ description: 'Some of a grant’s fields (PATCH).' })
  .transform((grant) => (current: PermissionFields): PermissionFields => ({
    userId: grant.user ?? current.userId,
    domainId: grant.domain ?? current.domainId,
    accessLevel: grant.access_level ?? current.accessLevel,
    text: grant.text === undefined ? current.text : grant.text,
  }))
  .register(apiSchemas, { id: 'GrantPatch' });

export const grantsQuery = z.object({
  username: queryText('Only this user’s grants.'),
  fqdn: queryText('Only grants on this domain.'),
});
