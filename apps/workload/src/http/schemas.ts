import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ACCESS_LEVELS, type AccessLevel } from '../domains/access-level';

// The shapes of the API, for the OpenAPI document only: requests are read by hand (fields.ts)
// and answers built by representations.ts, in the Python service's field names.

@ApiSchema({ name: 'Error', description: 'Every error answer.' })
export class ErrorSchema {
  @ApiProperty({ example: 'invalid_input', description: 'A stable code for programs.' })
  error: string;

  @ApiProperty({ example: 'invalid username: This field is required.' })
  message: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'For invalid input: a message per offending field.',
    example: { username: 'This field is required.' },
  })
  fields?: Record<string, string>;
}

@ApiSchema({ name: 'User', description: 'A user, as the Python service shows it.' })
export class UserSchema {
  @ApiProperty({
    readOnly: true,
    format: 'uri-reference',
    description:
      'Absolute when HLP_PUBLIC_URL is set or HLP_ALLOWED_HOSTS lists names; relative when any host is allowed.',
    example: 'https://lego.example.com/api/v1/users/3/',
  })
  url: string;

  @ApiProperty({ maxLength: 150, pattern: '^[\\w.@+-]+$', example: 'lego-bot' })
  username: string;

  @ApiPropertyOptional({ format: 'email', maxLength: 254, example: 'ops@example.com' })
  email: string;

  @ApiPropertyOptional({
    type: 'integer',
    isArray: true,
    description: 'Django groups: there are none here; always empty.',
    example: [],
  })
  groups: number[];

  @ApiPropertyOptional({
    type: 'string',
    isArray: true,
    description: 'Networks (CIDR, IPv4 or IPv6) the user may connect from; empty: anywhere.',
    example: ['10.0.0.0/8', '2001:db8::/32'],
  })
  allowed_networks: string[];

  @ApiPropertyOptional({
    writeOnly: true,
    minLength: 12,
    description: 'Write-only; stored hashed. Setting it ends the user’s refresh tokens.',
  })
  password?: string;
}

@ApiSchema({ name: 'NewUser', description: 'A user to create: a password is required.' })
export class NewUserSchema {
  @ApiProperty({ maxLength: 150, pattern: '^[\\w.@+-]+$', example: 'lego-bot' })
  username: string;

  @ApiPropertyOptional({ format: 'email', maxLength: 254 })
  email?: string;

  @ApiPropertyOptional({
    type: 'integer',
    isArray: true,
    description: 'Must be empty.',
    example: [],
  })
  groups?: number[];

  @ApiProperty({ writeOnly: true, minLength: 12 })
  password: string;
}

@ApiSchema({ name: 'Domain' })
export class DomainSchema {
  @ApiProperty({ readOnly: true, example: 1 })
  id: number;

  @ApiProperty({
    maxLength: 237,
    example: 'example.com',
    description:
      'Without the `_acme-challenge.` prefix; stored lower-case, without a trailing dot.',
  })
  fqdn: string;
}

@ApiSchema({ name: 'DomainUserPermission', description: 'A grant: a user may manage a domain.' })
export class DomainUserPermissionSchema {
  @ApiProperty({ readOnly: true, example: 1 })
  id: number;

  @ApiProperty({ description: 'The user’s id.', example: 3 })
  user: number;

  @ApiProperty({ description: 'The domain’s id.', example: 1 })
  domain: number;

  @ApiProperty({
    enum: ACCESS_LEVELS,
    example: 'subdomain',
    description:
      '`domain`: `_acme-challenge.<fqdn>` itself. `subdomain`: the challenge names of every name strictly below it.',
  })
  access_level: AccessLevel;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255, description: 'A note.' })
  text: string | null;
}

@ApiSchema({ name: 'TokenObtain' })
export class TokenObtainSchema {
  @ApiProperty({ example: 'lego-bot' })
  username: string;

  @ApiProperty({ writeOnly: true })
  password: string;
}

@ApiSchema({ name: 'TokenRefresh' })
export class TokenRefreshSchema {
  @ApiProperty({ description: 'A refresh token not used before.' })
  refresh: string;
}

@ApiSchema({
  name: 'TokenPair',
  description:
    'JSON Web Tokens (HS256). Send the access token as `Authorization: Bearer <access>`; spend the refresh token once for a new pair.',
})
export class TokenPairSchema {
  @ApiProperty()
  refresh: string;

  @ApiProperty()
  access: string;
}
