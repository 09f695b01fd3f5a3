import { z } from 'zod';
import { apiSchemas } from '../common/api-schemas';
import { body, text } from '../common/input-fields';

export const tokenObtainBody = body({
  username: text({ maxLength: 150 }).meta({ example: 'lego-bot' }),
  password: text({ maxLength: 1024 }).meta({ writeOnly: true }),
}).register(apiSchemas, { id: 'TokenObtain' });

export const tokenRefreshBody = body({
  refresh: text().meta({ description: 'A refresh token not used before.' }),
}).register(apiSchemas, { id: 'TokenRefresh' });

export const tokenPair = z
  .object({ refresh: z.string(), access: z.string() })
  .meta({
    description:
      'JSON Web Tokens (HS256). Send the access token as `Authorization: Bearer <access>`; spend the refresh token once for a new pair.',
  })
  .register(apiSchemas, { id: 'TokenPair' });
