import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument } from '../src/http/openapi';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';

const CHECKED_IN = join(__dirname, '..', 'openapi.json');

describe('the OpenAPI document and /api/docs', () => {
  let environment: TestEnvironment;
  let testApp: TestApp;

  beforeAll(async () => {
    environment = await createTestEnvironment('sqlite');
    testApp = await startTestApp(environment);
  });

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
  });

  it('is what apps/workload/openapi.json holds (rewrite it: build, then node apps/workload/scripts/write-openapi.js)', async () => {
    const served = await testApp.http.get('/api/docs/openapi.json').expect(200);
    const checkedIn: unknown = JSON.parse(readFileSync(CHECKED_IN, 'utf8'));
    expect(served.body).toEqual(openApiDocument(testApp.app));
    expect(served.body).toEqual(checkedIn);
  });

  it('describes every route of the admin API, with the Python service’s trailing slashes', () => {
    const document = openApiDocument(testApp.app);
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/v1/auth/token/',
      '/api/v1/auth/token/refresh/',
      '/api/v1/domain-user-permissions/',
      '/api/v1/domain-user-permissions/{id}/',
      '/api/v1/domains/',
      '/api/v1/domains/{id}/',
      '/api/v1/users/',
      '/api/v1/users/{id}/',
      '/cleanup',
      '/present',
    ]);
    expect(Object.keys(document.paths['/api/v1/users/{id}/'])).toEqual([
      'get',
      'put',
      'patch',
      'delete',
    ]);
    expect(document.components?.securitySchemes).toEqual({
      basic: { type: 'http', scheme: 'basic' },
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    });
  });

  it('names a schema for every request body, both lego modes for /present and /cleanup', () => {
    const document = openApiDocument(testApp.app);
    const schemas = document.components?.schemas ?? {};
    const refs = (schema: object): string[] =>
      JSON.stringify(schema)
        .match(/#\/components\/schemas\/\w+/g)
        ?.map((ref) => ref.split('/').pop() as string) ?? [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of ['post', 'put', 'patch'] as const) {
        const operation = item[method];
        if (!operation) continue;
        const body = operation.requestBody as { content: Record<string, { schema: object }> };
        expect([path, method, Object.keys(body.content)]).toEqual([
          path,
          method,
          ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
        ]);
        const named = refs(body.content['application/json'].schema);
        expect(named.length).toBeGreaterThan(0);
        for (const name of named) expect(schemas).toHaveProperty(name);
      }
    }
    expect(new Set(refs(document.paths['/cleanup'].post?.requestBody as object))).toEqual(
      new Set(['Challenge', 'ChallengeRaw']),
    );
    expect(schemas.ChallengeRaw).toMatchObject({ required: ['domain', 'token', 'keyAuth'] });
  });

  it('serves a browsable reference from the app itself, nothing from elsewhere', async () => {
    const page = await testApp.http.get('/api/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const references = [...page.text.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map(
      (match) => match[1],
    );
    expect(references.length).toBeGreaterThan(2);
    for (const reference of references) expect(reference).not.toMatch(/^(https?:)?\/\//);
    await testApp.http.get('/api/docs/swagger-ui-bundle.js').expect(200);
    const init = await testApp.http.get('/api/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('"/api/v1/users/"');
    expect(init.text).toContain('"validatorUrl": null');
  });
});
