import { User } from '../accounts/user.entity';
import { AdminSession } from '../identity/admin-session.entity';
import { RefreshToken } from '../identity/refresh-token.entity';
import { DomainPermission } from '../domains/domain-permission.entity';
import { Domain } from '../domains/domain.entity';

export const ENTITIES = [User, Domain, DomainPermission, RefreshToken, AdminSession];
