import type { User } from '../accounts/user.entity';
import type { AccessLevel } from '../domains/access-level';
import type { DomainPermission } from '../domains/domain-permission.entity';
import type { Domain } from '../domains/domain.entity';

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
