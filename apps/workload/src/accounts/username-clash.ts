import type { EntityManager } from 'typeorm';
import { User } from './user.entity';

/**
 * The user whose username equals `username` whatever the case, compared as the database's
 * unique index on `lower(username)` compares them; null when the name is free.
 */
export function findUsernameClash(manager: EntityManager, username: string): Promise<User | null> {
  return manager
    .createQueryBuilder(User, 'account')
    .where('lower(account.username) = lower(:username)', { username })
    .getOne();
}
