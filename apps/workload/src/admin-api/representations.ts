import type { Request } from 'express';
import type { User } from '../accounts/user.entity';
import type { AccessLevel } from '../domains/access-level';
import type { DomainPermission } from '../domains/domain-permission.entity';
import type { Domain } from '../domains/domain.entity';
import { requestOrigin } from './request-origin';

// The Python service's shapes (its DRF serializers), field for field.

export interface UserRepresentation {
  readonly url: string;
  readonly username: string;
  readonly email: string;
  readonly groups: number[];
  /** Networks (CIDR) the user may connect from; empty: anywhere. */
  readonly allowed_networks: string[];
}

export interface DomainRepresentation {
  readonly id: number;
  readonly fqdn: string;
}

export interface DomainUserPermissionRepresentation {
  readonly id: number;
  readonly text: string | null;
  readonly access_level: AccessLevel;
  readonly domain: number;
  readonly user: number;
}

export function userUrl(request: Request, id: number): string {
  return `${requestOrigin(request)}/api/v1/users/${id}/`;
}

export function representUser(request: Request, user: User): UserRepresentation {
  return {
    url: userUrl(request, user.id),
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
