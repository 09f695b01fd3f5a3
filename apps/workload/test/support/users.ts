import type { INestApplicationContext } from '@nestjs/common';
import { AccountsService } from '../../src/accounts/accounts.service';
import { DomainsService } from '../../src/domains/domains.service';

export interface TestUser {
  readonly username: string;
  readonly password: string;
  /** An `Authorization` header value. */
  readonly basic: string;
}

/** Creates a user with grants through the same services the CLI uses. */
export async function createUser(
  app: INestApplicationContext,
  username: string,
  grants: { domains?: string[]; subdomains?: string[] } = {},
): Promise<TestUser> {
  const password = `${username}-password-0123`;
  await app.get(AccountsService).upsertUser(username, { password });
  if (grants.domains?.length || grants.subdomains?.length) {
    await app.get(DomainsService).allow(username, grants);
  }
  return {
    username,
    password,
    basic: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
  };
}
