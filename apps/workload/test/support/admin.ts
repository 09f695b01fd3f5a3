import type { INestApplicationContext } from '@nestjs/common';
import { AccountsService } from '../../src/accounts/accounts.service';
import type { TestApp } from './test-app';
import type { TestUser } from './users';

const ADMIN_API_HOST = 'lego.example.com';

/** Listed hosts: the admin API's links are absolute, as the Python service's (see test/links.spec.ts). */
export const ADMIN_API_ENVIRONMENT = { env: { HLP_ALLOWED_HOSTS: `${ADMIN_API_HOST},127.0.0.1` } };

/** Requests to the admin REST API with a user's Basic credentials. */
export function adminApiAs(testApp: TestApp, user: TestUser) {
  const as = (test: ReturnType<TestApp['http']['get']>) =>
    test.set('Host', ADMIN_API_HOST).set('Authorization', user.basic);
  return {
    get: (path: string) => as(testApp.http.get(path)),
    post: (path: string, body?: object) => as(testApp.http.post(path)).send(body),
    put: (path: string, body?: object) => as(testApp.http.put(path)).send(body),
    patch: (path: string, body?: object) => as(testApp.http.patch(path)).send(body),
    delete: (path: string) => as(testApp.http.delete(path)),
  };
}

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
