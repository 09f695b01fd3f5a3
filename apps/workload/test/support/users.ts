import type { INestApplicationContext } from '@nestjs/common';
import { AccountsService } from '../../src/accounts/accounts.service';
import { DomainsService } from '../../src/domains/domains.service';
import { AuthenticationService } from '../../src/identity/authentication.service';
import { HashPool } from '../../src/passwords/hash-pool';
import { verifyPassword } from '../../src/passwords/password-hashing';

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

/** Whether a username and password authenticate, as a request from loopback would. */
export async function authenticates(
  app: INestApplicationContext,
  username: string,
  password: string,
): Promise<boolean> {
  const user = await app
    .get(AuthenticationService)
    .authenticate(username, password, { address: '127.0.0.1' });
  return user !== null;
}

/** Whether a password matches a stored hash (computed as the service does, on a hashing thread). */
export async function matchesStoredHash(password: string, stored: string): Promise<boolean> {
  const pool = new HashPool(1);
  try {
    return (await verifyPassword(pool, password, stored)).ok;
  } finally {
    await pool.close();
  }
}
