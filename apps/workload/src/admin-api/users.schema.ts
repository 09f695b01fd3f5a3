import { z } from 'zod';
import type { UserChanges } from '../accounts/accounts.service';
import { allowedNetworks, email, newPassword, username } from '../administration/user-input.schema';
import { apiSchemas } from '../common/api-schemas';
import { body, queryText } from '../common/input-fields';

/** Django groups do not exist here: an empty list is what the Python service's clients send. */
const groups = z
  .preprocess(
    (value) => (value === '' ? [] : Array.isArray(value) ? value : [value]),
    z.array(z.unknown()).max(0, {
      error: ({ input }) =>
        `Invalid pk "${String((input as unknown[])[0])}" - object does not exist.`,
    }),
  )
  .meta({ description: 'Django groups: there are none here; must be empty.', example: [] });

// Anything else (is_staff, is_superuser, is_active…) is ignored, as DRF ignores unknown fields:
// privileges are never set through this resource.
const fields = {
  username,
  email: email.optional(),
  password: newPassword.optional(),
  groups: groups.optional(),
  allowed_networks: allowedNetworks.optional(),
};

function changes(user: {
  username?: string;
  email?: string;
  password?: string;
  allowed_networks?: string[];
}): UserChanges {
  return {
    username: user.username,
    email: user.email,
    password: user.password,
    allowedNetworks: user.allowed_networks,
  };
}

/** POST: a password is required; never an administrator. */
export const newUserBody = body({ ...fields, password: newPassword })
  .meta({ description: 'A user to create: a password is required.' })
  .transform((user) => ({ ...changes(user), username: user.username, password: user.password }))
  .register(apiSchemas, { id: 'NewUser' });

/** PUT: every field; a blank email when none is given, the password only when given. */
export const userBody = body(fields)
  .meta({ description: 'A user’s fields (PUT).' })
  .transform((user) => ({ ...changes(user), email: user.email ?? '' }))
  .register(apiSchemas, { id: 'UserUpdate' });

/** PATCH: the fields given. */
export const userPatchBody = body({ ...fields, username: username.optional() })
  .meta({ description: 'Some of a user’s fields (PATCH).' })
  .transform(changes)
  .register(apiSchemas, { id: 'UserPatch' });

export const usersQuery = z.object({
  username: queryText('Only the user with exactly this username.'),
});
