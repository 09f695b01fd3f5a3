import type { INestApplicationContext } from '@nestjs/common';
import { AccountsService } from '../../src/accounts/accounts.service';
import type { TestUser } from './users';

/** An administrator, created as `create-superuser` does. */
export async function createAdmin(
  app: INestApplicationContext,
  username: string,
): Promise<TestUser> {
  const password = `${username}-password-0123`;
  await app.get(AccountsService).upsertUser(username, { password, isAdmin: true });
  return {
    username,
    password,
    basic: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
  };
}
