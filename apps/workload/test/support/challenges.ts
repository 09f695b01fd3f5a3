import { randomBytes } from 'node:crypto';
import type supertest from 'supertest';
import type { Engine } from './databases';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './test-app';
import { createUser, type TestUser } from './users';

/** A TXT value as lego sends them. */
export const txtValue = (): string => randomBytes(32).toString('base64url');

export interface ChallengeApp {
  readonly environment: TestEnvironment;
  readonly testApp: TestApp;
  /** The bare zone repository the service pushes to. */
  readonly remote: string;
  /** May manage example.com, example.co.uk and everything below example.com and example.org. */
  readonly alice: TestUser;
  /** May manage example.net only. */
  readonly mallory: TestUser;
}

type Post = (body: unknown, user?: TestUser) => supertest.Test;

/**
 * The service over four zones with alice and mallory, started before the describe block's tests
 * and stopped after them; `current()` is valid inside tests and hooks.
 */
export function useChallengeApp(engine: Engine): {
  current: () => ChallengeApp;
  present: Post;
  cleanup: Post;
} {
  let app: ChallengeApp | undefined;
  const current = () => {
    if (!app) throw new Error('the challenge app is not started yet');
    return app;
  };
  const post =
    (path: string): Post =>
    (body, user = current().alice) =>
      current()
        .testApp.http.post(path)
        .set('Authorization', user.basic)
        .send(body as object);

  beforeAll(async () => {
    const environment = await createTestEnvironment(engine, {
      zones: ['example.com', 'example.org', 'example.co.uk', 'sub.example.com'],
    });
    const testApp = await startTestApp(environment);
    const alice = await createUser(testApp.app, 'alice', {
      domains: ['example.com', 'example.co.uk'],
      subdomains: ['example.com', 'example.org'],
    });
    const mallory = await createUser(testApp.app, 'mallory', { domains: ['example.net'] });
    app = { environment, testApp, remote: environment.remote, alice, mallory };
  });

  afterAll(async () => {
    await app?.testApp.close();
    await app?.environment.cleanup();
  });

  return { current, present: post('/present'), cleanup: post('/cleanup') };
}
