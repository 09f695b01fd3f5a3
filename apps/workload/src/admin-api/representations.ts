import { z } from 'zod';
import type { User } from '../accounts/user.entity';
import type { AcmeDnsAccountSummary } from '../administration/administration.service';
import { apiSchemas } from '../common/api-schemas';
import { ACCESS_LEVELS } from '../domains/access-level';
import type { DomainPermission } from '../domains/domain-permission.entity';
import type { Domain } from '../domains/domain.entity';

// The Python service's shapes (its DRF serializers), field for field: the answers' types and
// their part of the OpenAPI document.

export const userRepresentation = z
  .object({
    url: z.string().meta({
      readOnly: true,
      format: 'uri-reference',
      description:
        'Absolute when HLP_PUBLIC_URL is set or HLP_ALLOWED_HOSTS lists names; relative when any host is allowed.',
      example: 'https://lego.example.com/api/v1/users/3/',
    }),
    username: z.string().meta({ example: 'lego-bot' }),
    email: z.string().meta({ format: 'email', example: 'ops@example.com' }),
    groups: z
      .array(z.int())
      .meta({ description: 'Django groups: there are none here; always empty.', example: [] }),
    allowed_networks: z.array(z.string()).meta({
      description: 'Networks (CIDR, IPv4 or IPv6) the user may connect from; empty: anywhere.',
      example: ['10.0.0.0/8', '2001:db8::/32'],
    }),
  })
  .meta({ description: 'A user, as the Python service shows it.' })
  .register(apiSchemas, { id: 'User' });

export const domainRepresentation = z
  .object({
    id: z.int().meta({ readOnly: true, example: 1 }),
    fqdn: z.string().meta({
      example: 'example.com',
      description:
        'Without the `_acme-challenge.` prefix; stored lower-case, without a trailing dot.',
    }),
  })
  .register(apiSchemas, { id: 'Domain' });

export const permissionRepresentation = z
  .object({
    id: z.int().meta({ readOnly: true, example: 1 }),
    text: z.string().nullable().meta({ description: 'A note.' }),
    access_level: z.enum(ACCESS_LEVELS).meta({ example: 'subdomain' }),
    domain: z.int().meta({ description: 'The domain’s id.', example: 1 }),
    user: z.int().meta({ description: 'The user’s id.', example: 3 }),
  })
  .meta({ description: 'A grant: a user may manage a domain.' })
  .register(apiSchemas, { id: 'DomainUserPermission' });

export type UserRepresentation = z.infer<typeof userRepresentation>;
export type DomainRepresentation = z.infer<typeof domainRepresentation>;
export type DomainUserPermissionRepresentation = z.infer<typeof permissionRepresentation>;

/** `origin` is what links start with (see `linkOrigin`); empty, they are relative. */
export function userUrl(origin: string, id: number): string {
  return `${origin}/api/v1/users/${id}/`;
}

export function representUser(origin: string, user: User): UserRepresentation {
  return {
    url: userUrl(origin, user.id),
    username: user.username,
    email: user.email,
    groups: [],
    allowed_networks: user.allowedNetworks ? user.allowedNetworks.split(',') : [],
  };
}

export function representDomain(domain: Domain): DomainRepresentation {
  return { id: domain.id, fqdn: domain.fqdn };
}

export function representPermission(
  permission: DomainPermission,
): DomainUserPermissionRepresentation {
  return {
    id: permission.id,
    text: permission.text,
    access_level: permission.accessLevel,
    domain: permission.domainId,
    user: permission.userId,
  };
}

export const acmeDnsAccountRepresentation = z
  .object({
    id: z.int().meta({ readOnly: true, description: 'The account’s user id.', example: 7 }),
    username: z
      .string()
      .meta({ description: '`X-Api-User`.', example: 'c36f50e8-4632-44f0-83fe-e070fef28a10' }),
    fulldomain: z
      .string()
      .meta({ example: '8e5700ea-a4bf-41c7-8a77-e990661dcc6a.acme.example.com' }),
    subdomain: z.string().meta({ example: '8e5700ea-a4bf-41c7-8a77-e990661dcc6a' }),
    allowfrom: z.array(z.string()).meta({ example: ['10.0.0.0/8'] }),
    created_at: z.string().meta({ format: 'date-time' }),
  })
  .meta({ description: 'An acme-dns account, without its key (shown only when registered).' })
  .register(apiSchemas, { id: 'AcmeDnsAccountSummary' });

export type AcmeDnsAccountRepresentation = z.infer<typeof acmeDnsAccountRepresentation>;

export function representAcmeDnsAccount(
  account: AcmeDnsAccountSummary,
): AcmeDnsAccountRepresentation {
  return {
    id: account.id,
    username: account.username,
    fulldomain: account.fulldomain,
    subdomain: account.subdomain,
    allowfrom: account.allowfrom,
    created_at: account.createdAt.toISOString(),
  };
}
