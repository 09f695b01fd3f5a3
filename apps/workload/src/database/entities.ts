import { User } from '../accounts/user.entity';
import { DomainPermission } from '../domains/domain-permission.entity';
import { Domain } from '../domains/domain.entity';

export const ENTITIES = [User, Domain, DomainPermission];
